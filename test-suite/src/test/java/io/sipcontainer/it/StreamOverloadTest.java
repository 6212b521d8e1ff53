package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.WebSocketEndpoint;
import io.sipcontainer.it.support.WsSipClient;
import io.sipcontainer.service.Statistics;

/**
 * Overload control over TCP and WebSocket (issue 17): as over UDP, a new request is refused from its head, before
 * JAIN-SIP parses it ({@code stack.HeadGatedParser}): the 503 copies the request's Via, From, To,
 * Call-ID and CSeq lines byte for byte (a lower-case {@code call-id:} stays so, where a 503 made
 * from the parsed request would say {@code Call-ID:}), and each is counted as
 * {@code overload:refused_503}.
 */
class StreamOverloadTest {
    @TempDir
    Path home;
    private ServerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aTcpFloodIsRefusedFromTheRequestHeadsAndCounted() throws Exception {
        // over TCP an answered non-INVITE transaction ends at once (Timer J is 0), but an INVITE answered
        // 404 waits for its ACK (Timer H, 32 s): after two such INVITEs the table is past a bound of 1
        fixture = new ServerFixture(home).configure(b -> b.moduleParam("overload.transaction_limit", "1")
                .moduleParam("overload.retry_after", "7").moduleParam("overload.source_allowance", "0")).start();
        try (Socket phone = new Socket()) {
            phone.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            phone.connect(fixture.tcpAddress(), 5000);
            phone.setSoTimeout(5000);
            InputStream in = phone.getInputStream();
            for (String id : List.of("first", "second")) {
                phone.getOutputStream().write(request("INVITE", phone, id, ""));
                assertFalse(nextFinal(in).startsWith("SIP/2.0 503"), "before the bound " + id + " is served");
            }
            int flood = 20;
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int i = 0; i < flood; i++) {
                burst.writeBytes(request("OPTIONS", phone, "flood" + i, ""));
            }
            phone.getOutputStream().write(burst.toByteArray()); // in one go, as a flood arrives
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < flood; i++) {
                replies.add(nextFinal(in));
            }
            for (String r : replies) {
                assertTrue(r.startsWith("SIP/2.0 503 Service Unavailable"), r);
                assertTrue(r.contains("\r\ncall-id: flood") && !r.contains("Call-ID:"),
                        "the 503 copies the raw Call-ID line of the request's head: " + r);
                assertTrue(r.contains("Retry-After: 7") && r.contains(";tag=sc503"), r);
            }
            phone.getOutputStream().write(request("OPTIONS", phone, "in-dialog", ";tag=abc"));
            assertFalse(nextFinal(in).startsWith("SIP/2.0 503"), "an in-dialog request is not refused");
        }
        assertEquals((long) 20, fixture.server().services().get(Statistics.class).snapshot("overload:")
                .get("overload:refused_503"));
    }

    /** The same over WebSocket: a flood on one connection refused from the heads, counted. */
    @Test
    void aWebSocketFloodIsRefusedFromTheRequestHeadsToo() throws Exception {
        fixture = new ServerFixture(home).configure(b -> b.moduleParam("overload.transaction_limit", "1")
                .moduleParam("overload.retry_after", "7").moduleParam("overload.source_allowance", "0")).start();
        try (WebSocketEndpoint endpoint = WebSocketEndpoint.of(fixture.server());
                WsSipClient phone = new WsSipClient(endpoint.uri(), "flood0ws.invalid")) {
            for (String id : List.of("first", "second")) {
                phone.send(text("INVITE", "WS flood0ws.invalid", 0, id, ""));
                assertFalse(phone.receive("SIP/2.0 4", Duration.ofSeconds(5)).startsWith("SIP/2.0 503"),
                        "before the bound " + id + " is served");
            }
            for (int i = 0; i < 10; i++) {
                phone.send(text("OPTIONS", "WS flood0ws.invalid", 0, "wsflood" + i, ""));
            }
            for (int i = 0; i < 10; i++) {
                String r = phone.receive("SIP/2.0 ", Duration.ofSeconds(5));
                assertTrue(r.startsWith("SIP/2.0 503 Service Unavailable") && r.contains("\r\ncall-id: wsflood")
                        && r.contains("Retry-After: 7"), "refused from the raw head: " + r);
            }
        }
        assertEquals(10L, fixture.server().services().get(Statistics.class).snapshot("overload:")
                .get("overload:refused_503"));
    }

    private static byte[] request(String method, Socket phone, String id, String toTag) {
        return text(method, "TCP " + phone.getLocalAddress().getHostAddress(), phone.getLocalPort(), id, toTag)
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A request from {@code transportAndHost} ("TCP 127.0.0.2"), its port 0 when it has none. */
    private static String text(String method, String transportAndHost, int port, String id, String toTag) {
        String host = transportAndHost.substring(transportAndHost.indexOf(' ') + 1);
        String sentBy = host + (port > 0 ? ":" + port : "");
        String text = method + " sip:x@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transportAndHost + (port > 0 ? ":" + port : "")
                + ";branch=z9hG4bK-" + id + "\r\n"
                + "From: <sip:a@example.com>;tag=1\r\nTo: <sip:x@example.com>" + toTag + "\r\ncall-id: " + id
                + "@overload\r\nCSeq: 1 " + method + "\r\nMax-Forwards: 70\r\n"
                + "Contact: <sip:a@" + sentBy + ";transport=" + transportAndHost.substring(0,
                        transportAndHost.indexOf(' ')).toLowerCase(java.util.Locale.ROOT) + ">\r\nContent-Length: 0\r\n\r\n";
        return text;
    }

    /** The next final response on the connection (provisional ones skipped). */
    private static String nextFinal(InputStream in) throws IOException {
        while (true) {
            String r = nextMessage(in);
            if (!r.startsWith("SIP/2.0 1")) {
                return r;
            }
        }
    }

    /** One message: its header section and the body its Content-Length announces. */
    private static String nextMessage(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            if (head.size() == 0 && (b == '\r' || b == '\n')) {
                continue; // a keep-alive CRLF between messages
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?im)^(?:Content-Length|l)\\s*:\\s*(\\d+)")
                .matcher(text);
        int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new SocketTimeoutException("body cut short");
        }
        return text + new String(body, StandardCharsets.US_ASCII);
    }
}
