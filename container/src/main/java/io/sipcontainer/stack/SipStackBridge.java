package io.sipcontainer.stack;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.stats.SipCounters;
import io.sipcontainer.transport.Admission;
import io.sipcontainer.transport.Connector;
import io.sipcontainer.transport.Inbound;
import io.sipcontainer.transport.Outbound;

/**
 * Owns the JAIN-SIP stack: binds one listening point per configured socket, groups the
 * listening points of one address into one provider (JAIN-SIP picks the outbound socket of a
 * client transaction from its provider's listening points), hands every event to one
 * {@link Inbound} and sends through its {@link Outbound}. Nothing above this package sees
 * JAIN-SIP's providers or listeners.
 */
public final class SipStackBridge {
    private static final Logger LOG = LoggerFactory.getLogger(SipStackBridge.class);

    private final SipStack stack;
    private final MessageFactory messageFactory;
    private final HeaderFactory headerFactory;
    private final AddressFactory addressFactory;
    /** Read by every message, added to after start (the WebSocket transport): copy on write. */
    private final List<Connector> connectors = new CopyOnWriteArrayList<>();
    private final Map<String, SipProvider> providers = new HashMap<>();
    private final InviteAckTracker acks;
    private final Outbound outbound;
    private volatile SipListener listener;
    private volatile Inbound inbound;
    private volatile Admission admission = Admission.ACCEPT_ALL;
    private volatile java.util.function.Predicate<gov.nist.javax.sip.message.SIPResponse> strayTaker;
    private final io.sipcontainer.transport.Datagrams datagrams = new io.sipcontainer.transport.Datagrams() {
        @Override
        public void send(Connector via, java.net.InetSocketAddress to, byte[] payload) throws java.io.IOException {
            if (via.listeningPoint() instanceof gov.nist.javax.sip.ListeningPointImpl lp
                    && lp.getMessageProcessor() instanceof ReusingUdpMessageProcessor udp) {
                udp.sendRaw(new java.net.DatagramPacket(payload, payload.length, to));
            } else {
                throw new java.io.IOException("not a UDP socket of ours: " + via);
            }
        }

        @Override
        public void takeStrayResponses(java.util.function.Predicate<gov.nist.javax.sip.message.SIPResponse> taker) {
            strayTaker = taker;
        }
    };

    public SipStackBridge(Properties stackProperties, java.util.concurrent.ScheduledExecutorService scheduler)
            throws StackException {
        this(stackProperties, scheduler, null);
    }

    /**
     * A stack whose TLS listeners present {@code tls}'s certificates (null: no TLS configured, a
     * {@code tls} listen then fails with the reason). Pass properties made with
     * {@link StackProperties#withTls} so protocols and client-certificate policy match.
     */
    public SipStackBridge(Properties stackProperties, java.util.concurrent.ScheduledExecutorService scheduler,
            io.sipcontainer.tls.TlsCertificates tls) throws StackException {
        if (tls != null) {
            TlsListenerProcessor.register(stackProperties.getProperty(StackProperties.STACK_NAME), tls);
        }
        acks = new InviteAckTracker(scheduler);
        outbound = new StackOutbound(this, acks, new ReliableProvisionalTracker(scheduler, InviteAckTracker.T1));
        try {
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            // made directly, not by the factory: a stack of our own class (see OrderedSipStack)
            FrontValve.register(stackProperties.getProperty(StackProperties.STACK_NAME), this);
            stack = new OrderedSipStack(stackProperties);
            messageFactory = factory.createMessageFactory();
            headerFactory = factory.createHeaderFactory();
            addressFactory = factory.createAddressFactory();
        } catch (Exception e) {
            throw new StackException("cannot create the JAIN-SIP stack: " + e.getMessage(), e);
        }
    }

    /**
     * Binds every socket and registers the listener. A port of 0 binds an ephemeral port; the other
     * transports of the same host then reuse it so that UDP and TCP share a port as in production.
     */
    public synchronized void start(List<ListenSocket> sockets, Inbound inbound, SipCounters counters)
            throws StackException {
        start(sockets, inbound, counters, Admission.ACCEPT_ALL);
    }

