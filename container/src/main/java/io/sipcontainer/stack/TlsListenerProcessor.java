package io.sipcontainer.stack;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;

import gov.nist.core.HostPort;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import io.sipcontainer.tls.TlsCertificates;

/**
 * JAIN-SIP's NIO TLS transport with the container's certificates instead of the stack's key store
 * properties: each listener gets SSL contexts from {@link TlsCertificates} for its own address, so
 * the {@code [server:IP:PORT]} profile (its protocols and client-certificate policy too, which the
 * contexts' engines hold against the stack-wide {@code TLS_CLIENT_PROTOCOLS} and
 * {@code TLS_CLIENT_AUTH_TYPE}), SNI and {@code tls.reload} apply to it. Connections it opens are
 * kept for reuse as over TCP ({@link ReusingNioTcpMessageProcessor}); those peers open are held to
 * the TCP limits ({@link AcceptedTlsChannel}).
 *
 * <p>The RI keeps the contexts in package-private fields filled by {@code init()}, which its
 * constructor calls; this class overrides {@code init()} and fills them by reflection.
 */
final class TlsListenerProcessor extends NioTlsMessageProcessor {
    private static final Map<String, TlsCertificates> BY_STACK = new ConcurrentHashMap<>();
    private static final Field SERVER_CONTEXT = field("sslServerCtx");
    private static final Field CLIENT_CONTEXT = field("sslClientCtx");
    private final OpenConnections connections = new OpenConnections("TLS");
    private final TcpAcceptLimits limits;
    private final long msgReadTimeoutMillis;
    private final HaproxyPolicy haproxy;

    TlsListenerProcessor(InetAddress address, SIPTransactionStack stack, int port) {
        super(address, stack, port);
        nioHandler = new ReusingNioTcpMessageProcessor.ReusingNioHandler(stack, this);
        java.util.Properties p = stack instanceof SipStackImpl s ? s.getConfigurationProperties() : null;
        limits = new TcpAcceptLimits(ReusingNioTcpMessageProcessor.intProperty(p, StackProperties.TCP_MAX_CONNECTIONS,
                2048), ReusingNioTcpMessageProcessor.intProperty(p, StackProperties.TCP_ACCEPT_IPLIMIT, 1024));
        msgReadTimeoutMillis = ReusingNioTcpMessageProcessor.intProperty(p, StackProperties.TCP_MSG_READ_TIMEOUT_MS,
                20_000);
        haproxy = HaproxyPolicy.from(p);
    }

    /** The certificates the TLS listeners of the stack named {@code stackName} use. */
    static void register(String stackName, TlsCertificates certificates) {
        BY_STACK.put(stackName, certificates);
    }

    static void unregister(String stackName) {
        BY_STACK.remove(stackName);
    }

    /**
     * Accepted connections: the RI makes their channel here. One past {@code tcp_max_connections} or
     * {@code tcp_accept_iplimit} is closed at once (before any handshake); the others are held to
     * {@code tcp_msg_read_timeout} and remembered for {@code tls.list}.
     */
    @Override
    public NioTcpMessageChannel createMessageChannel(NioTcpMessageProcessor processor, SocketChannel client)
            throws IOException {
        NioTcpMessageChannel existing = nioHandler.getMessageChannel(client);
        if (existing != null) {
            return existing;
        }
        InetAddress peer = ((InetSocketAddress) client.getRemoteAddress()).getAddress();
        if (!limits.tryAcquire(peer)) {
            client.close();
            throw new IOException("TLS connection from " + peer.getHostAddress() + " refused: tcp_max_connections"
                    + " or tcp_accept_iplimit reached (" + limits.open() + " open)");
        }
        AcceptedTlsChannel channel;
        try {
            Runnable closed = ClosedConnections.onClose(sipStack, "TLS", client);
            channel = new AcceptedTlsChannel(this, client, () -> {
                limits.release(peer);
                closed.run();
            }, msgReadTimeoutMillis, haproxy);
        } catch (IOException | RuntimeException e) {
            limits.release(peer);
            throw e;
        }
        nioHandler.putMessageChannel(client, channel);
        return connections.add(channel, "in");
    }

    /** The SIP domain of the next connection this thread opens, as the router saw it: {@link #expectDomain}. */
    private static final ThreadLocal<String[]> NEXT_DOMAIN = new ThreadLocal<>();

