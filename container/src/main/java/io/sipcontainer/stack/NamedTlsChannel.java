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
 * <p>A request for another domain that would reuse the connection (its next hop resolved to the
 * same address and port) is let onto it only when the server's certificate speaks for that domain
 * too ({@link #speaksFor}, with {@code verify_certificate}); see {@link TlsListenerProcessor}.
 *
 * <p>A handshake that fails (a certificate for another name, a TLS alert) fails at once the client
 * transactions waiting on the connection, as a transport error (RFC 3261 8.1.3.1): the stack
 * reports them as timed out, so a caller hears within a moment rather than after Timer B.
 */
final class NamedTlsChannel extends NioTlsMessageChannel {
    /** The domain while the RI's constructor makes the first engine, before {@link #domain} is set. */
    private static final ThreadLocal<String> OPENING = new ThreadLocal<>();
    private static final java.lang.reflect.Field STATE_MACHINE = field(NioTlsMessageChannel.class, "sslStateMachine");
    private static final java.lang.reflect.Field ENGINE = field(gov.nist.javax.sip.stack.SSLStateMachine.class,
            "sslEngine");
    private String domain;
    private volatile boolean established;
    /** Other domains the server's certificate was found to speak for, so requests for them may share the connection. */
    private final java.util.Set<String> alsoFor = java.util.concurrent.ConcurrentHashMap.newKeySet();

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

    /**
     * RFC 5922 7.1 for a request to {@code other}, a domain this connection was not opened for: true
     * when the certificate the server presented speaks for it too ({@link ServerIdentity}), so the
     * request may go over this connection; false when it does not, or when the handshake has not
     * completed yet (nothing to check: the request must not ride on a connection that may turn out
     * to be another domain's).
     */
    boolean speaksFor(String other) {
        if (other.equalsIgnoreCase(domain()) || alsoFor.contains(other.toLowerCase(java.util.Locale.ROOT))) {
            return true;
        }
        java.security.cert.Certificate[] chain = peerCertificates();
        if (chain.length > 0 && chain[0] instanceof java.security.cert.X509Certificate x509
                && io.sipcontainer.tls.ServerIdentity.matches(x509, other)) {
            alsoFor.add(other.toLowerCase(java.util.Locale.ROOT));
            return true;
        }
        return false;
    }

    /** The server's certificates once the handshake has completed; none before. */
    private java.security.cert.Certificate[] peerCertificates() {
        if (!isHandshakeCompleted()) {
            return new java.security.cert.Certificate[0];
        }
        try {
            Object machine = STATE_MACHINE.get(this);
            javax.net.ssl.SSLEngine engine = machine == null ? null : (javax.net.ssl.SSLEngine) ENGINE.get(machine);
            return engine == null ? new java.security.cert.Certificate[0] : engine.getSession().getPeerCertificates();
        } catch (IllegalAccessException | javax.net.ssl.SSLPeerUnverifiedException e) {
            return new java.security.cert.Certificate[0];
        }
    }

    private static java.lang.reflect.Field field(Class<?> owner, String name) {
        try {
            java.lang.reflect.Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a JAIN-SIP upgrade renamed it: fail at start rather than reuse connections unchecked
            throw new IllegalStateException("JAIN-SIP's " + owner.getSimpleName() + " has no " + name + " field", e);
        }
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
