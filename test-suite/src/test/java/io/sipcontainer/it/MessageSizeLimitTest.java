package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.WebSocketEndpoint;
import io.sipcontainer.it.support.WsSipClient;
import io.sipcontainer.service.Statistics;

/**
 * {@code max_message_size} over real sockets (issue 17, bounds on input): a UDP request past it gets
 * a stateless 513 Message Too Large (RFC 3261 21.5.11); over TCP, where the stack's parser refuses
 * the message before it is whole, the connection is closed, as is a WebSocket connection carrying a frame or message past it. All are
 * counted as
 * {@code core:bad_msg_hdr}, and the server goes on answering normal requests. A Content-Length
 * larger than the body a datagram carries is refused with 400 (RFC 3261 18.3), also counted.
 */
class MessageSizeLimitTest {
    private static final int MAX = 2048;

    @TempDir
    Path home;
    private ServerFixture fixture;
    private RawSipClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private long badMessages() {
        return fixture.server().services().get(Statistics.class).snapshot("core:bad_msg_hdr").get("core:bad_msg_hdr");
    }

    private static String options(String transport, int viaPort, String id, String extra) {
        return "OPTIONS sip:x@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " 127.0.0.1:" + viaPort + ";branch=z9hG4bK" + id + "\r\n"
                + "From: <sip:a@example.com>;tag=1\r\nTo: <sip:x@example.com>\r\nCall-ID: " + id + "@size\r\n"
                + "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n" + extra + "Content-Length: 0\r\n\r\n";
    }

    private static String padding(int bytes) {
        return "X-Padding: " + "a".repeat(bytes) + "\r\n";
    }

    @Test
    void aDatagramPastMaxMessageSizeGets513AndIsCounted() throws Exception {
        fixture = new ServerFixture(home).configure(b -> b.maxMessageSize(MAX)).start();
        client = new RawSipClient(fixture.udpAddress());
        long before = badMessages();

        RegisterClient.Reply big = client.send(options("UDP", client.port(), "big", padding(MAX)));
        assertEquals(513, big.status(), big.text());
        assertTrue(big.text().startsWith("SIP/2.0 513 Message Too Large\r\n"), big.text());
        Poll.until(() -> badMessages() == before + 1, Duration.ofSeconds(5), () -> "counted: " + badMessages());

        RegisterClient.Reply small = client.send(options("UDP", client.port(), "small", padding(100)));
        assertTrue(small.status() != 513 && small.status() >= 200, small.text());
    }

    @Test
    void aContentLengthLargerThanTheDatagramsBodyGets400AndIsCounted() throws Exception {
        fixture = new ServerFixture(home).start();
        client = new RawSipClient(fixture.udpAddress());
        long before = badMessages();
        String shortBody = options("UDP", client.port(), "cl", "Content-Type: text/plain\r\n")
                .replace("Content-Length: 0\r\n\r\n", "Content-Length: 100\r\n\r\n0123456789");
        RegisterClient.Reply r = client.send(shortBody);
        assertEquals(400, r.status(), r.text());
        Poll.until(() -> badMessages() == before + 1, Duration.ofSeconds(5), () -> "counted: " + badMessages());
    }

    @Test
    void aTcpMessagePastMaxMessageSizeClosesTheConnectionAndIsCounted() throws Exception {
        fixture = new ServerFixture(home).configure(b -> b.maxMessageSize(MAX)).start();
        long before = badMessages();
        try (Socket s = connect()) {
            s.getOutputStream().write(options("TCP", 9, "bigtcp", padding(3 * MAX)).getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            assertTrue(closedByServer(s), "the connection is closed");
        }
        Poll.until(() -> badMessages() == before + 1, Duration.ofSeconds(5), () -> "counted: " + badMessages());
        try (Socket s = connect()) {
            s.getOutputStream().write(options("TCP", 9, "smalltcp", padding(100)).getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            assertTrue(readHead(s).startsWith("SIP/2.0 "), "a normal request is still answered");
        }
    }

    @Test
    void aWebSocketMessagePastMaxMessageSizeClosesTheConnectionAndIsCounted() throws Exception {
        fixture = new ServerFixture(home).configure(b -> b.maxMessageSize(MAX)).start();
        try (WebSocketEndpoint endpoint = WebSocketEndpoint.of(fixture.server())) {
            long before = badMessages();
            try (WsSipClient big = new WsSipClient(endpoint.uri(), "b1g.invalid")) {
                big.send(options("WS", 9, "bigws", padding(3 * MAX)));
                Poll.until(big::isClosed, Duration.ofSeconds(5), () -> "the connection is closed");
            }
            Poll.until(() -> badMessages() == before + 1, Duration.ofSeconds(5), () -> "counted: " + badMessages());
            try (WsSipClient small = new WsSipClient(endpoint.uri(), "sm4ll.invalid")) {
                small.send(options("WS", 9, "smallws", padding(100)).replace("127.0.0.1:9", "sm4ll.invalid"));
                String reply = small.receive(Duration.ofSeconds(5));
                assertTrue(reply != null && reply.startsWith("SIP/2.0 "), "a normal request is still answered: " + reply);
            }
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", fixture.tcpPort()), 5000);
        s.setSoTimeout(5000);
        return s;
    }

    private static boolean closedByServer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            while (true) {
                int c = in.read();
                if (c < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static String readHead(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder text = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            text.append((char) c);
            if (text.indexOf("\r\n\r\n") >= 0) {
                break;
            }
        }
        return text.toString();
    }
}
