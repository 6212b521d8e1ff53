package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.RegisterClient.Reply;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.WebSocketEndpoint;
import io.sipcontainer.it.support.WsSipClient;

/**
 * Protocol and transport edges of issue 15 on the shipped registrar and proxy (conf/dar.properties):
 * a request of an unknown SIP version, and calls to TCP phones whose registration connection closed.
 */
class TransportEdgesTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path home;
    private ServerFixture fixture;
    private RawSipClient raw;
    private WebSocketEndpoint endpoint;

    private void start(String... settings) throws Exception {
        fixture = new ServerFixture(home)
                .dar(Files.readString(Path.of("..", "conf", "dar.properties"), StandardCharsets.UTF_8))
                .configure(b -> {
                    for (int i = 0; i < settings.length; i += 2) {
                        b.moduleParam(settings[i], settings[i + 1]);
                    }
                    return b;
                });
        DefaultProxyTest.deploy("proxy", fixture.deployDir());
        DefaultProxyTest.deploy("registrar", fixture.deployDir());
        fixture.start();
        raw = new RawSipClient(fixture.udpAddress());
    }

    @AfterEach
    void stop() throws Exception {
        if (raw != null) {
            raw.close();
        }
        if (fixture != null) {
            fixture.close();
        }
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private String server() {
        return "127.0.0.1:" + fixture.udpPort();
    }

    // --- RFC 3261 21.5.6: 505 Version Not Supported --------------------------------------------

    /** An OPTIONS to the server itself, which the default proxy answers "200 Keepalive" when it gets to see it. */
    private static String options(String version, String transport, String sentBy, String requestUri) {
        String id = UUID.randomUUID().toString().replace("-", "");
        return "OPTIONS " + requestUri + " " + version + "\r\n"
                + "Via: SIP/2.0/" + transport + " " + sentBy + ";branch=z9hG4bK" + id + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:carol@example.com>;tag=v" + id.substring(0, 6) + "\r\n"
                + "To: <" + requestUri + ">\r\n"
                + "Call-ID: " + id + "@test\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    @Test
    void aSip30RequestGets505OverUdpTcpAndWebSocketAndSip20StillWorks() throws Exception {
        start();
        String uri = "sip:" + server();
        String sentBy = "127.0.0.1:" + raw.port();
        Reply control = raw.send(options("SIP/2.0", "UDP", sentBy, uri));
        assertEquals("200 Keepalive", control.status() + " " + control.reason(), "the proxy answers a SIP/2.0 OPTIONS");
        assertEquals(505, raw.send(options("SIP/3.0", "UDP", sentBy, uri)).status(), "over UDP");

        try (TcpPhone tcp = TcpPhone.connect(fixture.tcpAddress())) {
            tcp.send(options("SIP/3.0", "TCP", tcp.localAddress(), uri));
            String reply = tcp.receive(WAIT);
            assertTrue(reply.startsWith("SIP/2.0 505 "), "over TCP: " + reply);
        }

        endpoint = WebSocketEndpoint.of(fixture.server());
        try (WsSipClient ws = new WsSipClient(endpoint.uri(), "v3rs1on.invalid")) {
            ws.send(ws.request("OPTIONS", uri, "carol", uri, "ws-version", List.of(), null)
                    .replaceFirst(" SIP/2\\.0\r\n", " SIP/3.0\r\n"));
            String reply = ws.receive(WAIT);
            assertTrue(reply.startsWith("SIP/2.0 505 "), "over WebSocket: " + reply);
        }
    }
}
