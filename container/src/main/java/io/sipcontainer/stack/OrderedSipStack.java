package io.sipcontainer.stack;

import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;

import javax.sip.PeerUnavailableException;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.SIPTransaction;

/**
 * The JAIN-SIP RI stack, with its own {@link CallIdLanes} for the messages its connection-oriented
 * transports parse. The RI keeps that executor in a static field shared by every stack of the JVM,
 * which any stack's {@code stop()} shuts down; this stack's lanes are its own.
 */
final class OrderedSipStack extends SipStackImpl {
    private final int laneCount;
    private volatile CallIdLanes lanes;

    OrderedSipStack(Properties properties) throws PeerUnavailableException {
        super(properties);
        // as the RI sizes its own: the worker pool size, or 16 without one
        laneCount = threadPoolSize > 0 ? threadPoolSize : 16;
    }

    /**
     * Every server transaction is a {@link LeanServerTransaction}. The RI's own version of this method
     * also drops requests at random near {@code MAX_SERVER_TRANSACTIONS}, which this stack never sets
     * (overload control is the front valve's).
     */
    @Override
    public gov.nist.javax.sip.stack.SIPServerTransaction createServerTransaction(
            gov.nist.javax.sip.stack.MessageChannel channel) {
        return new LeanServerTransaction(this, channel);
    }

    /** Every client transaction is a {@link LeanClientTransaction}; otherwise as the RI's own. */
    @Override
    public gov.nist.javax.sip.stack.SIPClientTransaction createClientTransaction(SIPRequest request,
            gov.nist.javax.sip.stack.MessageChannel channel) {
        LeanClientTransaction transaction = new LeanClientTransaction(this, channel);
        transaction.setOriginalRequest(request);
        return transaction;
    }

    @Override
    public ScheduledExecutorService getSelfRoutingThreadpoolExecutor() {
        CallIdLanes l = lanes;
        if (l == null) {
            synchronized (this) {
                l = lanes;
                if (l == null) {
                    l = new CallIdLanes(laneCount > 0 ? laneCount : 16, "sip-stack-" + getStackName());
                    lanes = l;
                }
            }
        }
        return l;
    }

    @Override
    public SIPTransaction findCancelTransaction(SIPRequest cancel, boolean isServer) {
        Via via = cancel.getTopmostVia();
        String branch = via == null ? null : via.getBranch();
        if (branch == null || !branch.regionMatches(true, 0, MAGIC_COOKIE, 0, MAGIC_COOKIE.length())) {
            return super.findCancelTransaction(cancel, isServer); // RFC 2543 peer: no key to look up
        }
        // an RFC 3261 INVITE transaction is keyed by its branch; its CANCEL shares the branch
        SIPTransaction invite = findTransaction(branch.toLowerCase(Locale.ROOT), isServer);
        return invite != null && invite.doesCancelMatchTransaction(cancel) ? invite : null;
    }

    private static final String MAGIC_COOKIE = "z9hG4bK";

    /** The client transactions whose requests go out on {@code channel} (those a failed handshake fails). */
    java.util.List<gov.nist.javax.sip.stack.SIPClientTransaction> clientTransactionsOn(
            gov.nist.javax.sip.stack.MessageChannel channel) {
        java.util.List<gov.nist.javax.sip.stack.SIPClientTransaction> on = new java.util.ArrayList<>();
        for (gov.nist.javax.sip.stack.SIPClientTransaction t : clientTransactionTable.values()) {
            if (t.getMessageChannel() == channel) {
                on.add(t);
            }
        }
        return on;
    }

    /**
     * As the RI's, without its blind second at the end: {@link WaitTimer#stop} interrupts the
     * RI's sleep, and the flag is cleared here, the caller's own restored. A server's stop, and
     * every test's, took a second longer for nothing.
     */
    @Override
    public void stopStack() {
        boolean callerInterrupted = Thread.interrupted();
        try {
            super.stopStack();
        } finally {
            Thread.interrupted();
            if (callerInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void stop() {
        super.stop();
        CallIdLanes l = lanes;
        if (l != null) {
            l.shutdown();
        }
    }
}
