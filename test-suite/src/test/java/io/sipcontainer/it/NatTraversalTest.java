package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
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
import java.util.Objects;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.Sipp;
import io.sipcontainer.it.support.SippResult;
import io.sipcontainer.service.Contact;
import io.sipcontainer.service.LocationService;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.service.Statistics;

/**
 * NAT traversal as Kamailio's default configuration does it with WITH_NAT, on the real server with
 * the shipped registrar and proxy: clients whose Via and Contact carry a private address they do
 * not send from (SIPp, or a raw UDP socket) are registered at their real source, called there, and
 * kept alive by nathelper's pings.
 */
class NatTraversalTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path home;
    private ServerFixture fixture;
    private DatagramSocket phone;

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
    }

    @AfterEach
    void stop() {
        if (phone != null) {
            phone.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aPhoneBehindNatIsRegisteredAtItsSourceAndCalledThereWithAliasesBothWays() throws Exception {
        Sipp.require();
        start("nathelper.natping_interval", "0", "proxy.nat_keepalive", "yes", "nat_traversal.keepalive_interval", "60");
        Path ooc = home.resolve("nat-callee-ooc.xml");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("sipp/nat-callee-ooc.xml")) {
            Files.copy(Objects.requireNonNull(in), ooc);
        }
        Sipp calleeRun = Sipp.scenario("sipp/nat-register.xml").remote(fixture.udpPort()).udp().service("bob")
                .calls(1).timeout(LIMIT).args("-oocsf", ooc.toString());
        try (Sipp.Running callee = calleeRun.start()) {
            Poll.until(() -> !location().lookup("bob").isEmpty(), Duration.ofSeconds(10),
                    () -> "bob not registered: " + callee.command());
            Contact bob = location().lookup("bob").get(0);
            assertEquals("sip:bob@192.168.1.10:5060", bob.uri());
            assertEquals("sip:127.0.0.1:" + callee.localPort(), bob.received(), "the real source, fix_nated_register");
            assertTrue((bob.cflags() & (1 << 6)) != 0, "FLB_NATB");

            Poll.until(() -> stat("nat_traversal:registered_endpoints") == 1, Duration.ofSeconds(5),
                    () -> "nat_keepalive() of the REGISTER (held once its 200 is sent) did not hold bob's source");

            SippResult caller;
            try (Sipp.Running call = Sipp.scenario("sipp/nat-uac-call.xml").remote(fixture.udpPort()).udp()
                    .service("bob").calls(1).timeout(LIMIT).start()) {
                Poll.until(() -> stat("nat_traversal:dialog_endpoints") == 1, Duration.ofSeconds(10),
                        () -> "the caller's source is not kept alive during the call");
                caller = call.awaitResult();
            }
            assertTrue(caller.allSucceeded(), "a call that reaches bob only at his source, its 200's Contact"
                    + " aliased and ACK and BYE sent by alias: " + caller);
            Poll.until(() -> stat("nat_traversal:dialog_endpoints") == 0, Duration.ofSeconds(10),
                    () -> "the ended dialog still keeps its caller alive");
            assertEquals(1, stat("nat_traversal:keepalive_endpoints"), "bob's registration only");
        }
    }

    @Test
    void aNatedPhoneGetsSipPingsFromTheServerSocketAtTheInterval() throws Exception {
        start("nathelper.natping_interval", "1");
        registerFromBehindNat("carol");
        String first = receiveText();
        assertTrue(first.startsWith("OPTIONS sip:carol@192.168.1.10:5060 SIP/2.0\r\n"), first);
        assertTrue(first.contains("\r\nFrom: <sip:pinger@kamailio.org>;tag="), first);
        long at = System.nanoTime();
        String second = receiveText();
        long gapMillis = (System.nanoTime() - at) / 1_000_000;
        assertTrue(second.startsWith("OPTIONS "), second);
        assertTrue(gapMillis >= 500 && gapMillis < 3000, "one ping a second, got " + gapMillis + " ms apart");
        Poll.until(() -> stat("nathelper:sip_pings") >= 2, Duration.ofSeconds(5),
                () -> "SIP pings counted: " + stat("nathelper:sip_pings"));
    }

    @Test
    void withoutSipPingingTheNatedPhoneGetsFourZeroBytes() throws Exception {
        start("nathelper.natping_interval", "1", "proxy.with_natsipping", "no");
        registerFromBehindNat("dave");
        DatagramPacket p = receive();
        assertArrayEquals(new byte[4], java.util.Arrays.copyOf(p.getData(), p.getLength()));
        assertEquals(fixture.udpAddress(), p.getSocketAddress(), "from the socket the contact registered on");
        Poll.until(() -> stat("nathelper:udp_pings") >= 1, Duration.ofSeconds(5), () -> "no UDP ping counted");
    }

    @Test
    void aPhoneThatNeverAnswersTheSipPingsIsDroppedAfterKeepaliveTimeout() throws Exception {
        start("nathelper.natping_interval", "1", "nathelper.keepalive_timeout", "2");
        registerFromBehindNat("erin");
        Poll.until(() -> location().lookup("erin").isEmpty(), Duration.ofSeconds(10),
                () -> "erin still registered after keepalive_timeout");
        Poll.until(() -> stat("nathelper:keepalive_removed") == 1, Duration.ofSeconds(5),
                () -> "removals counted: " + stat("nathelper:keepalive_removed"));
    }

    @Test
    void aPhoneThatAnswersTheSipPingsStaysPastKeepaliveTimeout() throws Exception {
        start("nathelper.natping_interval", "1", "nathelper.keepalive_timeout", "2");
        registerFromBehindNat("fay");
        int answered = 0;
        while (answered < 5) { // five rounds: well past the 2 s without an answer
            DatagramPacket p = receive();
            String ping = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            phone.send(packet(okTo(ping), (InetSocketAddress) p.getSocketAddress()));
            answered++;
        }
        assertEquals(1, location().lookup("fay").size(), "answering keeps the binding");
        assertEquals(0, stat("nathelper:keepalive_removed"));
        Poll.until(() -> stat("nathelper:sip_ping_replies") >= 4, Duration.ofSeconds(5),
                () -> "replies counted: " + stat("nathelper:sip_ping_replies"));
    }

    @Test
    void enablePingSwitchesThePingsOffAndOn() throws Exception {
        start("nathelper.natping_interval", "1");
        registerFromBehindNat("gil");
        receive();
        RpcRegistry rpc = fixture.server().services().get(RpcRegistry.class);
        rpc.call("nathelper.enable_ping", new RpcParams(List.of(0L)));
        drain();
        long pings = stat("nathelper:sip_pings");
        phone.setSoTimeout(2500);
        assertTrue(receiveOrNull() == null, "no ping while disabled");
        assertEquals(pings, stat("nathelper:sip_pings"));
        rpc.call("nathelper.enable_ping", new RpcParams(List.of(1L)));
        phone.setSoTimeout(5000);
        assertTrue(receiveOrNull() != null, "pings again once enabled");
    }

    @Test
    void natTraversalKeepsANatedRegistrationAliveWithNotify() throws Exception {
        start("nathelper.natping_interval", "0", "nat_traversal.keepalive_interval", "1", "proxy.nat_keepalive", "yes");
        registerFromBehindNat("hal");
        String notify = receiveText();
        assertTrue(notify.startsWith("NOTIFY sip:127.0.0.1:" + phone.getLocalPort() + " SIP/2.0\r\n"), notify);
        assertTrue(notify.contains("\r\nEvent: keep-alive\r\n"), notify);
        assertTrue(notify.contains("\r\nFrom: <sip:keepalive@127.0.0.1>;tag="), notify);
        assertEquals(1, stat("nat_traversal:registered_endpoints"));
        assertEquals(1, stat("nat_traversal:keepalive_endpoints"));
        assertEquals(-1, stat("nathelper:sip_pings"), "nathelper's pings are off");
    }

    /** A REGISTER from a raw socket whose Via and Contact say 192.168.1.10:5060; returns once answered 200. */
    private void registerFromBehindNat(String user) throws Exception {
        phone = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        phone.setSoTimeout(5000);
        String server = "127.0.0.1:" + fixture.udpPort();
        String register = "REGISTER sip:" + server + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK" + UUID.randomUUID() + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@" + server + ">;tag=1\r\n"
                + "To: <sip:" + user + "@" + server + ">\r\n"
                + "Call-ID: " + UUID.randomUUID() + "\r\n"
                + "CSeq: 1 REGISTER\r\n"
                + "Contact: <sip:" + user + "@192.168.1.10:5060>\r\n"
                + "Expires: 3600\r\n"
                + "Content-Length: 0\r\n\r\n";
        phone.send(packet(register, fixture.udpAddress()));
        String reply = receiveText();
        assertTrue(reply.startsWith("SIP/2.0 200 "), reply);
        assertTrue(reply.contains(";received=\"sip:127.0.0.1:" + phone.getLocalPort() + "\""), reply);
    }

    /** A 200 to a SIP ping, from its Via, From, To, Call-ID and CSeq. */
    private static String okTo(String request) {
        StringBuilder sb = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String line : request.split("\r\n")) {
            String name = line.contains(":") ? line.substring(0, line.indexOf(':')) : "";
            if (List.of("Via", "From", "Call-ID", "CSeq").contains(name)) {
                sb.append(line).append("\r\n");
            } else if ("To".equals(name)) {
                sb.append(line).append(";tag=ok\r\n");
            }
        }
        return sb.append("Content-Length: 0\r\n\r\n").toString();
    }

    private DatagramPacket receive() throws Exception {
        DatagramPacket p = receiveOrNull();
        if (p == null) {
            throw new AssertionError("nothing received within " + phone.getSoTimeout() + " ms");
        }
        return p;
    }

    private DatagramPacket receiveOrNull() throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
        try {
            phone.receive(p);
            return p;
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    private String receiveText() throws Exception {
        DatagramPacket p = receive();
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    /** Reads what is already queued (a ping sent just before pinging was switched off). */
    private void drain() throws Exception {
        phone.setSoTimeout(1200);
        while (receiveOrNull() != null) {
            // a ping of the round under way when the switch went off
        }
    }

    private static DatagramPacket packet(String text, InetSocketAddress to) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new DatagramPacket(b, b.length, to);
    }

    private LocationService location() {
        return fixture.server().services().get(LocationService.class);
    }

    private long stat(String name) {
        return fixture.server().services().get(Statistics.class).snapshot(name).getOrDefault(name, -1L);
    }
}
