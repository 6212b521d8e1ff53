package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.config.Transport;
import io.sipcontainer.it.RegisterClient.Reply;
import io.sipcontainer.it.support.FreePort;
import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.Sipp;
import io.sipcontainer.it.support.SippResult;
import io.sipcontainer.service.Contact;
import io.sipcontainer.service.LocationService;

/**
 * IPv6 beside IPv4 on one server (UDP and TCP on 127.0.0.1 and [::1], same port): a client
 * registers over IPv6 and its Via gets {@code received}/{@code rport} with its IPv6 address; SIPp
 * callers on one family call users registered on the other through the default proxy application,
 * which sends from the socket of the callee's family and record-routes twice (one Record-Route per
 * socket, {@code r2=on}, as Kamailio's double record-routing); ACK and BYE from either side follow
 * the two routes. Also: a REGISTER over TCP on [::1], a reply to an IPv6 Via that is not the
 * source (sent to received/rport), and the wildcard [::] listener.
 */
class Ipv6Test {
    private static final Duration CALL_LIMIT = Duration.ofSeconds(30);
    private static final String V6 = "::1";
    private static final String V4 = "127.0.0.1";

    @TempDir
    Path home;
    private ServerFixture fixture;
    private int port;
    private int v6ListenPort;

    private void start() throws Exception {
        start(V6);
    }

