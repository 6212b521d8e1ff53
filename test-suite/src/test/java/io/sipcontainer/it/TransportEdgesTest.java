package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
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
        start(null, settings);
    }

    /** Starts the shipped registrar and proxy; {@code tcpLifetime}: tcp_connection_lifetime, null for the default. */
    private void start(Duration tcpLifetime, String... settings) throws Exception {
        fixture = new ServerFixture(home)
                .dar(Files.readString(Path.of("..", "conf", "dar.properties"), StandardCharsets.UTF_8))
                .configure(b -> {
                    for (int i = 0; i < settings.length; i += 2) {
                        b.moduleParam(settings[i], settings[i + 1]);
                    }
                    return tcpLifetime == null ? b : b.tcpConnectionLifetime(tcpLifetime);
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

    // --- TCP phones whose registration connection closed -------------------------------------

    /** A REGISTER of bob over the phone's connection, with the phone's listening port in Via and Contact. */
    private String register(TcpPhone connection, int listeningPort) {
        String id = UUID.randomUUID().toString().replace("-", "");
        String me = "127.0.0.1:" + listeningPort;
        return "REGISTER sip:" + server() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP " + me + ";branch=z9hG4bK" + id + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:bob@" + server() + ">;tag=r" + id.substring(0, 6) + "\r\n"
                + "To: <sip:bob@" + server() + ">\r\n"
                + "Call-ID: " + id + "@bob\r\n"
                + "CSeq: 1 REGISTER\r\n"
                + "Contact: <sip:bob@" + me + ";transport=tcp>\r\n"
                + "Expires: 600\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /** An INVITE from the raw UDP client to bob, through the proxy. */
    private String inviteBob() {
        String id = UUID.randomUUID().toString().replace("-", "");
        return "INVITE sip:bob@" + server() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + raw.port() + ";branch=z9hG4bK" + id + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:carol@127.0.0.1:" + raw.port() + ">;tag=c" + id.substring(0, 6) + "\r\n"
                + "To: <sip:bob@" + server() + ">\r\n"
                + "Call-ID: " + id + "@carol\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:carol@127.0.0.1:" + raw.port() + ">\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /** bob registers over a new TCP connection, which the phone then hangs up. */
    private void registerThenClose(ServerSocket phone) throws Exception {
        try (TcpPhone connection = register(phone)) {
            connection.hangUp(WAIT);
        }
    }

    /** bob registers over a new TCP connection, left open. */
    private TcpPhone register(ServerSocket phone) throws Exception {
        TcpPhone connection = TcpPhone.connect(fixture.tcpAddress());
        connection.send(register(connection, phone.getLocalPort()));
        String ok = connection.receive(WAIT);
        assertTrue(ok.startsWith("SIP/2.0 200 "), ok);
        return connection;
    }

    /** bob's phone gets an INVITE on a new connection to its listening port and answers 486 on it. */
    private void callReachesThePhoneOnANewConnection(ServerSocket phone, String what) throws Exception {
        raw.sendOnly(inviteBob());
        try (TcpPhone incoming = TcpPhone.accept(phone, WAIT)) {
            String invite = incoming.receive(WAIT);
            assertTrue(invite.startsWith("INVITE sip:bob@127.0.0.1:" + phone.getLocalPort()), what + ": " + invite);
            incoming.send(response(invite, "486 Busy Here"));
            Reply busy = raw.awaitFinal();
            assertEquals(486, busy.status(), what + ": " + busy.text());
            // the proxy's ACK for the 486 comes on the same connection
            String ack = incoming.receive(WAIT);
            assertTrue(ack.startsWith("ACK "), what + ": " + ack);
            incoming.hangUp(WAIT);
        }
    }

    /**
     * A phone with a public address (no NAT detected: nat_uac_test 0) is called after its
     * registration connection closed: the proxy opens a new connection to the registered contact.
     * (JAIN-SIP used to send on the dead connection kept in its caches.)
     */
    @Test
    void aCallToATcpPhoneWhoseConnectionClosedOpensANewConnection() throws Exception {
        start("registrar.nat_uac_test", "0");
        try (ServerSocket phone = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            registerThenClose(phone);
            callReachesThePhoneOnANewConnection(phone, "first call");
            // the first call's connection was hung up by the phone in turn: the next call opens another
            callReachesThePhoneOnANewConnection(phone, "second call");
        }
    }

    /** The server closes the registration connection itself (tcp_connection_lifetime); the call still arrives. */
    @Test
    void aCallToATcpPhoneWhoseConnectionTheServerClosedOpensANewConnection() throws Exception {
        start(Duration.ofSeconds(1), "registrar.nat_uac_test", "0");
        try (ServerSocket phone = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                TcpPhone registration = register(phone)) {
            registration.awaitClosedByServer(Duration.ofSeconds(10));
            callReachesThePhoneOnANewConnection(phone, "after an idle close");
        }
    }

    /**
     * Nobody listens at the registered contact any more (the phone is gone, or it was behind NAT and
     * its connection was the only way in): the caller gets a final error in bounded time, not silence.
     */
    @Test
    void aCallToATcpPhoneNobodyListensForAnyMoreFailsFast() throws Exception {
        start("registrar.nat_uac_test", "0");
        ServerSocket phone = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        try (phone) {
            registerThenClose(phone);
        }
        long begin = System.nanoTime();
        raw.sendOnly(inviteBob());
        Reply failed = raw.awaitFinal();
        long millis = (System.nanoTime() - begin) / 1_000_000;
        assertTrue(Set.of(408, 477, 503).contains(failed.status()), failed.text());
        assertTrue(millis < 5000, "within " + millis + " ms");
    }

    @Test
    void aCallToATcpPhoneBehindNatWhoseConnectionClosedFailsFast() throws Exception {
        start(); // the default nat_uac_test 19: the Via port is not the source port, so received = the connection's source
        try (ServerSocket phone = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            registerThenClose(phone);
            long begin = System.nanoTime();
            raw.sendOnly(inviteBob());
            Reply failed = raw.awaitFinal();
            long millis = (System.nanoTime() - begin) / 1_000_000;
            assertTrue(Set.of(408, 477, 503).contains(failed.status()), failed.text());
            assertTrue(millis < 5000, "within " + millis + " ms");
        }
    }

    // --- per-dialog order over TCP --------------------------------------------------------------

    /**
     * A caller on TCP sends the ACK for the 200 and the BYE right behind it, in one write, through the
     * record-routing proxy: the callee gets them in that order (README "Message order").
     */
    @Test
    void anAckAndTheByeRightBehindItLeaveInTheOrderTheyArrivedOverTcp() throws Exception {
        start("registrar.nat_uac_test", "0");
        try (ServerSocket phone = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                TcpPhone registration = register(phone);
                TcpPhone caller = TcpPhone.connect(fixture.tcpAddress())) {
            String bobContact = "sip:bob@127.0.0.1:" + phone.getLocalPort() + ";transport=tcp";
            String id = UUID.randomUUID().toString().replace("-", "");
            String dialog = "From: <sip:carol@example.com>;tag=c" + id.substring(0, 6) + "\r\n"
                    + "Call-ID: " + id + "@carol\r\n";
            caller.send("INVITE sip:bob@" + server() + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/TCP " + caller.localAddress() + ";branch=z9hG4bK" + id + "i\r\n"
                    + "Max-Forwards: 70\r\n" + dialog
                    + "To: <sip:bob@" + server() + ">\r\n"
                    + "CSeq: 1 INVITE\r\n"
                    + "Contact: <sip:carol@" + caller.localAddress() + ";transport=tcp>\r\n"
                    + "Content-Length: 0\r\n\r\n");
            try (TcpPhone callee = TcpPhone.accept(phone, WAIT)) {
                String invite = callee.receive(WAIT);
                StringBuilder ok = new StringBuilder(response(invite, "200 OK").replace("Content-Length: 0\r\n\r\n", ""));
                ok.append("Contact: <").append(bobContact).append(">\r\n");
                for (String rr : headerValues(invite, "Record-Route")) {
                    ok.append("Record-Route: ").append(rr).append("\r\n");
                }
                callee.send(ok.append("Content-Length: 0\r\n\r\n").toString());

                String answered = caller.receive(WAIT);
                while (answered.startsWith("SIP/2.0 1")) {
                    answered = caller.receive(WAIT);
                }
                assertTrue(answered.startsWith("SIP/2.0 200 "), answered);
                // the UAC's route set: the Record-Route of the 200, reversed (RFC 3261 12.1.2)
                List<String> routes = new ArrayList<>(headerValues(answered, "Record-Route"));
                Collections.reverse(routes);
                String inDialog = "Max-Forwards: 70\r\n" + dialog + "To: " + headerValues(answered, "To").get(0)
                        + "\r\nRoute: " + String.join(", ", routes) + "\r\n";
                caller.send("ACK " + bobContact + " SIP/2.0\r\n"
                        + "Via: SIP/2.0/TCP " + caller.localAddress() + ";branch=z9hG4bK" + id + "a\r\n"
                        + inDialog + "CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n"
                        + "BYE " + bobContact + " SIP/2.0\r\n"
                        + "Via: SIP/2.0/TCP " + caller.localAddress() + ";branch=z9hG4bK" + id + "b\r\n"
                        + inDialog + "CSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n");

                String first = callee.receive(WAIT);
                String second = callee.receive(WAIT);
                assertEquals("ACK then BYE", first.substring(0, 3) + " then " + second.substring(0, 3),
                        "in the order they arrived:\n" + first + "\n" + second);
                callee.send(response(second, "200 OK"));
                String byeAnswered = caller.receive(WAIT);
                assertTrue(byeAnswered.startsWith("SIP/2.0 200 ") && byeAnswered.contains(" BYE"), byeAnswered);
            }
        }
    }

    /** The values of a header in a message as text; the entries of a Record-Route line one by one. */
    private static List<String> headerValues(String message, String name) {
        List<String> values = new ArrayList<>();
        for (String line : message.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                String value = line.substring(colon + 1).strip();
                if (name.equalsIgnoreCase("Record-Route")) {
                    for (String entry : value.split(",(?=\\s*<)")) {
                        values.add(entry.strip());
                    }
                } else {
                    values.add(value);
                }
            }
        }
        return values;
    }

    /** A response to a request received as text: its Via, From, To (tagged), Call-ID and CSeq. */
    private static String response(String request, String statusLine) {
        StringBuilder r = new StringBuilder("SIP/2.0 ").append(statusLine).append("\r\n");
        for (String line : request.split("\r\n")) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("via:") || lower.startsWith("from:") || lower.startsWith("call-id:")
                    || lower.startsWith("cseq:")) {
                r.append(line).append("\r\n");
            } else if (lower.startsWith("to:")) {
                r.append(line).append(";tag=bob1\r\n");
            }
        }
        return r.append("Content-Length: 0\r\n\r\n").toString();
    }
}
