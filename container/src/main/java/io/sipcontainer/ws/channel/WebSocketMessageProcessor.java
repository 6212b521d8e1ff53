package io.sipcontainer.ws.channel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import gov.nist.core.HostPort;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * The WS or WSS transport of the JAIN-SIP stack (RFC 7118), fed by connections the HTTP server
 * accepted: it binds no socket of its own, its address is the HTTP port's, and each open WebSocket
 * connection is one {@link WebSocketMessageChannel}.
 *
 * <p>A browser cannot be connected to, so the stack never opens a connection here: a message for a
 * WebSocket peer leaves on the connection that peer opened. The stack asks for a channel by the next
 * hop's host and port, which finds it in one of two ways:
 * <ul>
 * <li>by the peer's TCP address, {@code ip:port}: what a Via's {@code received} and {@code rport}
 * say (responses) and what a registrar stores as the contact's received address (requests routed
 * to {@code sip:ip:port;transport=ws});</li>
 * <li>by a {@code .invalid} host name the peer uses for itself (RFC 7118 section 5.2): every name
 * that appears in the Via sent-by or the Contact of a request it sent names its connection, so a
 * request to a registered contact {@code sip:alice@df7jal23ls0d.invalid;transport=ws} reaches it
 * without any address rewriting. The latest connection to use a name owns it.</li>
 * </ul>
 * With neither, there is no channel and the send fails, as Kamailio's does. A hop to our own
 * address loops back into the stack ({@link LoopbackLink}), as application composition needs.
 */
public final class WebSocketMessageProcessor extends MessageProcessor {
    private final Map<String, WebSocketMessageChannel> byPeer = new ConcurrentHashMap<>();
    private final Map<String, WebSocketMessageChannel> byInvalidHost = new ConcurrentHashMap<>();
    private volatile WebSocketMessageChannel loopback;
    /** Told (this server's address, the peer's) when a peer's connection ends; see {@link #onClosed}. */
    private volatile BiConsumer<InetSocketAddress, InetSocketAddress> closed = (local, remote) -> { };

    WebSocketMessageProcessor(InetAddress address, int port, String transport, SIPTransactionStack stack) {
        super(address, port, transport, stack);
    }

    /** Makes a newly opened connection a channel of the stack; messages it carries go to {@code channel.receive}. */
    public WebSocketMessageChannel attach(WebSocketLink link) {
        WebSocketMessageChannel channel = new WebSocketMessageChannel(this, link);
        byPeer.put(peerKey(link.remoteAddress().getAddress(), link.remoteAddress().getPort()), channel);
        return channel;
    }

    /**
     * Whom to tell when a connection a peer opened ends, by either side, with this server's
     * address and the peer's: what an RFC 5626 flow over it needs to report its failure, as the TCP
     * and TLS listeners report theirs. Called on the HTTP server's thread.
     */
    public void onClosed(BiConsumer<InetSocketAddress, InetSocketAddress> listener) {
        this.closed = listener;
    }

    /** Forgets a channel whose connection ended, and every name it owned; tells {@link #onClosed}'s listener. */
    void detach(WebSocketMessageChannel channel) {
        boolean open = byPeer.remove(peerKey(channel.getPeerInetAddress(), channel.getPeerPort()), channel);
        for (String name : channel.names()) {
            byInvalidHost.remove(name, channel);
        }
        if (open) { // once per connection, and never for the loopback, which is no peer's
            closed.accept(new InetSocketAddress(getIpAddress(), getPort()),
                    new InetSocketAddress(channel.getPeerInetAddress(), channel.getPeerPort()));
        }
    }

    /**
     * Records that {@code host} stands for {@code channel}'s peer when it is a {@code .invalid} name;
     * returns the lower-case name recorded, or null.
     */
    String nameSeen(String host, WebSocketMessageChannel channel) {
        if (host == null || !isInvalidName(host)) {
            return null;
        }
        String name = host.toLowerCase(Locale.ROOT);
        byInvalidHost.put(name, channel);
        return name;
    }

    /** The channels of the open connections. */
    public Collection<WebSocketMessageChannel> channels() {
        return List.copyOf(byPeer.values());
    }

    /** The channel of the connection to {@code host:port}, as described in the class comment. */
    public WebSocketMessageChannel channelTo(String host, int port) {
        String h = stripBrackets(host);
        if (isInvalidName(h)) {
            return byInvalidHost.get(h.toLowerCase(Locale.ROOT));
        }
        InetAddress literal = ipLiteral(h);
        return literal == null ? null : channelTo(literal, port);
    }

