package io.sipcontainer.it.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIP-over-WebSocket client for end-to-end tests, as a browser library would be: the JDK's
 * WebSocket with sub-protocol {@code sip}, a {@code .invalid} host of its own for Via and Contact
 * (RFC 7118 section 5.2), one SIP message per text message. Requests and responses are plain text
 * built by the helpers here; whatever the server sends is queued for {@link #receive}.
 */
public final class WsSipClient implements AutoCloseable {
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final WebSocket socket;
    private final String host;
    private final String transport;
    private int cseq;

    public WsSipClient(String uri, String invalidHost) throws Exception {
        this(uri, invalidHost, null);
    }

    /** A client of {@code wss://} URIs trusting what {@code tls} trusts (the JDK's defaults when null). */
    public WsSipClient(String uri, String invalidHost, javax.net.ssl.SSLContext tls) throws Exception {
        this.host = invalidHost;
        this.transport = uri.startsWith("wss:") ? "wss" : "ws";
        HttpClient client = tls == null ? HttpClient.newHttpClient() : HttpClient.newBuilder().sslContext(tls).build();
        socket = client.newWebSocketBuilder().subprotocols("sip")
                .buildAsync(URI.create(uri), new Collector()).get(5, TimeUnit.SECONDS);
    }

    /** The client's own host name, ending in {@code .invalid}. */
    public String host() {
        return host;
    }

    /** {@code sip:user@host.invalid;transport=ws} ({@code wss} over TLS). */
    public String contact(String user) {
        return "sip:" + user + "@" + host + ";transport=" + transport;
    }

    public void send(String sipMessage) throws Exception {
        socket.sendText(sipMessage, true).get(5, TimeUnit.SECONDS);
    }

    /** A request from {@code user} as {@link #contact}, with a fresh branch and the next CSeq. */
    public String request(String method, String requestUri, String user, String toUri, String callId,
            List<String> extraHeaders, String body) {
        StringBuilder m = new StringBuilder(method).append(' ').append(requestUri).append(" SIP/2.0\r\n")
                .append("Via: SIP/2.0/").append(transport.toUpperCase(java.util.Locale.ROOT)).append(' ').append(host).append(";branch=z9hG4bK").append(Long.toHexString(System.nanoTime()))
                .append("\r\nMax-Forwards: 70\r\n")
                .append("From: <sip:").append(user).append("@example.com>;tag=t").append(callId.hashCode() & 0xffff)
                .append("\r\nTo: <").append(toUri).append(">\r\n")
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: ").append(++cseq).append(' ').append(method).append("\r\n")
                .append("Contact: <").append(contact(user)).append(">\r\n");
        for (String h : extraHeaders) {
            m.append(h).append("\r\n");
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (content.length > 0) {
            m.append("Content-Type: text/plain\r\n");
        }
        return m.append("Content-Length: ").append(content.length).append("\r\n\r\n").append(body == null ? "" : body)
                .toString();
    }

    /**
     * A response to {@code request}: its Vias, From, To (with {@code toTag} added unless it has one),
     * Call-ID and CSeq, and a Contact of {@code user} when given.
     */
    public String response(String request, int status, String reason, String toTag, String user) {
        StringBuilder m = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        for (String via : headers(request, "Via")) {
            m.append("Via: ").append(via).append("\r\n");
        }
        m.append("From: ").append(header(request, "From")).append("\r\n");
        String to = header(request, "To");
        m.append("To: ").append(to).append(to.contains(";tag=") || toTag == null ? "" : ";tag=" + toTag).append("\r\n");
        m.append("Call-ID: ").append(header(request, "Call-ID")).append("\r\n");
        m.append("CSeq: ").append(header(request, "CSeq")).append("\r\n");
        if (user != null) {
            m.append("Contact: <").append(contact(user)).append(">\r\n");
        }
        return m.append("Content-Length: 0\r\n\r\n").toString();
    }

    /** The next message from the server; fails after {@code timeout}. */
    public String receive(Duration timeout) throws InterruptedException {
        String m = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new AssertionError("nothing received over WebSocket within " + timeout);
        }
        return m;
    }

    /** The next message from the server, or null when none comes within {@code timeout}. */
    public String pollMessage(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next message whose first line starts with {@code prefix} (e.g. "MESSAGE ", "SIP/2.0 200"), skipping others. */
    public String receive(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> skipped = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            String m = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no '" + prefix + "' over WebSocket within " + timeout + "; got " + skipped);
            }
            if (m.startsWith(prefix)) {
                return m;
            }
            skipped.add(m.lines().findFirst().orElse(""));
        }
    }

    /** The first value of a header of a SIP message (full names only), or null. */
    public static String header(String message, String name) {
        List<String> all = headers(message, name);
        return all.isEmpty() ? null : all.get(0);
    }

    public static List<String> headers(String message, String name) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + "\\s*:\\s*(.*?)\\r?$").matcher(headPart(message));
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    private static String headPart(String message) {
        int end = message.indexOf("\r\n\r\n");
        return end < 0 ? message : message.substring(0, end);
    }

    /** True once the server closed the connection (or it failed). */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private volatile boolean closed;

    private final class Collector implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed = true;
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed = true;
        }

        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }
}
