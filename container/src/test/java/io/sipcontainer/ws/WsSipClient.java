package io.sipcontainer.ws;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A SIP WebSocket client for tests, over the JDK's {@link java.net.http.WebSocket}: offers
 * sub-protocol {@code sip}, sends one SIP message per text message and queues what it receives,
 * including Ping frames (answered by the JDK) and the close status.
 */
final class WsSipClient implements AutoCloseable {
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> pings = new LinkedBlockingQueue<>();
    private final BlockingQueue<Integer> closes = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    WsSipClient(String uri) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("sip")
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(uri), new Collector()).get(5, TimeUnit.SECONDS);
    }

    WebSocket socket() {
        return socket;
    }

    void send(String sipMessage) throws Exception {
        socket.sendText(sipMessage, true).get(5, TimeUnit.SECONDS);
    }

    /** The next message received, or fails after {@code timeout}. */
    String receive(Duration timeout) throws InterruptedException {
        String m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new AssertionError("no WebSocket message within " + timeout);
        }
        return m;
    }

    /** The next message received, or null after {@code timeout}. */
    String poll(Duration timeout) throws InterruptedException {
        return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String awaitPing(Duration timeout) throws InterruptedException {
        return pings.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    Integer awaitClose(Duration timeout) throws InterruptedException {
        return closes.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private final class Collector implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.append(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            byte[] bytes = new byte[message.remaining()];
            message.duplicate().get(bytes);
            pings.add(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            return WebSocket.Listener.super.onPing(ws, message); // the JDK answers with a Pong
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closes.add(statusCode);
            return null;
        }
    }
}
