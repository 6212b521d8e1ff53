package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.config.Transport;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.TestCertificates;
import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.stack.StackException;

/**
 * SIP over TLS (issue 15) on the shipped registrar and proxy: phones register and call each other
 * over TLS, only TLS 1.2 and 1.3 are spoken, SNI picks a domain's certificate from a Kamailio
 * {@code tls.cfg}, and {@code tls.reload} swaps certificates for the next handshake. Certificates
 * are made by the test with keytool.
 */
class TlsEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path home;
    private ServerFixture fixture;

    private void start(String... settings) throws Exception {
        start(b -> b, settings);
    }

    private void start(java.util.function.UnaryOperator<io.sipcontainer.config.ServerConfig.Builder> more,
            String... settings) throws Exception {
        fixture = new ServerFixture(home)
                .dar(Files.readString(Path.of("..", "conf", "dar.properties"), StandardCharsets.UTF_8))
                .configure(b -> {
                    more.apply(b);
                    b.listen(Transport.TLS, "127.0.0.1", 0);
                    for (int i = 0; i < settings.length; i += 2) {
                        b.moduleParam(settings[i], settings[i + 1]);
                    }
                    return b;
                });
        DefaultProxyTest.deploy("proxy", fixture.deployDir());
        DefaultProxyTest.deploy("registrar", fixture.deployDir());
        fixture.start();
    }

    /** Starts with one self-signed certificate for sip.example.org, as PEM files in conf/. */
    private TestCertificates.Issued startWithPem() throws Exception {
        TestCertificates.Issued server = TestCertificates.selfSigned(home.resolve("conf"), "server",
                "sip.example.org", "dns:sip.example.org,ip:127.0.0.1");
        start("tls.tls_certificate", "conf/server.crt.pem", "tls.tls_private_key", "conf/server.key.pem");
        return server;
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private InetSocketAddress tls() {
        return fixture.server().address("tls");
    }

    private String server() {
        return "127.0.0.1:" + tls().getPort();
    }

    private Object rpc(String method, String... params) throws RpcException {
        return fixture.server().services().get(RpcRegistry.class).call(method, new RpcParams(List.of(params)));
    }

    // --- registration and calls --------------------------------------------------------------

    /** A REGISTER over the phone's TLS connection; the Contact's port is not the connection's (a phone behind NAT). */
    private String register(TcpPhone phone, String user) {
        String id = UUID.randomUUID().toString().replace("-", "");
        return "REGISTER sips:" + server() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bK" + id + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sips:" + user + "@" + server() + ">;tag=r" + id.substring(0, 6) + "\r\n"
                + "To: <sips:" + user + "@" + server() + ">\r\n"
                + "Call-ID: " + id + "@" + user + "\r\n"
                + "CSeq: 1 REGISTER\r\n"
                + "Contact: <sips:" + user + "@127.0.0.1:5999>\r\n"
                + "Expires: 600\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private TcpPhone registered(String user) throws Exception {
        TcpPhone phone = TcpPhone.connectTls(tls(), null);
        phone.send(register(phone, user));
        String ok = phone.receive(WAIT);
        assertTrue(ok.startsWith("SIP/2.0 200 "), ok);
        assertTrue(ok.contains("sips:" + user + "@127.0.0.1:5999"), "the contact is kept as sips: " + ok);
        return phone;
    }

    @Test
    void twoPhonesRegisterOverTlsAndCallEachOtherThroughTheProxy() throws Exception {
        startWithPem();
        try (TcpPhone alice = registered("alice"); TcpPhone bob = registered("bob")) {
            String id = UUID.randomUUID().toString().replace("-", "");
            String dialog = "From: <sips:alice@" + server() + ">;tag=a" + id.substring(0, 6) + "\r\n"
                    + "Call-ID: " + id + "@alice\r\n";
            alice.send("INVITE sips:bob@" + server() + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/TLS " + alice.localAddress() + ";branch=z9hG4bK" + id + "i;rport\r\n"
                    + "Max-Forwards: 70\r\n" + dialog
                    + "To: <sips:bob@" + server() + ">\r\n"
                    + "CSeq: 1 INVITE\r\n"
                    + "Contact: <sips:alice@" + alice.localAddress() + ">\r\n"
                    + "Content-Length: 0\r\n\r\n");
            // bob's INVITE arrives on the connection he registered over: he is behind NAT
            String invite = bob.receive(WAIT);
            assertTrue(invite.startsWith("INVITE sips:bob@127.0.0.1:5999 "), invite);
            List<String> recordRoutes = headerValues(invite, "Record-Route");
            assertTrue(!recordRoutes.isEmpty() && recordRoutes.get(0).contains("transport=tls"),
                    "the proxy record-routes with its TLS address: " + recordRoutes);
            assertTrue(headerValues(invite, "Via").get(0).startsWith("SIP/2.0/TLS "), invite);

            StringBuilder ok = new StringBuilder(response(invite, "200 OK").replace("Content-Length: 0\r\n\r\n", ""));
            ok.append("Contact: <sips:bob@").append(bob.localAddress()).append(">\r\n"); // as phones on TLS do
            for (String rr : recordRoutes) {
                ok.append("Record-Route: ").append(rr).append("\r\n");
            }
            bob.send(ok.append("Content-Length: 0\r\n\r\n").toString());
            String answered = alice.receive(WAIT);
            while (answered.startsWith("SIP/2.0 1")) {
                answered = alice.receive(WAIT);
            }
            assertTrue(answered.startsWith("SIP/2.0 200 "), answered);

            List<String> routes = new ArrayList<>(headerValues(answered, "Record-Route"));
            Collections.reverse(routes);
            String inDialog = "Max-Forwards: 70\r\n" + dialog + "To: " + headerValues(answered, "To").get(0)
                    + "\r\nRoute: " + String.join(", ", routes) + "\r\n";
            alice.send("ACK sips:bob@" + bob.localAddress() + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/TLS " + alice.localAddress() + ";branch=z9hG4bK" + id + "a;rport\r\n"
                    + inDialog + "CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");
            assertTrue(bob.receive(WAIT).startsWith("ACK sips:bob@" + bob.localAddress() + " "));
            alice.send("BYE sips:bob@" + bob.localAddress() + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/TLS " + alice.localAddress() + ";branch=z9hG4bK" + id + "b;rport\r\n"
                    + inDialog + "CSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n");
            String bye = bob.receive(WAIT);
            assertTrue(bye.startsWith("BYE sips:bob@" + bob.localAddress() + " "), bye);
            bob.send(response(bye, "200 OK"));
            String byeOk = alice.receive(WAIT);
            assertTrue(byeOk.startsWith("SIP/2.0 200 ") && byeOk.contains(" BYE"), byeOk);

            @SuppressWarnings("unchecked")
            List<Map<String, Object>> open = (List<Map<String, Object>>) rpc("tls.list");
            assertEquals(2, open.size(), "tls.list shows both phones' connections: " + open);
            assertTrue(open.stream().allMatch(c -> c.get("protocol").toString().startsWith("TLSv1.")), open.toString());
            @SuppressWarnings("unchecked")
            Map<String, Object> info = (Map<String, Object>) rpc("tls.info");
            assertEquals(2, info.get("opened_connections"), info.toString());
        }
    }

    /** core.tcp_info counts and core.tcp_list lists the open TCP and TLS connections, as Kamailio's do. */
    @Test
    void coreTcpInfoAndTcpListShowTheOpenConnections() throws Exception {
        startWithPem();
        try (TcpPhone overTls = registered("erin"); TcpPhone overTcp = TcpPhone.connect(fixture.tcpAddress())) {
            overTcp.send("OPTIONS sip:127.0.0.1:" + fixture.tcpPort() + " SIP/2.0\r\nVia: SIP/2.0/TCP "
                    + overTcp.localAddress() + ";branch=z9hG4bKtcpinfo;rport\r\nMax-Forwards: 70\r\n"
                    + "From: <sip:f@example.org>;tag=1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: tcpinfo@f\r\n"
                    + "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
            assertTrue(overTcp.receive(WAIT).startsWith("SIP/2.0 200 "));
            @SuppressWarnings("unchecked")
            Map<String, Object> info = (Map<String, Object>) rpc("core.tcp_info");
            assertEquals(1, info.get("opened_connections"), info.toString());
            assertEquals(1, info.get("opened_tls_connections"), info.toString());
            assertEquals(2048, info.get("max_connections"), info.toString());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list = (List<Map<String, Object>>) rpc("core.tcp_list");
            assertEquals(2, list.size(), list.toString());
            String tcpPort = overTcp.localAddress().substring("127.0.0.1:".length());
            assertTrue(list.stream().anyMatch(c -> c.get("type").equals("TCP") && c.get("direction").equals("in")
                    && String.valueOf(c.get("src_port")).equals(tcpPort)
                    && c.get("dst_port").equals(fixture.tcpPort())), list.toString());
            @SuppressWarnings("unchecked")
            List<String> stats = (List<String>) rpc("stats.get_statistics", "tcp:");
            assertTrue(stats.contains("tcp:current_opened_connections = 2") && stats.contains("tcp:passive_open = 2"),
                    "Kamailio's tcp: statistics: " + stats);
            String tlsPort = overTls.localAddress().substring("127.0.0.1:".length());
            assertTrue(list.stream().anyMatch(c -> c.get("type").equals("TLS")
                    && String.valueOf(c.get("src_port")).equals(tlsPort) && c.get("dst_port").equals(tls().getPort())),
                    list.toString());
        }
    }

    /**
     * A phone with a public address registers {@code transport=tls} and hangs up: a call to it opens a
     * new TLS connection from the proxy to the registered contact (the stack's client side).
     */
    @Test
    void aCallToATlsContactWhoseConnectionClosedOpensANewTlsConnection() throws Exception {
        TestCertificates.Issued server = TestCertificates.selfSigned(home.resolve("conf"), "server",
                "sip.example.org", "dns:sip.example.org,ip:127.0.0.1");
        TestCertificates.Issued phoneCert = TestCertificates.selfSigned(home.resolve("phone"), "phone",
                "phone.example.org", "ip:127.0.0.1");
        start("tls.tls_certificate", "conf/server.crt.pem", "tls.tls_private_key", "conf/server.key.pem",
                "registrar.nat_uac_test", "0");
        javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(phoneCert.pkcs12())) {
            store.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        keys.init(store, TestCertificates.PASSWORD.toCharArray());
        javax.net.ssl.SSLContext phoneContext = javax.net.ssl.SSLContext.getInstance("TLS");
        phoneContext.init(keys.getKeyManagers(), null, null);
        try (javax.net.ssl.SSLServerSocket listening = (javax.net.ssl.SSLServerSocket) phoneContext
                .getServerSocketFactory().createServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String contact = "sip:carol@127.0.0.1:" + listening.getLocalPort() + ";transport=tls";
            try (TcpPhone registration = TcpPhone.connectTls(tls(), null)) {
                String id = UUID.randomUUID().toString().replace("-", "");
                registration.send("REGISTER sip:" + server() + " SIP/2.0\r\n"
                        + "Via: SIP/2.0/TLS 127.0.0.1:" + listening.getLocalPort() + ";branch=z9hG4bK" + id + ";rport\r\n"
                        + "Max-Forwards: 70\r\nFrom: <sip:carol@" + server() + ">;tag=c" + id.substring(0, 6) + "\r\n"
                        + "To: <sip:carol@" + server() + ">\r\nCall-ID: " + id + "@carol\r\nCSeq: 1 REGISTER\r\n"
                        + "Contact: <" + contact + ">\r\nExpires: 600\r\nContent-Length: 0\r\n\r\n");
                String ok = registration.receive(WAIT);
                assertTrue(ok.startsWith("SIP/2.0 200 "), ok);
            }
            try (TcpPhone caller = registered("dave")) {
                String id = UUID.randomUUID().toString().replace("-", "");
                caller.send("INVITE sip:carol@" + server() + " SIP/2.0\r\n"
                        + "Via: SIP/2.0/TLS " + caller.localAddress() + ";branch=z9hG4bK" + id + ";rport\r\n"
                        + "Max-Forwards: 70\r\nFrom: <sip:dave@" + server() + ">;tag=d" + id.substring(0, 6) + "\r\n"
                        + "To: <sip:carol@" + server() + ">\r\nCall-ID: " + id + "@dave\r\nCSeq: 1 INVITE\r\n"
                        + "Contact: <sip:dave@" + caller.localAddress() + ";transport=tls>\r\n"
                        + "Content-Length: 0\r\n\r\n");
                listening.setSoTimeout((int) WAIT.toMillis());
                try (TcpPhone incoming = TcpPhone.accepted(listening.accept())) {
                    String invite = incoming.receive(WAIT);
                    assertTrue(invite.startsWith("INVITE " + contact + " "), invite);
                    assertTrue(headerValues(invite, "Via").get(0).startsWith("SIP/2.0/TLS 127.0.0.1:" + tls().getPort()),
                            invite);
                    incoming.send(response(invite, "486 Busy Here"));
                    String busy = caller.receive(WAIT);
                    while (busy.startsWith("SIP/2.0 1")) {
                        busy = caller.receive(WAIT);
                    }
                    assertTrue(busy.startsWith("SIP/2.0 486 "), busy);
                    assertTrue(incoming.receive(WAIT).startsWith("ACK "), "the proxy's ACK on the same connection");
                }
            }
        }
    }

    /**
     * verify_certificate and require_certificate: a client without a certificate, or with one the
     * ca_list does not hold, is refused; one whose certificate the ca_list holds gets in.
     */
    @Test
    void requiredClientCertificatesAreCheckedAgainstTheCaList() throws Exception {
        TestCertificates.selfSigned(home.resolve("conf"), "server", "sip.example.org", "dns:sip.example.org");
        TestCertificates.Issued trusted = TestCertificates.selfSigned(home.resolve("conf"), "trusted",
                "trusted.example.org", "dns:trusted.example.org");
        TestCertificates.Issued stranger = TestCertificates.selfSigned(home.resolve("other"), "stranger",
                "stranger.example.org", "dns:stranger.example.org");
        start("tls.tls_certificate", "conf/server.crt.pem", "tls.tls_private_key", "conf/server.key.pem",
                "tls.verify_certificate", "yes", "tls.require_certificate", "yes", "tls.tls_ca_list",
                "conf/trusted.crt.pem");
        assertRefused(null);
        assertRefused(stranger);
        try (TcpPhone in = TcpPhone.connectTlsWith(tls(), clientContext(trusted), null)) {
            in.send("OPTIONS sip:" + server() + " SIP/2.0\r\nVia: SIP/2.0/TLS " + in.localAddress()
                    + ";branch=z9hG4bKcert1;rport\r\nMax-Forwards: 70\r\nFrom: <sip:t@example.org>;tag=1\r\n"
                    + "To: <sip:" + server() + ">\r\nCall-ID: cert1@t\r\nCSeq: 1 OPTIONS\r\n"
                    + "Content-Length: 0\r\n\r\n");
            assertTrue(in.receive(WAIT).startsWith("SIP/2.0 200 "), "a trusted client is served");
        }
    }

    /**
     * Each listener's [server:IP:PORT] section has its own method and client-certificate policy: one
     * listener asks TLS 1.3 and a trusted client certificate, the other (the default) neither.
     */
    @Test
    void eachListenerKeepsItsOwnSectionsMethodAndClientCertificatePolicy() throws Exception {
        Path conf = home.resolve("conf");
        TestCertificates.selfSigned(conf, "server", "sip.example.org", "dns:sip.example.org");
        TestCertificates.Issued trusted = TestCertificates.selfSigned(conf, "trusted", "trusted.example.org",
                "dns:trusted.example.org");
        int strictPort = io.sipcontainer.it.support.FreePort.find();
        Files.writeString(conf.resolve("tls.cfg"), "[server:default]\n"
                + "certificate = server.crt.pem\nprivate_key = server.key.pem\n"
                + "[server:127.0.0.1:" + strictPort + "]\n"
                + "method = TLSv1.3\nverify_certificate = yes\nrequire_certificate = yes\nca_list = trusted.crt.pem\n"
                + "certificate = server.crt.pem\nprivate_key = server.key.pem\n");
        start(b -> b.listen(Transport.TLS, "127.0.0.2", 0).listen(Transport.TLS, "127.0.0.1", strictPort),
                "tls.config", "conf/tls.cfg");
        InetSocketAddress strict = new InetSocketAddress("127.0.0.1", strictPort);
        InetSocketAddress lenient = fixture.server().connectors().stream()
                .filter(c -> c.transport().equals("tls") && c.host().equals("127.0.0.2")).findFirst()
                .map(c -> new InetSocketAddress(c.host(), c.port())).orElseThrow();

        try (TcpPhone anyone = TcpPhone.connectTls(lenient, null, "TLSv1.2")) {
            assertEquals("TLSv1.2", anyone.tlsProtocol(), "the default section: TLS 1.2 and no certificate asked");
        }
        assertThrows(java.io.IOException.class, () -> TcpPhone.connectTls(strict, null, "TLSv1.2").close(),
                "the strict listener speaks TLS 1.3 only");
        assertRefused(strict, null);
        try (TcpPhone known = TcpPhone.connectTlsWith(strict, clientContext(trusted), null)) {
            assertEquals("TLSv1.3", known.tlsProtocol());
            known.send("OPTIONS sip:127.0.0.1:" + strictPort + " SIP/2.0\r\nVia: SIP/2.0/TLS " + known.localAddress()
                    + ";branch=z9hG4bKstrict;rport\r\nMax-Forwards: 70\r\nFrom: <sip:t@example.org>;tag=1\r\n"
                    + "To: <sip:127.0.0.1>\r\nCall-ID: strict@t\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
            assertTrue(known.receive(WAIT).startsWith("SIP/2.0 200 "), "a trusted client is served");
        }
    }

    private void assertRefused(TestCertificates.Issued cert) throws Exception {
        assertRefused(tls(), cert);
    }

    private void assertRefused(InetSocketAddress listener, TestCertificates.Issued cert) throws Exception {
        // in TLS 1.3 the client learns of the refusal on its first read, not in its handshake
        try (TcpPhone phone = TcpPhone.connectTlsWith(listener, clientContext(cert), null)) {
            phone.send("OPTIONS sip:" + server() + " SIP/2.0\r\nContent-Length: 0\r\n\r\n");
            phone.receive(WAIT);
            throw new AssertionError("served without a trusted certificate: " + cert);
        } catch (java.io.IOException expected) {
            // refused in the handshake
        } catch (AssertionError e) {
            assertTrue(e.getMessage().startsWith("the server closed the connection"), e.getMessage());
        }
    }

    private static javax.net.ssl.SSLContext clientContext(TestCertificates.Issued cert) throws Exception {
        javax.net.ssl.KeyManager[] keys = null;
        if (cert != null) {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(cert.pkcs12())) {
                store.load(in, TestCertificates.PASSWORD.toCharArray());
            }
            javax.net.ssl.KeyManagerFactory f = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            f.init(store, TestCertificates.PASSWORD.toCharArray());
            keys = f.getKeyManagers();
        }
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(keys, new javax.net.ssl.TrustManager[] {new TcpPhone.TrustEverything()}, null);
        return context;
    }

    /** tcp_accept_iplimit holds for TLS too: one connection past it is closed before its handshake. */
    @Test
    void aTlsConnectionPastThePerAddressLimitIsClosedAndAPlaceFreesWhenOneCloses() throws Exception {
        TestCertificates.selfSigned(home.resolve("conf"), "server", "sip.example.org", "dns:sip.example.org");
        start(b -> b.tcpAcceptIpLimit(2), "tls.tls_certificate", "conf/server.crt.pem", "tls.tls_private_key",
                "conf/server.key.pem");
        TcpPhone first = TcpPhone.connectTls(tls(), null);
        try (TcpPhone second = TcpPhone.connectTls(tls(), null)) {
            assertThrows(java.io.IOException.class, () -> TcpPhone.connectTls(tls(), null).close(),
                    "a third connection from 127.0.0.1 is refused");
            @SuppressWarnings("unchecked")
            List<String> stats = (List<String>) rpc("stats.get_statistics", "tcp:local_reject");
            assertEquals(List.of("tcp:local_reject = 1"), stats, "counted as Kamailio counts it");
            first.close();
            // the server sees the close a little later
            io.sipcontainer.it.support.Poll.until(() -> {
                try (TcpPhone again = TcpPhone.connectTls(tls(), null)) {
                    return again.peerCertificate().getSubjectX500Principal().getName().equals("CN=sip.example.org");
                } catch (java.io.IOException e) {
                    return false;
                }
            }, WAIT, () -> "no place freed after a TLS connection closed");
        }
    }

    // --- protocols ---------------------------------------------------------------------------

    @Test
    void tls12And13AreSpokenAndTls11IsRefused() throws Exception {
        startWithPem();
        try (TcpPhone v13 = TcpPhone.connectTls(tls(), null, "TLSv1.3");
                TcpPhone v12 = TcpPhone.connectTls(tls(), null, "TLSv1.2")) {
            assertEquals("TLSv1.3", v13.tlsProtocol());
            assertEquals("TLSv1.2", v12.tlsProtocol());
        }
        // the JDK's own client will not offer TLS 1.1 any more: a TLS 1.1 ClientHello written by hand
        try (Socket raw = new Socket()) {
            raw.connect(tls(), 5000);
            raw.setSoTimeout(5000);
            OutputStream out = raw.getOutputStream();
            out.write(tls11ClientHello());
            out.flush();
            InputStream in = raw.getInputStream();
            int contentType = in.read();
            assertTrue(contentType == 21 || contentType == -1,
                    "a TLS 1.1 ClientHello gets an alert (21) or a close, not a ServerHello (22): " + contentType);
        }
    }

    /** A minimal ClientHello for TLS 1.1 (version 3.2) offering TLS_RSA_WITH_AES_128_CBC_SHA. */
    private static byte[] tls11ClientHello() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(3);
        body.write(2); // client_version TLS 1.1
        body.writeBytes(random);
        body.write(0); // no session id
        body.writeBytes(new byte[] {0, 2, 0x00, 0x2f}); // one cipher suite
        body.writeBytes(new byte[] {1, 0}); // null compression
        byte[] hello = body.toByteArray();
        java.io.ByteArrayOutputStream record = new java.io.ByteArrayOutputStream();
        int handshakeLength = hello.length + 4;
        record.writeBytes(new byte[] {22, 3, 2, (byte) (handshakeLength >> 8), (byte) handshakeLength});
        record.writeBytes(new byte[] {1, 0, (byte) (hello.length >> 8), (byte) hello.length});
        record.writeBytes(hello);
        return record.toByteArray();
    }

    // --- WSS ----------------------------------------------------------------------------------

    /**
     * HTTPS without http.keystore presents the tls.* certificate, so SIP over secure WebSocket shares
     * the TLS configuration; behind a proxy, websocket.advertise is the address in Via and Record-Route.
     */
    @Test
    void aWebSocketClientOverTlsRegistersAndCallsWithTheAdvertisedAddressInViaAndRecordRoute() throws Exception {
        TestCertificates.Issued cert = TestCertificates.selfSigned(home.resolve("conf"), "server", "sip.example.org",
                "dns:sip.example.org,ip:127.0.0.1");
        start("tls.tls_certificate", "conf/server.crt.pem", "tls.tls_private_key", "conf/server.key.pem",
                "http.tls_listen", "127.0.0.1:0", "websocket.advertise", "sip.example.org:443");
        int wssPort = fixture.server().connectors().stream().filter(c -> c.transport().equals("wss"))
                .findFirst().orElseThrow(() -> new AssertionError("no wss transport")).port();
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(TestCertificates.trustStore(List.of(cert.certificate())));
        javax.net.ssl.SSLContext client = javax.net.ssl.SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);
        String uri = "wss://127.0.0.1:" + wssPort + "/"; // the certificate names 127.0.0.1: the JDK checks it
        String domain = "sip:127.0.0.1:" + fixture.udpPort();
        String bobAor = "sip:bob@127.0.0.1:" + fixture.udpPort();
        try (io.sipcontainer.it.support.WsSipClient alice = new io.sipcontainer.it.support.WsSipClient(uri,
                "a1ice.invalid", client);
                io.sipcontainer.it.support.WsSipClient bob = new io.sipcontainer.it.support.WsSipClient(uri,
                        "b0b.invalid", client)) {
            bob.send(bob.request("REGISTER", domain, "bob", bobAor, "wss-reg", List.of("Expires: 600"), null));
            String registered = bob.receive(WAIT);
            assertTrue(registered.startsWith("SIP/2.0 200 "), registered);
            String contact = io.sipcontainer.it.support.WsSipClient.header(registered, "Contact");
            assertTrue(contact.startsWith("<" + bob.contact("bob") + ">;expires=600"), contact);
            assertTrue(bob.contact("bob").endsWith(";transport=wss"));

            alice.send(alice.request("INVITE", bobAor, "alice", bobAor, "wss-call", List.of(), null));
            String invite = bob.receive("INVITE ", WAIT);
            List<String> vias = headerValues(invite, "Via");
            assertTrue(vias.get(0).startsWith("SIP/2.0/WSS sip.example.org:443;"), "advertised Via: " + vias);
            List<String> recordRoutes = headerValues(invite, "Record-Route");
            assertTrue(recordRoutes.get(0).startsWith("<sip:sip.example.org:443;transport=wss;"),
                    "advertised Record-Route: " + recordRoutes);
            bob.send(bob.response(invite, 486, "Busy Here", "b-busy", null));
            String busy = alice.receive("SIP/2.0 486", WAIT);
            assertTrue(busy.startsWith("SIP/2.0 486 "), busy);
        }
        // one configuration: tls.reload reaches the HTTPS port too
        TestCertificates.selfSigned(home.resolve("conf"), "server", "renewed.example.org", "dns:renewed.example.org");
        rpc("tls.reload");
        try (TcpPhone https = TcpPhone.connectTls(new InetSocketAddress("127.0.0.1", wssPort), null)) {
            assertEquals("CN=renewed.example.org", https.peerCertificate().getSubjectX500Principal().getName());
        }
    }

    // --- SNI, domains file, reload -------------------------------------------------------------

    @Test
    void sniPicksTheDomainsCertificateFromTheTlsConfigFile() throws Exception {
        Path conf = home.resolve("conf");
        TestCertificates.selfSigned(conf, "default", "default.example.org", "dns:default.example.org");
        TestCertificates.selfSigned(conf, "alpha", "alpha.example.org", "dns:alpha.example.org");
        TestCertificates.selfSigned(conf, "beta", "beta.example.org", "dns:beta.example.org");
        Files.writeString(conf.resolve("tls.cfg"), """
                # Kamailio's tls.cfg format
                [server:default]
                method = TLSv1.2+
                certificate = default.crt.pem
                private_key = default.key.pem

                [server:any]
                server_name = alpha.example.org
                certificate = alpha.crt.pem
                private_key = alpha.key.pem

                [server:any]
                server_name = beta.example.org
                server_name_mode = 1
                certificate = beta.p12
                pkcs12_password = changeit
                """);
        start("tls.config", "conf/tls.cfg");
        assertEquals("CN=alpha.example.org", subjectFor("alpha.example.org"));
        assertEquals("CN=beta.example.org", subjectFor("beta.example.org"));
        assertEquals("CN=beta.example.org", subjectFor("sip.beta.example.org"), "server_name_mode 1: subdomains");
        assertEquals("CN=default.example.org", subjectFor("other.example.org"));
        assertEquals("CN=default.example.org", subjectFor(null), "no SNI (by address)");
    }

    private String subjectFor(String sni) throws Exception {
        try (TcpPhone phone = TcpPhone.connectTls(tls(), sni)) {
            return phone.peerCertificate().getSubjectX500Principal().getName();
        }
    }

    @Test
    void tlsReloadSwapsTheCertificateForTheNextHandshakeAndABadFileChangesNothing() throws Exception {
        startWithPem();
        assertEquals("CN=sip.example.org", subjectFor(null));
        try (TcpPhone before = TcpPhone.connectTls(tls(), null)) {
            TestCertificates.selfSigned(home.resolve("conf"), "server", "renewed.example.org",
                    "dns:renewed.example.org");
            assertEquals("Ok. TLS configuration reloaded.", rpc("tls.reload"));
            assertEquals("CN=renewed.example.org", subjectFor(null), "a new handshake sees the new certificate");
            assertEquals("CN=sip.example.org", before.peerCertificate().getSubjectX500Principal().getName(),
                    "an open connection keeps its own");
        }
        Files.writeString(home.resolve("conf").resolve("server.key.pem"), "not a key\n");
        RpcException failed = assertThrows(RpcException.class, () -> rpc("tls.reload"));
        assertTrue(failed.getMessage().contains("server.key.pem"), failed.getMessage());
        assertEquals("CN=renewed.example.org", subjectFor(null), "the certificates in use stay");
    }

    @Test
    void aBadTlsConfigLineStopsTheStartWithFileLineAndReason() throws Exception {
        Path conf = home.resolve("conf");
        TestCertificates.selfSigned(conf, "default", "default.example.org", "dns:default.example.org");
        Files.writeString(conf.resolve("tls.cfg"), """
                [server:default]
                certificate = default.crt.pem
                private_key = default.key.pem
                method = TLSv1+
                """);
        StackException e = assertThrows(StackException.class, () -> start("tls.config", "conf/tls.cfg"));
        assertTrue(e.getMessage().contains("tls.cfg:4") && e.getMessage().contains("older than TLS 1.2"),
                e.getMessage());
    }

    /** The values of a header in a message as text; the entries of a Record-Route line one by one. */
    static List<String> headerValues(String message, String name) {
        List<String> values = new ArrayList<>();
        for (String line : message.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                String value = line.substring(colon + 1).strip();
                for (String entry : value.split(",(?=\\s*<)")) {
                    values.add(entry.strip());
                }
            }
        }
        return values;
    }

    /** A response to a request received as text: its Via, From, To (tagged), Call-ID and CSeq. */
    static String response(String request, String statusLine) {
        StringBuilder r = new StringBuilder("SIP/2.0 ").append(statusLine).append("\r\n");
        for (String line : request.split("\r\n")) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("via:") || lower.startsWith("from:") || lower.startsWith("call-id:")
                    || lower.startsWith("cseq:")) {
                r.append(line).append("\r\n");
            } else if (lower.startsWith("to:")) {
                r.append(line).append(line.contains("tag=") ? "" : ";tag=bob1").append("\r\n");
            }
        }
        return r.append("Content-Length: 0\r\n\r\n").toString();
    }
}