    /** No ACK came for a 2xx sent on a server transaction given {@code data}: the message path hears of it. */
    void ackTimedOut(Object data) {
        Inbound in = inbound;
        if (in != null) {
            in.ackTimeout(data);
        }
    }

    /** As {@link #start(List, Inbound, SipCounters)}, with new requests passing {@code admission} first. */
    public synchronized void start(List<ListenSocket> sockets, Inbound inbound, SipCounters counters,
            Admission admission) throws StackException {
        this.admission = admission;
        this.listener = new StackListener(this, acks, inbound, counters);
        this.inbound = inbound;
        Map<String, Integer> ephemeral = new HashMap<>();
        for (ListenSocket b : sockets) {
            // TLS is TCP too: it cannot share the ephemeral port of the host's TCP listener
            String group = "tls".equalsIgnoreCase(b.transport()) ? b.host() + " tls" : b.host();
            int port = b.port() != 0 ? b.port() : ephemeral.computeIfAbsent(group, g -> freePort(b.host()));
            bindOne(b, port);
        }
        try {
            stack.start();
        } catch (Exception e) {
            throw new StackException("cannot start the JAIN-SIP stack: " + e.getMessage(), e);
        }
    }

    /**
     * Adds a socket once the stack runs, for an address known only then: the WebSocket transport,
     * served on the HTTP port once the HTTP server has bound it. The port must not be 0.
     */
    public synchronized Connector bind(ListenSocket binding) throws StackException {
        if (listener == null) {
            throw new IllegalStateException("the stack is not started");
        }
        return bindOne(binding, binding.port());
    }