    /**
     * The stack's router located a request for {@code domain} at {@code host:port} over TLS; the
     * connection the stack opens next on this thread for that address (if it opens one) is for that
     * domain (SNI, RFC 5922 check). The router and the channel's creation run on the sending thread,
     * one right after the other.
     */
    static void expectDomain(String domain, String host, int port) {
        NEXT_DOMAIN.set(new String[] {domain, unbracket(host), Integer.toString(port)});
    }

    private static String takeDomain(String host, int port) {
        String[] next = NEXT_DOMAIN.get();
        NEXT_DOMAIN.remove();
        return next != null && next[1].equalsIgnoreCase(unbracket(host)) && next[2].equals(Integer.toString(port))
                ? next[0] : null;
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** As the RI's, but the connection is a {@link NamedTlsChannel} for the domain the router saw. */
    @Override
    public MessageChannel createMessageChannel(HostPort target) throws IOException {
        String domain = takeDomain(target.getHost().getHostname(), target.getPort());
        return open(target.getInetAddress(), target.getPort(), MessageChannel.getKey(target, "TLS"), domain);
    }

    @Override
    public MessageChannel createMessageChannel(InetAddress host, int port) throws IOException {
        String domain = takeDomain(host.getHostAddress(), port);
        return open(host, port, MessageChannel.getKey(host, port, "TLS"), domain);
    }

    private MessageChannel open(InetAddress host, int port, String key, String domain) throws IOException {
        MessageChannel cached = messageChannels.get(key);
        if (cached instanceof NamedTlsChannel named && domain != null && verifiesServers()
                && !named.speaksFor(domain)) {
            // RFC 5922 7.1: the connection was checked for another domain; one address and port has
            // one connection in the stack's caches, so the request fails here (a transport error: the
            // caller fails over or hears 503/477) rather than go to a server not shown to be the domain's
            throw new IOException("the TLS connection to " + host.getHostAddress() + ":" + port + " was opened for "
                    + named.domain() + " and its certificate does not speak for " + domain + " (RFC 5922)");
        }
        if (cached != null) {
            return cached;
        }
        NamedTlsChannel channel = NamedTlsChannel.open(host, port, sipStack, this, domain);
        messageChannels.put(key, channel);
        selector.wakeup();
        return connections.add(channel, "out");
    }

    /** {@code [client:default] verify_certificate}: servers' certificates are checked against their SIP domain. */
    private boolean verifiesServers() {
        TlsCertificates tls = BY_STACK.get(((SipStackImpl) sipStack).getStackName());
        io.sipcontainer.tls.TlsProfile client = tls == null ? null : tls.profiles().clientDefault();
        return client != null && client.verify();
    }

    /** Accepts in place of the RI's selector thread, backing off when accepting fails (no descriptors left). */
    private BackingOffAcceptor acceptor;

    @Override
    public void start() throws IOException {
        super.start();
        acceptor = BackingOffAcceptor.takeOver(this, channel, selector, changeRequests, "TLS");
    }

    @Override
    public void stop() {
        if (acceptor != null) {
            acceptor.stop();
        }
        super.stop();
    }

    /** Connections refused for {@code tcp_max_connections} or {@code tcp_accept_iplimit} since start. */
    long acceptedRefused() {
        return limits.refused();
    }

    /** The open TLS connections of this listener, as {@code tls.list} shows them. */
    OpenConnections connections() {
        return connections;
    }

    @Override
    public void init() {
        String stackName = ((SipStackImpl) sipStack).getStackName();
        TlsCertificates tls = BY_STACK.get(stackName);
        String host = getIpAddress().getHostAddress();
        if (tls == null || !tls.hasServerCertificate(host, getPort())) {
            throw new IllegalStateException("a TLS listener needs a certificate: set tls.tls_certificate and"
                    + " tls.tls_private_key (or tls.config)");
        }
        set(SERVER_CONTEXT, tls.serverContext(host, getPort()));
        set(CLIENT_CONTEXT, tls.clientContext());
    }

    private void set(Field field, SSLContext context) {
        try {
            field.set(this, context);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot configure JAIN-SIP's TLS transport: " + e, e);
        }
    }

    private static Field field(String name) {
        try {
            Field f = NioTlsMessageProcessor.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("this JAIN-SIP has no NioTlsMessageProcessor." + name + ": " + e);
        }
    }
}