    private WebSocketMessageChannel channelTo(InetAddress address, int port) {
        if (port == getPort() && address.equals(getIpAddress())) {
            return loopback();
        }
        return byPeer.get(peerKey(address, port));
    }

    /** The channel to our own address (see {@link LoopbackLink}), made on first use. */
    private synchronized WebSocketMessageChannel loopback() {
        if (loopback == null) {
            LoopbackLink link = new LoopbackLink(new InetSocketAddress(getIpAddress(), getPort()),
                    sipStack.getSelfRoutingThreadpoolExecutor());
            loopback = new WebSocketMessageChannel(this, link);
            link.attach(loopback);
        }
        return loopback;
    }

    @Override
    public MessageChannel createMessageChannel(HostPort target) throws IOException {
        String host = target.getHost().getHostname();
        return found(channelTo(host, target.getPort()), host, target.getPort());
    }

    @Override
    public MessageChannel createMessageChannel(InetAddress address, int port) throws IOException {
        return found(channelTo(address, port), address.getHostAddress(), port);
    }

    private MessageChannel found(WebSocketMessageChannel channel, String host, int port) throws IOException {
        if (channel == null) {
            channel = onSibling(host, port);
        }
        if (channel == null) {
            throw new IOException("no open " + transport + " connection from " + host + ":" + port
                    + " (a WebSocket client is reached only on the connection it opened)");
        }
        return channel;
    }

    /**
     * The connection on the other WebSocket transport (ws for wss and back): browser libraries
     * (JsSIP, SIP.js) write {@code transport=ws} in their Contact over wss too, so a request to such a
     * contact is routed to the ws transport while its connection came in on the HTTPS port.
     */
    private WebSocketMessageChannel onSibling(String host, int port) {
        if (!(sipStack instanceof gov.nist.javax.sip.SipStackImpl stack)) {
            return null;
        }
        for (java.util.Iterator<?> it = stack.getListeningPoints(); it.hasNext(); ) {
            if (it.next() instanceof gov.nist.javax.sip.ListeningPointImpl lp && lp.getMessageProcessor() != this
                    && lp.getMessageProcessor() instanceof WebSocketMessageProcessor other) {
                String h = stripBrackets(host);
                WebSocketMessageChannel c = isInvalidName(h) ? other.byInvalidHost.get(h.toLowerCase(Locale.ROOT))
                        : ipLiteral(h) == null ? null : other.byPeer.get(peerKey(ipLiteral(h), port));
                if (c != null) {
                    return c;
                }
            }
        }
        return null;
    }

    /**
     * A WebSocket frame or message from {@code source} was larger than {@code max_message_size}, or
     * a whole SIP message in one was: counted with the UDP and TCP ones as {@code core:bad_msg_hdr}
     * and reported in the same rate-limited summary line.
     */
    public void oversize(String source, String reason) {
        io.sipcontainer.stack.logging.MalformedMessages.of(((javax.sip.SipStack) sipStack).getStackName())
                .record(source, reason);
    }

    @Override
    public SIPTransactionStack getSIPStack() {
        return sipStack;
    }

    /** Nothing to open: the HTTP server accepts the connections. */
    @Override
    public void start() {
    }

    /** Closes every open connection. */
    @Override
    public void stop() {
        for (WebSocketMessageChannel channel : channels()) {
            channel.close();
        }
    }

    @Override
    public int getDefaultTargetPort() {
        return isSecure() ? 5061 : 5060;
    }

    @Override
    public boolean isSecure() {
        return "WSS".equals(transport);
    }

    @Override
    public int getMaximumMessageSize() {
        int max = sipStack.getMaxMessageSize();
        return max > 0 ? max : Integer.MAX_VALUE;
    }

    @Override
    public boolean inUse() {
        return !byPeer.isEmpty();
    }

    static String peerKey(InetAddress address, int port) {
        return address.getHostAddress() + "|" + port;
    }

    static boolean isInvalidName(String host) {
        return host.regionMatches(true, host.length() - ".invalid".length(), ".invalid", 0, ".invalid".length());
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The address an IP literal stands for, or null for a name: names are never resolved here. */
    private static InetAddress ipLiteral(String host) {
        boolean ipv4 = !host.isEmpty() && host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
        if (!ipv4 && host.indexOf(':') < 0) {
            return null;
        }
        try {
            return InetAddress.getByName(host); // a literal: no lookup happens
        } catch (IOException e) {
            return null;
        }
    }

    /** For logs: the transport and the HTTP address this processor serves. */
    @Override
    public String toString() {
        return transport + ":" + new InetSocketAddress(getIpAddress(), getPort());
    }
}