    private Connector bindOne(ListenSocket b, int port) throws StackException {
        String transport = b.transport().toLowerCase(Locale.ROOT);
        try {
            ListeningPoint lp = stack.createListeningPoint(b.host(), port, transport);
            if (lp instanceof gov.nist.javax.sip.ListeningPointImpl impl
                    && impl.getMessageProcessor() instanceof ReusingUdpMessageProcessor udp) {
                gov.nist.javax.sip.stack.SIPTransactionStack s = (gov.nist.javax.sip.stack.SIPTransactionStack) stack;
                udp.gate(new DatagramGate(() -> admission, id -> s.findTransaction(id, true) != null));
            }
            if (lp instanceof gov.nist.javax.sip.ListeningPointImpl impl
                    && impl.getMessageProcessor() instanceof io.sipcontainer.ws.channel.WebSocketMessageProcessor ws) {
                // WebSocket connections end in the HTTP server: their flows fail as TCP ones do
                String stackName = stack.getStackName();
                String wsTransport = transport.toUpperCase(Locale.ROOT);
                ws.onClosed((local, remote) -> ClosedConnections.closed(stackName, wsTransport, local, remote));
            }
            int bound = lp.getPort();
            String key = b.host() + ":" + bound;
            SipProvider provider = providers.get(key);
            if (provider == null) {
                provider = stack.createSipProvider(lp);
                provider.addSipListener(listener);
                providers.put(key, provider);
            } else {
                provider.addListeningPoint(lp);
            }
            String advHost = b.advertisedHost() != null ? b.advertisedHost() : b.host();
            int advPort = b.advertisedPort() > 0 ? b.advertisedPort() : bound;
            Connector connector = new Connector(transport, b.host(), bound, advHost, advPort, lp, provider);
            connectors.add(connector);
            LOG.info("Listening on {}:{}:{}{}", transport, b.host(), bound,
                    b.advertisedHost() != null ? " advertised as " + advHost + ":" + advPort : "");
            return connector;
        } catch (Exception e) {
            throw new StackException("cannot listen on " + transport + ":" + b.host() + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * A port free for both UDP and TCP on a host: JAIN-SIP refuses port 0, and tests want UDP and
     * TCP on one ephemeral port as production has them on one configured port.
     */
    private static int freePort(String host) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (java.net.ServerSocket tcp = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host));
                    java.net.DatagramSocket udp = new java.net.DatagramSocket(
                            new java.net.InetSocketAddress(java.net.InetAddress.getByName(host), tcp.getLocalPort()))) {
                return tcp.getLocalPort();
            } catch (java.io.IOException e) {
                // taken for one of the two protocols: try another
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP on " + host);
    }

    /** Closes every socket; transactions in flight are abandoned, so drain first. */
    public void stop() {
        FrontValve.unregister(stack.getStackName());
        stack.stop();
        TlsListenerProcessor.unregister(stack.getStackName());
        ClosedConnections.unregister(stack.getStackName());
    }

    public List<Connector> connectors() {
        return List.copyOf(connectors);
    }

    /** The connector to send through for a transport, preferring the first configured one. */
    public Connector connectorFor(String transport) {
        for (Connector c : connectors) {
            if (c.transport().equalsIgnoreCase(transport)) {
                return c;
            }
        }
        return connectors.isEmpty() ? null : connectors.get(0);
    }

    /**
     * The connector to send through for a transport toward {@code host}: the first of that transport
     * bound to the host's address family when the host is an IP literal (a wildcard {@code [::]}
     * socket serves both), else the first of that transport.
     */
    public Connector connectorFor(String transport, String host) {
        io.sipcontainer.transport.AddressFamily family = io.sipcontainer.transport.AddressFamily.ofLiteral(host);
        if (family != io.sipcontainer.transport.AddressFamily.NONE) {
            for (Connector c : connectors) {
                if (c.transport().equalsIgnoreCase(transport) && family.canSendFrom(c.host())) {
                    return c;
                }
            }
        }
        return connectorFor(transport);
    }

    /** The connector for a provider and transport, as the stack reports them for an event. */
    /** Hands a response no client transaction matches to the listener, bypassing the stack's search. */
    boolean strayResponse(gov.nist.javax.sip.message.SIPResponse response, String transport, int port) {
        java.util.function.Predicate<gov.nist.javax.sip.message.SIPResponse> taker = strayTaker;
        if (taker != null && taker.test(response)) {
            return true; // the answer to a stateless keepalive
        }
        StackListener l = (StackListener) listener;
        if (l == null) {
            return false;
        }
        Connector via = null;
        for (Connector c : connectors) {
            if (c.port() == port && c.transport().equalsIgnoreCase(transport)) {
                via = c;
                break;
            }
        }
        l.strayBeforeMatching(response, via != null ? via : connectorFor(transport));
        return true;
    }

    /** The open TLS connections of every TLS listener ({@code tls.list}). */
    public List<Map<String, Object>> tlsConnections() {
        return connections(true);
    }

    /** The open TCP and TLS connections of every listener ({@code core.tcp_list}). */
    public List<Map<String, Object>> tcpConnections() {
        return connections(false);
    }

    /** How many TCP (index 0) and TLS (index 1) connections are open ({@code core.tcp_info}). */
    public int[] openConnectionCounts() {
        int[] counts = new int[2];
        for (Connector c : connectors) {
            OpenConnections open = openConnections(c);
            if (open != null) {
                counts[c.transport().equalsIgnoreCase("tls") ? 1 : 0] += open.open();
            }
        }
        return counts;
    }

    /**
     * Kamailio's {@code tcp:} statistics over the TCP and TLS listeners: {@code current_opened_connections},
     * {@code passive_open} (accepted since start), {@code connect_success} (opened by us since start),
     * {@code established} (both) and {@code local_reject} (closed at once for a connection limit).
     */
    /**
     * STUN on the UDP sockets (RFC 5626 4.4.2 keep-alives): {@code binding_requests} answered,
     * {@code dropped} datagrams of the STUN range that were no Binding request.
     */
    public long stunStatistic(String name) {
        long sum = 0;
        for (Connector c : connectors) {
            if (c.listeningPoint() instanceof gov.nist.javax.sip.ListeningPointImpl lp
                    && lp.getMessageProcessor() instanceof ReusingUdpMessageProcessor udp) {
                sum += "dropped".equals(name) ? udp.stun().dropped() : udp.stun().answered();
            }
        }
        return sum;
    }

    public long tcpStatistic(String name) {
        long sum = 0;
        for (Connector c : connectors) {
            OpenConnections open = openConnections(c);
            if (open == null) {
                continue;
            }
            sum += switch (name) {
                case "current_opened_connections" -> open.open();
                case "passive_open" -> open.accepted();
                case "connect_success" -> open.opened();
                case "established" -> open.accepted() + open.opened();
                case "local_reject" -> refused(c);
                default -> throw new IllegalArgumentException("no tcp statistic " + name);
            };
        }
        return sum;
    }

    private static long refused(Connector c) {
        Object processor = ((gov.nist.javax.sip.ListeningPointImpl) c.listeningPoint()).getMessageProcessor();
        if (processor instanceof TlsListenerProcessor tls) {
            return tls.acceptedRefused();
        }
        return processor instanceof ReusingNioTcpMessageProcessor tcp ? tcp.acceptedRefused() : 0;
    }

    private List<Map<String, Object>> connections(boolean tlsOnly) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (Connector c : connectors) {
            OpenConnections open = openConnections(c);
            if (open != null && (!tlsOnly || c.transport().equalsIgnoreCase("tls"))) {
                out.addAll(open.list());
            }
        }
        out.sort(java.util.Comparator.comparingInt(m -> (Integer) m.get("id")));
        return out;
    }

