package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import io.sipcontainer.it.support.FreePort;
import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.RequiredTools;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.TestCertificates;
import io.sipcontainer.service.Contact;
import io.sipcontainer.service.LocationService;

/**
 * HAProxy's PROXY protocol on the TCP listener ({@code tcp_accept_haproxy = yes}): a real
 * {@code haproxy} in TCP mode in front of the server ({@code send-proxy} and {@code send-proxy-v2}),
 * a phone bound to 127.0.0.2 registering through it; the REGISTER's Via {@code received}/{@code rport}
 * and the location's received address are the phone's, not haproxy's (127.0.0.1). A header from a
 * peer outside {@code tcp_accept_haproxy_trusted} closes the connection; a connection without a
 * header is served as usual. Over TLS the header comes before the handshake (haproxy in TCP mode).
 */
class HaproxyProtocolTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PHONE_IP = "127.0.0.2";

    @TempDir
    Path home;
    private ServerFixture fixture;
    private Process haproxy;

    private void start(String... trusted) throws Exception {
        start(false, trusted);
    }

    /** Starts with tcp_accept_haproxy on, trusting these peers, and a TLS listener too when asked. */
    private void start(boolean tls, String... trusted) throws Exception {
        if (tls) {
            TestCertificates.selfSigned(home.resolve("conf"), "server", "sip.example.org", "dns:sip.example.org,ip:127.0.0.1");
        }
        fixture = new ServerFixture(home)
                .dar(Files.readString(Path.of("..", "conf", "dar.properties"), StandardCharsets.UTF_8))
                .configure(b -> {
                    b.tcpAcceptHaproxy(true).tcpAcceptHaproxyTrusted(List.of(trusted));
                    if (tls) {
                        b.listen(Transport.TLS, "127.0.0.1", 0);
                        b.moduleParam("tls.tls_certificate", "conf/server.crt.pem");
                        b.moduleParam("tls.tls_private_key", "conf/server.key.pem");
                    }
                    return b;
                });
        DefaultProxyTest.deploy("proxy", fixture.deployDir());
        DefaultProxyTest.deploy("registrar", fixture.deployDir());
        fixture.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (haproxy != null) {
            haproxy.destroy();
            if (!haproxy.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                haproxy.destroyForcibly();
            }
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void registrationsThroughHaproxyRecordThePhonesRealAddressWithProxyProtocolV1AndV2() throws Exception {
        Path binary = RequiredTools.tool("haproxy", "install HAProxy: apt-get install haproxy");
        start("127.0.0.1");
        int v1 = FreePort.find();
        int v2 = FreePort.find();
        startHaproxy(binary, "  server s 127.0.0.1:" + fixture.tcpPort() + " send-proxy", v1,
                "  server s 127.0.0.1:" + fixture.tcpPort() + " send-proxy-v2", v2);

        for (int[] frontend : new int[][] {{1, v1}, {2, v2}}) {
            String user = "phone" + frontend[0];
            try (Socket phone = new Socket()) {
                phone.bind(new InetSocketAddress(PHONE_IP, 0));
                phone.connect(new InetSocketAddress("127.0.0.1", frontend[1]), 5000);
                String reply = register(phone, user, "sip:" + user + "@192.168.1.10:5060;transport=tcp");
                assertTrue(reply.startsWith("SIP/2.0 200"), "v" + frontend[0] + ": " + reply);
                Matcher via = Pattern.compile("(?m)^Via: [^\r\n]*").matcher(reply);
                assertTrue(via.find(), reply);
                assertTrue(via.group().contains(";received=" + PHONE_IP), "v" + frontend[0] + " received: " + via.group());
                assertTrue(via.group().contains(";rport=" + phone.getLocalPort()), "v" + frontend[0] + " rport: " + via.group());
                List<Contact> bindings = location().lookup(user);
                assertEquals(1, bindings.size(), "registered: " + bindings);
                assertNotNull(bindings.get(0).received(), "NAT detected (private Contact): " + bindings.get(0));
                assertTrue(bindings.get(0).received().contains(PHONE_IP + ":" + phone.getLocalPort()),
                        "v" + frontend[0] + ": the location keeps the phone's address: " + bindings.get(0));
            }
        }
    }

    @Test
    void aProxyHeaderFromAnUntrustedPeerClosesTheConnectionAndNoHeaderIsServedAsUsual() throws Exception {
        start("127.0.0.3");
        try (Socket liar = new Socket()) {
            liar.bind(new InetSocketAddress(PHONE_IP, 0));
            liar.connect(fixture.tcpAddress(), 5000);
            liar.getOutputStream().write("PROXY TCP4 10.9.9.9 127.0.0.1 4000 5060\r\n".getBytes(StandardCharsets.US_ASCII));
            register(liar, "liar", "sip:liar@192.168.1.10:5060;transport=tcp", true);
        } catch (IOException closed) {
            // the server may close before the REGISTER is written: what is asserted is no binding
        }
        assertTrue(location().lookup("liar").isEmpty(), "an untrusted PROXY header registers nothing");

        try (Socket plain = new Socket()) {
            plain.bind(new InetSocketAddress(PHONE_IP, 0));
            plain.connect(fixture.tcpAddress(), 5000);
            String reply = register(plain, "plain", "sip:plain@" + PHONE_IP + ":" + plain.getLocalPort() + ";transport=tcp");
            assertTrue(reply.startsWith("SIP/2.0 200"), reply);
            assertEquals(1, location().lookup("plain").size());
        }
    }

    private LocationService location() {
        return fixture.server().services().get(LocationService.class);
    }

    @Test
    void aTlsConnectionThroughHaproxyKeepsThePhonesRealAddress() throws Exception {
        Path binary = RequiredTools.tool("haproxy", "install HAProxy: apt-get install haproxy");
        start(true, "127.0.0.1");
        int tlsPort = fixture.server().address("tls").getPort();
        int front = FreePort.find();
        int unused = FreePort.find();
        startHaproxy(binary, "  server s 127.0.0.1:" + tlsPort + " send-proxy-v2", front,
                "  server s 127.0.0.1:" + tlsPort + " send-proxy", unused);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {new TcpPhone.TrustEverything()}, null);
        try (javax.net.ssl.SSLSocket phone = (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket()) {
            phone.bind(new InetSocketAddress(PHONE_IP, 0));
            phone.connect(new InetSocketAddress("127.0.0.1", front), 5000);
            phone.startHandshake();
            String reply = register(phone, "tlsphone", "sips:tlsphone@192.168.1.10:5061", "TLS");
            assertTrue(reply.startsWith("SIP/2.0 200"), reply);
            Matcher via = Pattern.compile("(?m)^Via: [^\r\n]*").matcher(reply);
            assertTrue(via.find(), reply);
            assertTrue(via.group().contains(";received=" + PHONE_IP), "received: " + via.group());
            assertTrue(via.group().contains(";rport=" + phone.getLocalPort()), "rport: " + via.group());
        }
    }

    private void startHaproxy(Path binary, String serverV1, int v1, String serverV2, int v2) throws Exception {
        Path cfg = home.resolve("haproxy.cfg");
        Files.writeString(cfg, String.join("\n",
                "global",
                "  maxconn 64",
                "defaults",
                "  mode tcp",
                "  timeout connect 2s",
                "  timeout client 30s",
                "  timeout server 30s",
                "frontend sip_v1",
                "  bind 127.0.0.1:" + v1,
                "  default_backend server_v1",
                "frontend sip_v2",
                "  bind 127.0.0.1:" + v2,
                "  default_backend server_v2",
                "backend server_v1",
                serverV1,
                "backend server_v2",
                serverV2,
                ""), StandardCharsets.UTF_8);
        haproxy = new ProcessBuilder(binary.toString(), "-db", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("haproxy.log").toFile()).start();
        for (int port : new int[] {v1, v2}) {
            Poll.until(() -> accepts(port), WAIT, () -> "haproxy does not listen on " + port + ": " + log());
        }
    }

    private String log() {
        try {
            return Files.readString(home.resolve("haproxy.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String register(Socket phone, String user, String contact) throws IOException {
        return register(phone, user, contact, false);
    }

    private String register(Socket phone, String user, String contact, String transport) throws IOException {
        return register(phone, user, contact, false, transport);
    }

    private String register(Socket phone, String user, String contact, boolean closeExpected) throws IOException {
        return register(phone, user, contact, closeExpected, "TCP");
    }

    /** Sends a REGISTER over the connection and returns its final reply ("" when the server closes it). */
    private String register(Socket phone, String user, String contact, boolean closeExpected, String transport)
            throws IOException {
        String server = "127.0.0.1:" + fixture.tcpPort();
        String request = "REGISTER sip:" + server + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " 192.168.1.10:5060;branch=z9hG4bK" + UUID.randomUUID() + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@" + server + ">;tag=" + UUID.randomUUID() + "\r\n"
                + "To: <sip:" + user + "@" + server + ">\r\n"
                + "Call-ID: " + UUID.randomUUID() + "@test\r\n"
                + "CSeq: 1 REGISTER\r\n"
                + "Contact: <" + contact + ">\r\n"
                + "Expires: 600\r\n"
                + "Content-Length: 0\r\n\r\n";
        phone.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        phone.getOutputStream().flush();
        phone.setSoTimeout((int) WAIT.toMillis());
        InputStream in = phone.getInputStream();
        long deadline = System.nanoTime() + WAIT.toNanos();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        while (System.nanoTime() < deadline) {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                break;
            }
            if (b < 0) {
                if (closeExpected) {
                    return "";
                }
                throw new AssertionError("the server closed the connection: " + buffer);
            }
            buffer.write(b);
            String text = buffer.toString(StandardCharsets.UTF_8);
            if (text.endsWith("\r\n\r\n")) { // replies here carry no body
                if (!text.startsWith("SIP/2.0 1")) {
                    if (closeExpected) {
                        throw new AssertionError("a reply on a connection that should be closed: " + text);
                    }
                    return text;
                }
                buffer.reset();
            }
        }
        throw new AssertionError("no final reply to the REGISTER" + (closeExpected ? " and no close" : ""));
    }
}
