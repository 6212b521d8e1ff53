package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.example.testapps.InternalsServlet;
import org.example.testapps.NamedServlet;
import org.example.testapps.UasServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.RequiredTools;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.Sipp;
import io.sipcontainer.it.support.SippResult;
import io.sipcontainer.server.SipServer;

/**
 * The assembled server on loopback with ephemeral ports: a test UAS application deployed from a
 * real .sar, driven by SIPp and by raw datagrams.
 */
class ContainerEndToEndTest {
    private static final String DAR = """
            OPTIONS: ("uas", "DAR:From", "ORIGINATING", "", "NO_ROUTE", "0")
            INVITE: ("uas", "DAR:From", "ORIGINATING", "", "NO_ROUTE", "0")
            MESSAGE: ("uas", "DAR:From", "ORIGINATING", "", "NO_ROUTE", "0")
            INFO: ("hot", "DAR:From", "ORIGINATING", "", "NO_ROUTE", "0")
            """;

    @TempDir
    Path home;
    private ServerFixture fixture;
    private SipServer server;
    private Path deployDir;

    @BeforeEach
    void startServer() throws Exception {
        fixture = new ServerFixture(home).dar(DAR)
                .configure(b -> b.deployScanInterval(Duration.ofMillis(100)).shutdownTimeout(Duration.ofSeconds(2)));
        deployDir = fixture.deployDir();
        fixture.deploy(SarBuilder.named("uas.sar").sipXml(SarBuilder.sipXml("uas", "uas", UasServlet.class.getName()))
                .withClasses(UasServlet.class));
        server = fixture.start().server();
        assertTrue(server.applications().names().contains("uas"), "the test application is deployed at start");
    }

    @AfterEach
    void stopServer() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private int udpPort() {
        return server.address("udp").getPort();
    }

    @Test
    void optionsOverUdpAndTcpGet200FromTheApplication() {
        Sipp.require();
        SippResult udp = Sipp.scenario("sipp/options.xml").remote(udpPort()).udp().calls(20).rate(50).run();
        assertTrue(udp.allSucceeded(), udp.toString());
        assertEquals(20, udp.successful());
        SippResult tcp = Sipp.scenario("sipp/options.xml").remote(server.address("tcp").getPort()).tcp()
                .calls(20).rate(50).run();
        assertTrue(tcp.allSucceeded(), tcp.toString());
    }

    @Test
    void inviteAckByeCallsCompleteThroughTheUasApplication() {
        Sipp.require();
        SippResult calls = Sipp.builtIn("uac").remote(udpPort()).udp().calls(30).rate(30).run();
        assertTrue(calls.allSucceeded(), calls.toString());
        assertEquals(30, calls.successful());
        awaitTrue(() -> server.sessions().size() == 0, Duration.ofSeconds(5),
                "every application session is invalidated once its dialogs ended");
    }