    /** Starts with UDP and TCP on 127.0.0.1 and on {@code v6Host} ([::1] or the wildcard [::]). */
    private void start(String v6Host) throws Exception {
        port = FreePort.find();
        // the wildcard [::] takes IPv4 too (a dual-stack socket): it gets a port of its own
        int v6Port = "::".equals(v6Host) ? FreePort.find() : port;
        v6ListenPort = v6Port;
        fixture = new ServerFixture(home).sipPort(port)
                .dar(Files.readString(Path.of("..", "conf", "dar.properties"), StandardCharsets.UTF_8))
                .configure(b -> b.listen(Transport.UDP, v6Host, v6Port).listen(Transport.TCP, v6Host, v6Port));
        DefaultProxyTest.deploy("proxy", fixture.deployDir());
        DefaultProxyTest.deploy("registrar", fixture.deployDir());
        fixture.start();
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void registrationOverIpv6GetsReceivedAndRportAndIsStored() throws Exception {
        start();
        try (DatagramSocket phone = new DatagramSocket(new InetSocketAddress(V6, 0))) {
            String reply = registerOverUdp6(phone, "carol", "sip:carol@[::1]:" + phone.getLocalPort());
            assertTrue(reply.startsWith("SIP/2.0 200"), reply);
            Matcher via = Pattern.compile("(?m)^Via: SIP/2.0/UDP \\[::1\\]:(\\d+)(.*)$").matcher(reply);
            assertTrue(via.find(), "the reply's Via keeps the IPv6 sent-by: " + reply);
            Matcher received = Pattern.compile(";received=([0-9a-fA-F:\\[\\]]+)").matcher(via.group(2));
            assertTrue(received.find(), "received is set: " + via.group());
            assertEquals(InetAddress.getByName(V6), InetAddress.getByName(received.group(1)),
                    "received names the IPv6 source: " + via.group());
            assertTrue(via.group(2).contains(";rport=" + phone.getLocalPort()), "rport is the source port: " + via.group());
        }
        List<Contact> bindings = fixture.server().services().get(LocationService.class).lookup("carol");
        assertEquals(1, bindings.size(), "one binding: " + bindings);
        assertTrue(bindings.get(0).uri().contains("[::1]"), "the IPv6 contact is stored: " + bindings.get(0));
    }

    @Test
    void registrationOverIpv6TcpIsAnsweredOnItsConnection() throws Exception {
        start();
        try (java.net.Socket phone = new java.net.Socket()) {
            phone.bind(new InetSocketAddress(V6, 0));
            phone.connect(new InetSocketAddress(V6, port), 5000);
            String request = "REGISTER sip:[::1]:" + port + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/TCP [::1]:" + phone.getLocalPort() + ";branch=z9hG4bK" + UUID.randomUUID() + "\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:frank@[::1]>;tag=" + UUID.randomUUID() + "\r\n"
                    + "To: <sip:frank@[::1]>\r\n"
                    + "Call-ID: " + UUID.randomUUID() + "@[::1]\r\n"
                    + "CSeq: 1 REGISTER\r\n"
                    + "Contact: <sip:frank@[::1]:" + phone.getLocalPort() + ";transport=tcp>\r\n"
                    + "Expires: 600\r\n"
                    + "Content-Length: 0\r\n\r\n";
            phone.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            phone.setSoTimeout(5000);
            java.io.InputStream in = phone.getInputStream();
            StringBuilder text = new StringBuilder();
            while (!(text.toString().startsWith("SIP/2.0 2") && text.toString().endsWith("\r\n\r\n"))) {
                int b = in.read();
                assertTrue(b >= 0, "the server closed the connection: " + text);
                text.append((char) b);
                if (text.toString().startsWith("SIP/2.0 1") && text.toString().endsWith("\r\n\r\n")) {
                    text.setLength(0);
                }
            }
            assertTrue(text.toString().contains("Via: SIP/2.0/TCP [::1]:" + phone.getLocalPort()), text.toString());
        }
        List<Contact> bindings = fixture.server().services().get(LocationService.class).lookup("frank");
        assertEquals(1, bindings.size(), "one binding: " + bindings);
        assertTrue(bindings.get(0).uri().contains("[::1]"), bindings.get(0).toString());
    }

    @Test
    void theIpv6WildcardListenerTakesRegistrationsOverIpv6() throws Exception {
        start("::");
        try (DatagramSocket phone = new DatagramSocket(new InetSocketAddress(V6, 0))) {
            String reply = registerOverUdp6(phone, "erin", "sip:erin@[::1]:" + phone.getLocalPort());
            assertTrue(reply.startsWith("SIP/2.0 200"), reply);
            assertTrue(reply.contains(";rport=" + phone.getLocalPort()), reply);
        }
        assertEquals(1, fixture.server().services().get(LocationService.class).lookup("erin").size());
    }

    @Test
    void aReplyToAnIpv6ViaThatIsNotTheSourceGoesToTheReceivedAddressAndRport() throws Exception {
        start();
        try (DatagramSocket phone = new DatagramSocket(new InetSocketAddress(V6, 0))) {
            // a phone behind an IPv6 NAT/firewall: its Via names an address it does not send from
            String reply = registerOverUdp6(phone, "dave", "[2001:db8::5]:5060", "sip:dave@[2001:db8::5]:5060");
            assertTrue(reply.startsWith("SIP/2.0 200"), "the reply reached the real source: " + reply);
            Matcher via = Pattern.compile("(?m)^Via: SIP/2.0/UDP \\[2001:db8::5\\]:5060(.*)$").matcher(reply);
            assertTrue(via.find(), reply);
            Matcher received = Pattern.compile(";received=([0-9a-fA-F:]+)").matcher(via.group(1));
            assertTrue(received.find(), via.group());
            assertEquals(InetAddress.getByName(V6), InetAddress.getByName(received.group(1)), via.group());
            assertTrue(via.group(1).contains(";rport=" + phone.getLocalPort()), via.group());
        }
    }

    @Test
    void ipv4CallerReachesAUserRegisteredOverIpv6AndEitherSideHangsUp() throws Exception {
        Sipp.require();
        start();
        Sipp bob = Sipp.scenario("sipp/dual-uas-answer.xml").localIp(V6).calls(1).timeout(CALL_LIMIT);
        try (DatagramSocket phone = new DatagramSocket(new InetSocketAddress(V6, 0))) {
            String reply = registerOverUdp6(phone, "bob", "sip:bob@[::1]:" + bob.localPort());
            assertTrue(reply.startsWith("SIP/2.0 200"), reply);
        }
        try (Sipp.Running callee = bob.start()) {
            SippResult caller = call(V4, "proxy-uac-call.xml", "bob");
            SippResult answered = callee.awaitResult();
            assertTrue(caller.allSucceeded(), () -> "IPv4 caller, caller hangs up: " + caller + "\ncallee: " + answered);
            assertTrue(answered.allSucceeded(), () -> "the IPv6 callee saw both Record-Routes: " + answered);
        }
        Sipp bobHangsUp = Sipp.scenario("sipp/dual-uas-answer-bye.xml").localIp(V6).localPort(bob.localPort())
                .calls(1).timeout(CALL_LIMIT);
        try (Sipp.Running callee = bobHangsUp.start()) {
            SippResult caller = call(V4, "dual-uac-call-bye-in.xml", "bob");
            SippResult answered = callee.awaitResult();
            assertTrue(caller.allSucceeded(), () -> "IPv4 caller, callee hangs up: " + caller + "\ncallee: " + answered);
            assertTrue(answered.allSucceeded(), () -> "the IPv6 callee's BYE was answered: " + answered);
        }
        awaitNoSessions();
    }

    @Test
    void ipv6CallerReachesAUserRegisteredOverIpv4AndEitherSideHangsUp() throws Exception {
        Sipp.require();
        start();
        Sipp alice = Sipp.scenario("sipp/dual-uas-answer.xml").localIp(V4).calls(1).timeout(CALL_LIMIT);
        try (RegisterClient registration = new RegisterClient(fixture.udpAddress())) {
            Reply ok = registration.register("alice", "Contact: <sip:alice@127.0.0.1:" + alice.localPort() + ">",
                    "Expires: 600");
            assertEquals(200, ok.status(), ok.text());
        }
        try (Sipp.Running callee = alice.start()) {
            SippResult caller = call(V6, "proxy-uac-call.xml", "alice");
            SippResult answered = callee.awaitResult();
            assertTrue(caller.allSucceeded(), () -> "IPv6 caller, caller hangs up: " + caller + "\ncallee: " + answered);
            assertTrue(answered.allSucceeded(), () -> "the IPv4 callee saw both Record-Routes: " + answered);
        }
        Sipp aliceHangsUp = Sipp.scenario("sipp/dual-uas-answer-bye.xml").localIp(V4).localPort(alice.localPort())
                .calls(1).timeout(CALL_LIMIT);
        try (Sipp.Running callee = aliceHangsUp.start()) {
            SippResult caller = call(V6, "dual-uac-call-bye-in.xml", "alice");
            SippResult answered = callee.awaitResult();
            assertTrue(caller.allSucceeded(), () -> "IPv6 caller, callee hangs up: " + caller + "\ncallee: " + answered);
            assertTrue(answered.allSucceeded(), () -> "the IPv4 callee's BYE was answered: " + answered);
        }
        awaitNoSessions();
    }

    @Test
    void ipv4UdpCallerReachesAUserRegisteredOverIpv6TcpWithADoubleRecordRoute() throws Exception {
        Sipp.require();
        start();
        Sipp bob = Sipp.scenario("sipp/dual-uas-answer-v6tcp.xml").localIp(V6).tcp().calls(1).timeout(CALL_LIMIT);
        try (DatagramSocket phone = new DatagramSocket(new InetSocketAddress(V6, 0))) {
            String reply = registerOverUdp6(phone, "bob", "sip:bob@[::1]:" + bob.localPort() + ";transport=tcp");
            assertTrue(reply.startsWith("SIP/2.0 200"), reply);
        }
        try (Sipp.Running callee = bob.start()) {
            SippResult caller = call(V4, "proxy-uac-call.xml", "bob");
            SippResult answered = callee.awaitResult();
            assertTrue(caller.allSucceeded(), () -> "IPv4 UDP caller: " + caller + "\ncallee: " + answered);
            assertTrue(answered.allSucceeded(), () -> "the IPv6 TCP callee saw a UDP and a TCP Record-Route: " + answered);
        }
        awaitNoSessions();
    }

    @Test
    void ipv6TcpCallerReachesAUserRegisteredOverIpv4UdpWithADoubleRecordRoute() throws Exception {
        Sipp.require();
        start();
        Sipp alice = Sipp.scenario("sipp/dual-uas-answer-v6tcp.xml").localIp(V4).calls(1).timeout(CALL_LIMIT);
        try (RegisterClient registration = new RegisterClient(fixture.udpAddress())) {
            Reply ok = registration.register("alice", "Contact: <sip:alice@127.0.0.1:" + alice.localPort() + ">",
                    "Expires: 600");
            assertEquals(200, ok.status(), ok.text());
        }
        try (Sipp.Running callee = alice.start()) {
            SippResult caller = Sipp.scenario("sipp/proxy-uac-call.xml").localIp(V6).remote(V6, port).tcp()
                    .service("alice").calls(1).timeout(CALL_LIMIT).run();
            SippResult answered = callee.awaitResult();
            assertTrue(caller.allSucceeded(), () -> "IPv6 TCP caller: " + caller + "\ncallee: " + answered);
            assertTrue(answered.allSucceeded(), () -> "the IPv4 UDP callee saw a UDP and a TCP Record-Route: "
                    + answered);
        }
        awaitNoSessions();
    }

    private SippResult call(String from, String scenario, String user) {
        return Sipp.scenario("sipp/" + scenario).localIp(from).remote(from, port).udp().service(user).calls(1)
                .timeout(CALL_LIMIT).run();
    }

    private void awaitNoSessions() {
        Poll.until(() -> fixture.server().sessions().size() == 0, Duration.ofSeconds(10),
                () -> "application sessions left: " + fixture.server().sessions().size());
    }

    /** Sends a REGISTER from {@code phone} (bound to ::1) to the server's [::1] socket; returns the final reply. */
    private String registerOverUdp6(DatagramSocket phone, String user, String contact) throws Exception {
        return registerOverUdp6(phone, user, "[::1]:" + phone.getLocalPort(), contact);
    }

    /** The same with the Via's sent-by given. */
    private String registerOverUdp6(DatagramSocket phone, String user, String sentBy, String contact) throws Exception {
        String request = "REGISTER sip:[::1]:" + v6ListenPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + sentBy + ";branch=z9hG4bK" + UUID.randomUUID() + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@[::1]>;tag=" + UUID.randomUUID() + "\r\n"
                + "To: <sip:" + user + "@[::1]>\r\n"
                + "Call-ID: " + UUID.randomUUID() + "@[::1]\r\n"
                + "CSeq: 1 REGISTER\r\n"
                + "Contact: <" + contact + ">\r\n"
                + "Expires: 600\r\n"
                + "Content-Length: 0\r\n\r\n";
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        phone.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(V6, v6ListenPort)));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        byte[] buffer = new byte[65535];
        while (System.nanoTime() < deadline) {
            phone.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            DatagramPacket in = new DatagramPacket(buffer, buffer.length);
            try {
                phone.receive(in);
            } catch (SocketTimeoutException e) {
                break;
            }
            String text = new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
            if (!text.startsWith("SIP/2.0 1")) {
                return text;
            }
        }
        throw new AssertionError("no final reply to the REGISTER over IPv6");
    }
}
