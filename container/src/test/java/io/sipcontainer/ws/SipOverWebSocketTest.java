package io.sipcontainer.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.config.ListenSpec;
import io.sipcontainer.config.Transport;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.service.ServerInfo;
import io.sipcontainer.service.Statistics;
import io.sipcontainer.stack.StackException;

/**
 * SIP over WebSocket on a real server: the stack's WS transport on a Jetty HTTP port, Kamailio's
 * handshake replies from raw HTTP, SIP exchanged with the JDK's WebSocket client, keep-alives,
 * statistics and the {@code ws.*} commands.
 */
class SipOverWebSocketTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path home;
    private SipServerWithJetty server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private SipServerWithJetty start() throws Exception {
        return start(b -> b);
    }

    private SipServerWithJetty start(java.util.function.UnaryOperator<io.sipcontainer.config.ServerConfig.Builder> adjust)
            throws Exception {
        server = SipServerWithJetty.start(home, adjust);
        return server;
    }

    private Map<String, Long> stats() {
        return server.sip.services().get(Statistics.class).snapshot("websocket:");
    }

    private Object rpc(String method, Object... params) throws Exception {
        return server.sip.services().get(RpcRegistry.class).call(method, new RpcParams(List.of(params)));
    }

    // --- the transport ---------------------------------------------------------------------------

    @Test
    void theHttpPortBecomesAWsTransportOfTheStack() throws Exception {
        start();
        assertEquals(server.httpPort(), server.wsConnector().port());
        assertEquals("127.0.0.1", server.wsConnector().host());
        assertTrue(server.sip.services().get(ServerInfo.class).isMyself("127.0.0.1", server.httpPort(), false),
                "a Route to the WebSocket port is ours");
    }

    @Test
    void aListenLineForWebSocketIsRefusedAtStartUp() {
        StackException e = assertThrows(StackException.class,
                () -> start(b -> b.listen(ListenSpec.of(Transport.WS, "127.0.0.1", 0))));
        assertTrue(e.getMessage().contains("served on the HTTP port"), e.getMessage());
    }

    // --- handshake -------------------------------------------------------------------------------

    @Test
    void validHandshakeGets101WithSipSubProtocolAndTheRfc6455Accept() throws Exception {
        start();
        RawHandshake.Reply reply = RawHandshake.send(server.httpPort(), "/", RawHandshake.validHeaders());
        assertEquals(101, reply.status());
        assertEquals("sip", reply.header("Sec-WebSocket-Protocol"));
        assertEquals(RawHandshake.ACCEPT, reply.header("Sec-WebSocket-Accept"));
        assertEquals("websocket", reply.header("Upgrade").toLowerCase());
        assertNull(reply.header("Sec-WebSocket-Extensions"), "no extension is negotiated");
    }

    @Test
    void handshakeWithoutSipSubProtocolOrKeyGets400SayingWhatIsExpected() throws Exception {
        start();
        List<String> noProtocol = RawHandshake.validHeaders();
        noProtocol.remove("Sec-WebSocket-Protocol: sip");
        List<String> chat = RawHandshake.validHeaders();
        chat.set(chat.indexOf("Sec-WebSocket-Protocol: sip"), "Sec-WebSocket-Protocol: chat, msrp");
        List<String> noKey = RawHandshake.validHeaders();
        noKey.remove("Sec-WebSocket-Key: " + RawHandshake.KEY);
        for (List<String> headers : List.of(noProtocol, chat, noKey)) {
            RawHandshake.Reply reply = RawHandshake.send(server.httpPort(), "/", headers);
            assertEquals(400, reply.status(), headers.toString());
            assertEquals("sip", reply.header("Sec-WebSocket-Protocol"), headers.toString());
            assertEquals("13", reply.header("Sec-WebSocket-Version"), headers.toString());
        }
        assertEquals(3, stats().get("websocket:ws_failed_handshakes"));
        assertEquals(0, stats().get("websocket:ws_successful_handshakes"));
    }

    @Test
    void duplicatedKeyOrVersionGets400WithoutHintsAsKamailioAnswers() throws Exception {
        start();
        List<String> twoKeys = RawHandshake.validHeaders();
        twoKeys.add("Sec-WebSocket-Key: " + RawHandshake.KEY);
        List<String> twoVersions = RawHandshake.validHeaders();
        twoVersions.add("Sec-WebSocket-Version: 13");
        for (List<String> headers : List.of(twoKeys, twoVersions)) {
            RawHandshake.Reply reply = RawHandshake.send(server.httpPort(), "/", headers);
            assertEquals(400, reply.status(), headers.toString());
            assertNull(reply.header("Sec-WebSocket-Protocol"), headers.toString());
        }
    }

    @Test
    void wrongVersionGets426UpgradeRequiredNamingVersion13() throws Exception {
        start();
        List<String> headers = RawHandshake.validHeaders();
        headers.set(headers.indexOf("Sec-WebSocket-Version: 13"), "Sec-WebSocket-Version: 8");
        RawHandshake.Reply reply = RawHandshake.send(server.httpPort(), "/", headers);
        assertEquals(426, reply.status());
        assertEquals("13", reply.header("Sec-WebSocket-Version"));
        assertNull(reply.header("Sec-WebSocket-Protocol"));
    }

    @Test
    void aPlainGetIsLeftToOtherHandlers() throws Exception {
        start();
        assertEquals(404, RawHandshake.send(server.httpPort(), "/", List.of("Connection: keep-alive")).status());
        assertEquals(0, stats().get("websocket:ws_failed_handshakes"), "not a WebSocket handshake at all");
    }

    @Test
    void wsDisableRefusesHandshakesWith503UntilWsEnable() throws Exception {
        start();
        rpc("ws.disable");
        assertEquals(503, RawHandshake.send(server.httpPort(), "/", RawHandshake.validHeaders()).status());
        rpc("ws.enable");
        assertEquals(101, RawHandshake.send(server.httpPort(), "/", RawHandshake.validHeaders()).status());
    }

    @Test
    void corsMode2EchoesTheOrigin() throws Exception {
        start(b -> b.moduleParam("websocket.cors_mode", "2"));
        List<String> headers = RawHandshake.validHeaders();
        headers.add("Origin: https://app.example.com");
        RawHandshake.Reply reply = RawHandshake.send(server.httpPort(), "/", headers);
        assertEquals(101, reply.status());
        assertEquals("https://app.example.com", reply.header("Access-Control-Allow-Origin"));
    }

    @Test
    void theEndpointIsServedAtWebsocketPath() throws Exception {
        start(b -> b.moduleParam("websocket.path", "/sip"));
        assertEquals(101, RawHandshake.send(server.httpPort(), "/sip", RawHandshake.validHeaders()).status());
        assertEquals(404, RawHandshake.send(server.httpPort(), "/other", RawHandshake.validHeaders()).status());
    }

    // --- SIP over the connection -----------------------------------------------------------------

    static String options(String callId, String viaHost) {
        return "OPTIONS sip:127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/WS " + viaHost + ";branch=z9hG4bK-" + callId + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@example.com>;tag=a-" + callId + "\r\n"
                + "To: <sip:bob@example.com>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Contact: <sip:alice@" + viaHost + ";transport=ws>\r\n"
                + "\r\n";
    }

    @Test
    void aRequestIsAnsweredOnItsConnectionWithReceivedAndRportOnTheVia() throws Exception {
        start();
        try (WsSipClient client = new WsSipClient(server.wsUri("/"))) {
            client.send(options("ws-options-1", "df7jal23ls0d.invalid"));
            String response = client.receive(WAIT);
            assertTrue(response.startsWith("SIP/2.0 "), response);
            assertTrue(response.contains("Call-ID: ws-options-1"), response);
            Matcher via = Pattern.compile("Via: SIP/2.0/WS df7jal23ls0d\\.invalid;branch=z9hG4bK-ws-options-1"
                    + ";received=127\\.0\\.0\\.1;rport=(\\d+)").matcher(response);
            assertTrue(via.find(), response);
            assertTrue(Integer.parseInt(via.group(1)) > 0);
        }
        assertEquals(1, stats().get("websocket:ws_successful_handshakes"));
        assertEquals(1, stats().get("websocket:ws_received_frames"));
        // counted when Jetty reports the write done, which may be just after the client has read it
        Await.until(() -> stats().get("websocket:ws_transmitted_frames") == 1, WAIT, "the response is counted");
    }

    @Test
    void aRequestInABinaryMessageIsAnsweredToo() throws Exception {
        start();
        try (WsSipClient client = new WsSipClient(server.wsUri("/"))) {
            client.socket().sendBinary(java.nio.ByteBuffer.wrap(options("ws-binary", "bin.invalid")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)), true).get(5, TimeUnit.SECONDS);
            assertTrue(client.receive(WAIT).contains("Call-ID: ws-binary"));
        }
    }

    @Test
    void anUnparsableRequestGets400AndTheConnectionStaysUsable() throws Exception {
        start();
        try (WsSipClient client = new WsSipClient(server.wsUri("/"))) {
            client.send(options("ws-bad", "bad.invalid").replace("CSeq: 1 OPTIONS", "CSeq: x OPTIONS"));
            assertTrue(client.receive(WAIT).startsWith("SIP/2.0 400 "));
            client.send(options("ws-good", "bad.invalid"));
            assertTrue(client.receive(WAIT).contains("Call-ID: ws-good"));
        }
    }

    @Test
    void aCrlfKeepAliveIsAnsweredWithCrlf() throws Exception {
        start();
        try (WsSipClient client = new WsSipClient(server.wsUri("/"))) {
            client.send("\r\n\r\n");
            assertEquals("\r\n", client.receive(WAIT));
            client.send("\r\n");
            assertNull(client.poll(Duration.ofMillis(300)), "a single CRLF is a pong: nothing answers it");
        }
    }

    @Test
    void anIdleConnectionGetsAPingCarryingTheServerHeader() throws Exception {
        start(b -> b.moduleParam("websocket.keepalive_timeout", "1").serverHeader("sipcontainer-test"));
        try (WsSipClient client = new WsSipClient(server.wsUri("/"))) {
            assertEquals("sipcontainer-test", client.awaitPing(WAIT));
            Await.until(() -> stats().get("websocket:ws_received_frames") >= 1, WAIT,
                    "the JDK's Pong is received");
        }
    }

    @Test
    void wsDumpListsConnectionsInKamailiosFormatAndWsCloseClosesOne() throws Exception {
        start();
        try (WsSipClient client = new WsSipClient(server.wsUri("/"))) {
            client.send(options("ws-dump", "dump.invalid"));
            client.receive(WAIT);
            @SuppressWarnings("unchecked")
            Map<String, Object> dump = (Map<String, Object>) rpc("ws.dump");
            @SuppressWarnings("unchecked")
            List<String> lines = (List<String>) dump.get("connections");
            assertEquals(1, lines.size(), dump.toString());
            Matcher line = Pattern.compile("(\\d+): ws:127\\.0\\.0\\.1:\\d+ -> ws:127\\.0\\.0\\.1:" + server.httpPort()
                    + " \\(state: OPEN,  last used \\d+s ago, sub-protocol: sip\\)").matcher(lines.get(0));
            assertTrue(line.matches(), lines.get(0));
            assertEquals(Map.of("wscounter", 1, "truncated", "no"), dump.get("info"));
            assertEquals(1, stats().get("websocket:ws_current_connections"));

            rpc("ws.close", line.group(1));
            assertEquals(1000, client.awaitClose(WAIT));
            Await.until(() -> stats().get("websocket:ws_current_connections") == 0,
                    WAIT, "the closed connection is gone");
            assertEquals(1, stats().get("websocket:ws_local_closed_connections"));
            assertEquals(1, stats().get("websocket:ws_sip_local_closed_connections"));
        }
        assertThrows(io.sipcontainer.service.RpcException.class, () -> rpc("ws.close", "999"));
        assertThrows(io.sipcontainer.service.RpcException.class, () -> rpc("ws.dump", "sideways"));
    }

    @Test
    void aCloseFromTheClientCountsAsRemote() throws Exception {
        start();
        WsSipClient client = new WsSipClient(server.wsUri("/"));
        // counted first: the client's handshake may return before the server has counted the connection
        Await.until(() -> stats().get("websocket:ws_current_connections") == 1, WAIT, "the connection is counted");
        client.socket().sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
        Await.until(() -> stats().get("websocket:ws_current_connections") == 0, WAIT, "the connection is gone");
        assertEquals(1, stats().get("websocket:ws_remote_closed_connections"), () -> "counted as " + stats());
        assertEquals(0, stats().get("websocket:ws_local_closed_connections"));
        assertEquals(1, stats().get("websocket:ws_max_concurrent_connections"));
        client.close();
    }

    @Test
    void everyKamailioStatisticNameIsPublished() throws Exception {
        start();
        for (String name : List.of("ws_current_connections", "ws_max_concurrent_connections", "ws_successful_handshakes",
                "ws_failed_handshakes", "ws_received_frames", "ws_transmitted_frames", "ws_local_closed_connections",
                "ws_remote_closed_connections", "ws_failed_connections", "ws_sip_current_connections",
                "ws_sip_max_concurrent_connections", "ws_sip_successful_handshakes", "ws_sip_received_frames",
                "ws_sip_transmitted_frames", "ws_msrp_current_connections")) {
            assertNotNull(stats().get("websocket:" + name), name);
        }
    }
}
