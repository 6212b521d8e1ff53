package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sip.RequestEvent;

import org.example.testapps.FlowServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.DarText;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;
import io.sipcontainer.it.support.WebSocketEndpoint;
import io.sipcontainer.it.support.WsSipClient;

/**
 * RFC 5626 flows end to end, against {@link FlowServlet} deployed as a .sar in the real server and
 * a hand-written client on a real TCP connection: the REGISTER's flow names the connection's two
 * ends; an OPTIONS of a session pinned to the flow comes back over that connection although its
 * Request-URI names another host; when the client closes its socket the application's flow
 * listener runs (it tells a UDP observer with a MESSAGE); so does the listener of a WebSocket
 * REGISTER's flow when the WebSocket client closes. The server answers a double-CRLF
 * keep-alive ping with a single CRLF (RFC 5626 4.4.1).
 */
class FlowTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path home;
    private ServerFixture fixture;
    private SipAgent observer;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(home).dar(DarText.route("REGISTER", "flows"));
        fixture.deploy(SarBuilder.named("flows.sar").sipXml(SarBuilder.sipXml("flows", "flows",
                FlowServlet.class.getName())).withClasses(FlowServlet.class));
        fixture.start();
        fixture.awaitDeployed("flows", WAIT);
        observer = new SipAgent();
    }

    @AfterEach
    void stop() {
        if (observer != null) {
            observer.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theFlowOfATcpRegisterCarriesRequestsAndFailsWhenTheClientClosesItsSocket() throws Exception {
        TcpPhone phone = TcpPhone.connect(fixture.tcpAddress());
        phone.send(register(phone, "X-Observer: " + observer.uri("observer") + "\r\nX-Pin: yes\r\n"));
        String ok = phone.receive(WAIT);
        assertTrue(ok.startsWith("SIP/2.0 200"), ok);
        assertEquals("sip:127.0.0.1:" + phone.localAddress().split(":")[1] + ";transport=tcp",
                header(ok, "X-Flow-Remote"), "the flow's remote end is the client's socket");
        assertEquals("sip:127.0.0.1:" + fixture.tcpAddress().getPort() + ";transport=tcp",
                header(ok, "X-Flow-Local"), "its local end the server's listener");
        assertEquals("TCP", header(ok, "X-Flow-Transport"));
        assertEquals("true", header(ok, "X-Same-Flow"), "two looks at one flow are equal");

        String options = phone.receive(WAIT);
        assertTrue(options.startsWith("OPTIONS sip:client@192.0.2.1:5999"), "sent over the pinned flow: " + options);
        assertEquals("true", header(options, "X-Pinned"));
        phone.send("SIP/2.0 200 OK\r\nVia: " + header(options, "Via") + "\r\nFrom: " + header(options, "From")
                + "\r\nTo: " + header(options, "To") + ";tag=phone\r\nCall-ID: " + header(options, "Call-ID")
                + "\r\nCSeq: " + header(options, "CSeq") + "\r\nContent-Length: 0\r\n\r\n");

        phone.close();
        RequestEvent failed = observer.awaitRequest("MESSAGE", WAIT);
        String text = new String(failed.getRequest().getRawContent(), StandardCharsets.UTF_8);
        assertEquals("flow failed sip:127.0.0.1:" + phone.localAddress().split(":")[1] + ";transport=tcp", text);
        observer.respond(failed, 200);
        assertTrue(observer.pollRequest("MESSAGE", Duration.ofSeconds(1)).isEmpty(),
                "one listener told, once: the removed one is not");
    }

    @Test
    void theFlowOfAWebSocketRegisterFailsWhenTheClientClosesItsConnection() throws Exception {
        try (WebSocketEndpoint endpoint = WebSocketEndpoint.of(fixture.server());
                WsSipClient client = new WsSipClient(endpoint.uri(), "fl0w.invalid")) {
            String callId = "wsflow-" + System.nanoTime();
            client.send(client.request("REGISTER", "sip:127.0.0.1:" + endpoint.port() + ";transport=ws", "alice",
                    "sip:alice@example.com", callId, List.of("X-Observer: " + observer.uri("observer"),
                            "Supported: outbound"), null));
            String ok = client.receive("SIP/2.0 ", WAIT);
            assertTrue(ok.startsWith("SIP/2.0 200"), ok);
            assertEquals("WS", header(ok, "X-Flow-Transport"));
            assertEquals("sip:127.0.0.1:" + endpoint.port() + ";transport=ws", header(ok, "X-Flow-Local"),
                    "the flow's local end is the HTTP port serving WebSocket");
            String remote = header(ok, "X-Flow-Remote");
            assertTrue(remote.startsWith("sip:127.0.0.1:") && remote.endsWith(";transport=ws"), remote);

            client.close();
            RequestEvent failed = observer.awaitRequest("MESSAGE", WAIT);
            assertEquals("flow failed " + remote,
                    new String(failed.getRequest().getRawContent(), StandardCharsets.UTF_8));
            observer.respond(failed, 200);
            assertTrue(observer.pollRequest("MESSAGE", Duration.ofMillis(500)).isEmpty(),
                    "one listener told, once: the removed one is not");
        }
    }

    @Test
    void aDoubleCrlfPingGetsASingleCrlfPong() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(fixture.tcpAddress(), 5000);
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] pong = in.readNBytes(2);
            assertEquals("\r\n", new String(pong, StandardCharsets.US_ASCII), "RFC 5626 4.4.1 pong");
        }
    }

    private String register(TcpPhone phone, String extra) {
        InetSocketAddress server = fixture.tcpAddress();
        String callId = "flow-" + System.nanoTime();
        return "REGISTER sip:127.0.0.1:" + server.getPort() + ";transport=tcp SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP " + phone.localAddress() + ";branch=z9hG4bK" + callId + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=f1\r\n"
                + "To: <sip:alice@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 REGISTER\r\n"
                + "Contact: <sip:alice@" + phone.localAddress() + ";transport=tcp>;reg-id=1;"
                + "+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000a95a0e128>\"\r\n"
                + "Supported: outbound\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n";
    }

    private static String header(String message, String name) {
        Matcher m = Pattern.compile("(?mi)^" + Pattern.quote(name) + ":\\s*(.*?)\\s*$").matcher(message);
        return m.find() ? m.group(1) : null;
    }
}