    private static OpenConnections openConnections(Connector c) {
        if (c.listeningPoint() instanceof gov.nist.javax.sip.ListeningPointImpl lp) {
            if (lp.getMessageProcessor() instanceof TlsListenerProcessor tls) {
                return tls.connections();
            }
            if (lp.getMessageProcessor() instanceof ReusingNioTcpMessageProcessor tcp) {
                return tcp.connections();
            }
        }
        return null;
    }

    /** Server transactions the stack holds, answered ones included until their timers end. */
    public int serverTransactionCount() {
        return ((gov.nist.javax.sip.stack.SIPTransactionStack) stack).getServerTransactionTableSize();
    }

    /** Client transactions in the stack's table (for tests and statistics). */
    public int clientTransactionCount() {
        return ((gov.nist.javax.sip.stack.SIPTransactionStack) stack).getClientTransactionTableSize();
    }

    /** {@link FrontValve}: false when the request goes no further (refused with 503, or dropped). */
    boolean admit(gov.nist.javax.sip.message.SIPRequest request, gov.nist.javax.sip.stack.MessageChannel channel) {
        Admission a = admission;
        String source = request.getPeerPacketSourceAddress() != null
                ? request.getPeerPacketSourceAddress().getHostAddress() : channel.getPeerAddress();
        switch (a.admit(source, request.getToTag() == null)) {
            case ACCEPT:
                return true;
            case REFUSE:
                Refusals.send503(request, channel, a.retryAfterSeconds());
                return false;
            default:
                return false;
        }
    }

    Connector connectorOf(SipProvider provider, String transport) {
        for (Connector c : connectors) {
            if (c.provider() == provider && c.transport().equalsIgnoreCase(transport)) {
                return c;
            }
        }
        return connectorFor(transport);
    }

    /** Datagrams and responses outside transactions (nathelper's keepalives). */
    public io.sipcontainer.transport.Datagrams datagrams() {
        return datagrams;
    }

    /** Sends through the stack; usable once the stack is created, for sending once it is started. */
    /** The JAIN-SIP stack's name, unique per server in this JVM. */
    String stackName() {
        return stack.getStackName();
    }

    public Outbound outbound() {
        return outbound;
    }

    public MessageFactory messageFactory() {
        return messageFactory;
    }

    public HeaderFactory headerFactory() {
        return headerFactory;
    }

    public AddressFactory addressFactory() {
        return addressFactory;
    }
}
