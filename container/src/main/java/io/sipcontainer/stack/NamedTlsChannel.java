package io.sipcontainer.stack;

import java.io.IOException;
import java.net.InetAddress;

import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsMessageChannel;
import gov.nist.javax.sip.stack.SIPClientTransaction;
import gov.nist.javax.sip.stack.SIPTransactionErrorEvent;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import io.sipcontainer.tls.OutgoingHandshake;

/**
 * A TLS connection this server opens, for one SIP domain (the host of the URI the request was
 * routed by, RFC 5922 7.1). Each SSL engine it makes, the first and those of a reconnection, is made
 * for that domain ({@link OutgoingHandshake}): the handshake sends it as SNI and, with
 * {@code verify_certificate}, the server's certificate must name it.
 *
 * <p>A handshake that fails (a certificate for another name, a TLS alert) fails at once the client
 * transactions waiting on the connection, as a transport error (RFC 3261 8.1.3.1): the stack
 * reports them as timed out, so a caller hears within a moment rather than after Timer B.
 */
final class NamedTlsChannel extends NioTlsMessageChannel {
    /** The domain while the RI's constructor makes the first engine, before {@link #domain} is set. */
    private static final ThreadLocal<String> OPENING = new ThreadLocal<>();
    private String domain;
    private volatile boolean established;

    private NamedTlsChannel(InetAddress address, int port, SIPTransactionStack stack,
            NioTcpMessageProcessor processor, String domain) throws IOException {
        super(address, port, stack, processor);
        this.domain = domain;
        this.isCached = true;
    }

    /** Connects to {@code address:port} for {@code domain} (null: the address is the identity). */
    static NamedTlsChannel open(InetAddress address, int port, SIPTransactionStack stack,
            NioTcpMessageProcessor processor, String domain) throws IOException {
        String identity = domain != null ? domain : address.getHostAddress();
        OPENING.set(identity);
        try {
            return new NamedTlsChannel(address, port, stack, processor, identity);
        } finally {
            OPENING.remove();
        }
    }

    /** The SIP domain the server's certificate is checked against. */
    String domain() {
        return domain != null ? domain : OPENING.get();
    }

    @Override
    public void init(boolean clientMode) throws Exception {
        String d = domain();
        if (!clientMode || d == null) {
            super.init(clientMode);
            return;
        }
        OutgoingHandshake.forDomain(d, () -> {
            super.init(true);
            return null;
        });
    }

    @Override
    public void addPlaintextBytes(byte[] bytes) throws Exception {
        established = true;
        super.addPlaintextBytes(bytes);
    }

    @Override
    protected void addBytes(byte[] bytes) throws Exception {
        try {
            super.addBytes(bytes);
        } catch (Exception e) {
            if (!established) {
                failWaitingTransactions();
            }
            throw e;
        }
    }

    private void failWaitingTransactions() {
        if (sipStack instanceof OrderedSipStack stack) {
            for (SIPClientTransaction t : stack.clientTransactionsOn(this)) {
                t.raiseErrorEvent(SIPTransactionErrorEvent.TRANSPORT_ERROR);
            }
        }
    }
}