    @Test
    void malformedRequestsGet400AndTheServerKeepsServing() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(3000);
            int local = socket.getLocalPort();
            String badCseq = request(local, "bad-cseq", "CSeq: abc OPTIONS\r\n");
            assertEquals(400, statusOf(exchange(socket, badCseq)), "bad CSeq");
            String wrongLength = request(local, "wrong-length", "CSeq: 1 OPTIONS\r\n")
                    .replace("Content-Length: 0", "Content-Length: 500");
            assertEquals(400, statusOf(exchange(socket, wrongLength)),
                    "RFC 3261 18.3: a UDP request whose body is shorter than Content-Length gets 400");
            send(socket, "\u0000\u0001garbage that is not SIP\r\n\r\n");
            // without a Call-ID no response could be matched by the sender: the request is dropped
            socket.setSoTimeout(1000);
            assertEquals(null, exchangeOrNull(socket,
                    request(local, "no-call-id", "CSeq: 1 OPTIONS\r\n").replace("Call-ID: no-call-id\r\n", "")),
                    "garbage and a request without Call-ID get no reply");
            socket.setSoTimeout(3000);
            String ok = exchangeUntil(socket, request(local, "valid-after-garbage", "CSeq: 1 OPTIONS\r\n"),
                    "valid-after-garbage");
            assertEquals(200, statusOf(ok));
        }
    }

    @Test
    void hotDeployAndUndeployWhileTrafficRuns() throws Exception {
        Sipp.require();
        try (Sipp.Running traffic = Sipp.scenario("sipp/options.xml").remote(udpPort()).udp()
                .calls(400).rate(100).start();
                DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(3000);
            // the DAR routes INFO to "hot" only; before it is deployed nothing answers for it
            String before = exchangeUntil(socket, info(socket.getLocalPort(), "hot-before"), "hot-before");
            assertTrue(statusOf(before) >= 400 && !before.contains("X-Servlet"), before);

            Path hot = SarBuilder.named("hot.sar")
                    .sipXml(SarBuilder.sipXml("hot", "hot-servlet", NamedServlet.class.getName()))
                    .withClasses(NamedServlet.class).writeTo(deployDir);
            awaitTrue(() -> server.applications().names().contains("hot"), Duration.ofSeconds(10),
                    "a dropped .sar is deployed without a restart");
            String answer = exchangeUntil(socket, info(socket.getLocalPort(), "hot-deployed"), "hot-deployed");
            assertEquals(200, statusOf(answer), answer);
            assertTrue(answer.contains("X-Servlet: hot-servlet\r\n"), "the hot-deployed application answered: " + answer);

            Files.delete(hot);
            awaitTrue(() -> !server.applications().names().contains("hot"), Duration.ofSeconds(10),
                    "a removed .sar is undeployed");
            String after = exchangeUntil(socket, info(socket.getLocalPort(), "hot-after"), "hot-after");
            assertTrue(statusOf(after) >= 400 && !after.contains("X-Servlet"), "the undeployed app is gone: " + after);

            SippResult result = traffic.awaitResult();
            assertTrue(result.allSucceeded(), "traffic to the running app is not disturbed: " + result);
        }
    }

    private String info(int localPort, String callId) {
        return request(localPort, callId, "CSeq: 1 INFO\r\n").replaceFirst("^OPTIONS ", "INFO ");
    }

    @Test
    void brokenSarIsRefusedAndRunningAppsKeepServing() throws Exception {
        SarBuilder.writeGarbage(deployDir, "garbage.sar");
        SarBuilder.missingServletClass("missing.sar", "missing").writeTo(deployDir);
        Path good = SarBuilder.named("later.sar").sipXml(SarBuilder.sipXml("later", "later", UasServlet.class.getName()))
                .withClasses(UasServlet.class).writeTo(deployDir);
        awaitTrue(() -> server.applications().names().contains("later"), Duration.ofSeconds(10),
                "a good archive dropped after bad ones still deploys");
        assertTrue(!server.applications().names().contains("missing"), "the archive naming a missing class is refused");
        assertTrue(server.applications().names().contains("uas"), "the running application stays up");
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(3000);
            String ok = exchangeUntil(socket, request(socket.getLocalPort(), "after-bad-sar", "CSeq: 1 OPTIONS\r\n"),
                    "after-bad-sar");
            assertEquals(200, statusOf(ok));
        }
        assertTrue(Files.exists(good));
    }

    @Test
    void anApplicationUsingContainerInternalsIsRefusedAndRunningAppsKeepServing() throws Exception {
        Logger deployer = (Logger) LoggerFactory.getLogger("io.sipcontainer.server.AppDeployer");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        deployer.addAppender(log);
        try {
            SarBuilder.named("internals.sar")
                    .sipXml(SarBuilder.sipXml("internals", "internals", InternalsServlet.class.getName()))
                    .withClasses(InternalsServlet.class).writeTo(deployDir);
            // archives found in one scan are deployed in name order: "later" comes after "internals"
            SarBuilder.named("later.sar").sipXml(SarBuilder.sipXml("later", "later", UasServlet.class.getName()))
                    .withClasses(UasServlet.class).writeTo(deployDir);
            awaitTrue(() -> server.applications().names().contains("later"), Duration.ofSeconds(10),
                    "a good archive dropped with the refused one deploys");
            awaitTrue(() -> messages(log).contains("Refused internals.sar"), Duration.ofSeconds(10),
                    "the archive using internals is refused");
            assertTrue(messages(log).contains("Refused internals.sar: internals.sar: " + InternalsServlet.class.getName()
                    + " uses container internal io.sipcontainer.session.SipSessionImpl; applications may use only"
                    + " jakarta.servlet.sip and io.sipcontainer.service"), messages(log));
            assertTrue(!server.applications().names().contains("internals"), "not deployed");
        } finally {
            deployer.detachAppender(log);
        }
        assertTrue(server.applications().names().contains("uas"), "the running application stays up");
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(3000);
            String ok = exchangeUntil(socket, request(socket.getLocalPort(), "after-internals", "CSeq: 1 OPTIONS\r\n"),
                    "after-internals");
            assertEquals(200, statusOf(ok));
        }
    }

    private static String messages(ListAppender<ILoggingEvent> log) {
        synchronized (log) {
            return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList().toString();
        }
    }

    @Test
    void rfc4475TortureMessagesLeaveTheServerServing() throws IOException {
        Path torture = findTortureFolder();
        RequiredTools.present(torture != null, "shared/torture/rfc4475 is not beside the checkout",
                "check out the shared folder next to the project");
        int sent = 0;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                var files = Files.list(torture)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".dat")).sorted().toList()) {
                // the messages name documentation and broadcast hosts: keep every reply on loopback
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                        .replaceAll("192\\.0\\.2\\.\\d+", "127.0.0.1").replace("255.255.255.255", "127.0.0.1");
                send(socket, text);
                sent++;
            }
            socket.setSoTimeout(3000);
            String ok = exchangeUntil(socket, request(socket.getLocalPort(), "after-torture", "CSeq: 1 OPTIONS\r\n"),
                    "after-torture");
            assertEquals(200, statusOf(ok), "the server still answers after " + sent + " torture messages");
        }
        assertTrue(sent >= 40, "the RFC 4475 messages were sent: " + sent);
    }

    private static Path findTortureFolder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (String place : new String[] {"testdata/rfc4475", "shared/torture/rfc4475"}) {
                Path candidate = dir.resolve(place);
                if (Files.isDirectory(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    // --- raw SIP over UDP ------------------------------------------------------------------------

    private String request(int localPort, String callId, String cseqLine) {
        return "OPTIONS sip:uas@127.0.0.1:" + udpPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK" + callId + "\r\n"
                + "From: <sip:tester@127.0.0.1>;tag=t1\r\n"
                + "To: <sip:uas@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + cseqLine
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private void send(DatagramSocket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", udpPort())));
    }

    private String exchange(DatagramSocket socket, String text) throws IOException {
        String reply = exchangeOrNull(socket, text);
        if (reply == null) {
            throw new AssertionError("no reply to:\n" + text);
        }
        return reply;
    }

    private String exchangeOrNull(DatagramSocket socket, String text) throws IOException {
        send(socket, text);
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
    }

    /** Sends and reads replies until the one for this Call-ID, skipping late replies to earlier ones. */
    private String exchangeUntil(DatagramSocket socket, String text, String callId) throws IOException {
        send(socket, text);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        byte[] buf = new byte[65535];
        while (System.nanoTime() < deadline) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            socket.receive(p);
            String reply = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
            if (reply.contains("Call-ID: " + callId)) {
                return reply;
            }
        }
        throw new AssertionError("no reply for Call-ID " + callId);
    }

    private static int statusOf(String response) {
        assertTrue(response.startsWith("SIP/2.0 "), "a SIP response: " + response);
        return Integer.parseInt(response.substring(8, 11));
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) {
        Poll.until(condition, timeout, () -> "timed out waiting until " + what);
    }
}
