package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.sip.ClientTransaction;
import javax.sip.message.Request;

import org.example.testapps.B2buaServlet;
import org.example.testapps.ProxyServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.config.Transport;
import io.sipcontainer.it.support.Dnsmasq;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;
import io.sipcontainer.it.support.TestCertificates;

/**
 * Outgoing TLS (issue 15, RFC 5922): a proxy application relays a MESSAGE to
 * {@code sip:bob@right.example.test:PORT;transport=tls} (dnsmasq names 127.0.0.1), where the test
 * listens with a JDK TLS server socket. The server's handshake names the SIP domain in SNI; with
 * {@code [client:default] verify_certificate = yes} a certificate for another name is refused and
 * the caller hears at once (not after Timer F), while the right name passes; with
 * {@code verify_certificate = no} (Kamailio's default) any certificate is taken. With two SRV
 * targets, a refused one is left for the next at once, for a proxied request and for a B2BUA
 * application's own leg alike (the stack reports the refused handshake as a transaction timeout).
 */
class TlsServerIdentityTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String DOMAIN = "right.example.test";

    @TempDir
    Path home;
    private Dnsmasq dns;
    private ServerFixture fixture;
    private final SipAgent caller = new SipAgent();
    private SSLServerSocket callee;

    @AfterEach
    void stop() throws Exception {
        caller.close();
        if (callee != null) {
            callee.close();
        }
        if (fixture != null) {
            fixture.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    /** The callee presents a self-signed certificate with {@code san}; the server trusts it (ca_list). */
    private void start(String san, boolean verify) throws Exception {
        callee = listen(certificates(verify, san).get(0));
        startServer("--host-record=" + DOMAIN + ",127.0.0.1");
    }

    /** The server's certificate, and one trusted (ca_list) certificate per {@code sans} for callees. */
    private List<TestCertificates.Issued> certificates(boolean verify, String... sans) throws Exception {
        Path conf = home.resolve("conf");
        TestCertificates.selfSigned(conf, "server", "proxy.example.test", "dns:proxy.example.test,ip:127.0.0.1");
        List<TestCertificates.Issued> peers = new java.util.ArrayList<>();
        StringBuilder cas = new StringBuilder();
        for (int i = 0; i < sans.length; i++) {
            TestCertificates.Issued peer = TestCertificates.selfSigned(conf, "callee" + i, "callee" + i, sans[i]);
            peers.add(peer);
            cas.append(Files.readString(peer.certificatePem()));
        }
        Files.writeString(conf.resolve("cas.pem"), cas, StandardCharsets.US_ASCII);
        Files.writeString(conf.resolve("tls.cfg"), "[server:default]\n"
                + "certificate = server.crt.pem\nprivate_key = server.key.pem\n\n"
                + "[client:default]\n"
                + "verify_certificate = " + (verify ? "yes" : "no") + "\n"
                + "ca_list = cas.pem\n", StandardCharsets.UTF_8);
        return peers;
    }

    private void startServer(String... records) throws Exception {
        dns = Dnsmasq.start(home, records);
        fixture = new ServerFixture(home)
                .dar("MESSAGE: (\"proxy\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"0\")\n"
                        + "INVITE: (\"b2bua\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"0\")\n")
                .configure(b -> b.listen(Transport.TLS, "127.0.0.1", 0).moduleParam("tls.config", "conf/tls.cfg")
                        .dns(d -> d.withServers(List.of(new InetSocketAddress("127.0.0.1", dns.port())))
                                .withFailover(true)));
        fixture.deploy(SarBuilder.named("proxy.sar").sipXml(SarBuilder.sipXml("proxy", "proxy",
                ProxyServlet.class.getName())).withClasses(ProxyServlet.class));
        fixture.deploy(SarBuilder.named("b2bua.sar").sipXml(SarBuilder.sipXml("b2bua", "b2bua",
                B2buaServlet.class.getName())).withClasses(B2buaServlet.class));
        fixture.start();
    }

    private static SSLServerSocket listen(TestCertificates.Issued cert) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(cert.pkcs12())) {
            keys.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, TestCertificates.PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 5,
                InetAddress.getLoopbackAddress());
    }

    private ClientTransaction message() throws Exception {
        return message("sip:bob@" + DOMAIN + ":" + callee.getLocalPort() + ";transport=tls");
    }

    private ClientTransaction message(String target) throws Exception {
        String server = "sip:bob@127.0.0.1:" + fixture.udpPort();
        Request m = caller.newRequest("MESSAGE", server, caller.uri("alice"), server);
        m.addHeader(javax.sip.SipFactory.getInstance().createHeaderFactory().createHeader("X-Targets", target));
        return caller.send(m);
    }

    /**
     * Two SIPS SRV targets for the domain: priority 10 presents a certificate for another name (the
     * listener returned, for the test to close), priority 20 ({@link #callee}) one for the domain.
     */
    private SSLServerSocket startWithARefusedThenAnAcceptedSrvTarget() throws Exception {
        List<TestCertificates.Issued> peers = certificates(true, "dns:other.example.test", "dns:" + DOMAIN);
        SSLServerSocket refused = listen(peers.get(0));
        callee = listen(peers.get(1));
        try {
            startServer("--srv-host=_sips._tcp." + DOMAIN + ",a." + DOMAIN + "," + refused.getLocalPort() + ",10,10",
                    "--srv-host=_sips._tcp." + DOMAIN + ",b." + DOMAIN + "," + callee.getLocalPort() + ",20,10",
                    "--host-record=a." + DOMAIN + ",127.0.0.1", "--host-record=b." + DOMAIN + ",127.0.0.1");
        } catch (Exception | Error e) {
            refused.close();
            throw e;
        }
        return refused;
    }

    @Test
    void aServerWhoseCertificateIsRefusedIsLeftForTheNextSrvTarget() throws Exception {
        try (SSLServerSocket refused = startWithARefusedThenAnAcceptedSrvTarget()) {
            CompletableFuture<String> first = acceptHandshake(refused);
            CompletableFuture<String> second = acceptHandshake(callee);
            long started = System.nanoTime();
            ClientTransaction ct = message("sips:bob@" + DOMAIN);
            assertTrue(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).startsWith("handshake failed"),
                    "the priority-10 server's certificate is for another name");
            assertEquals(DOMAIN, second.get(WAIT.toSeconds(), TimeUnit.SECONDS),
                    "the priority-20 server is asked for the SIP domain (RFC 5922), not its SRV name");
            assertEquals(200, caller.awaitFinalResponse(ct, WAIT).getStatusCode());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(4)) < 0,
                    "moved on at once, not after Timer F");
        }
    }

    @Test
    void anApplicationsRequestToARefusedServerMovesToTheNextSrvTargetAtOnce() throws Exception {
        try (SSLServerSocket refused = startWithARefusedThenAnAcceptedSrvTarget()) {
            CompletableFuture<String> first = acceptHandshake(refused);
            CompletableFuture<String> second = acceptHandshake(callee);
            long started = System.nanoTime();
            String server = "sip:bob@127.0.0.1:" + fixture.udpPort();
            Request invite = caller.newRequest("INVITE", server, caller.uri("alice"), server);
            invite.addHeader(javax.sip.SipFactory.getInstance().createHeaderFactory().createHeader("X-Target",
                    "sips:bob@" + DOMAIN));
            caller.attachSdp(invite);
            ClientTransaction ct = caller.send(invite); // the B2BUA's leg is the application's own request
            assertTrue(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).startsWith("handshake failed"));
            assertEquals(DOMAIN, second.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(200, caller.awaitFinalResponse(ct, WAIT).getStatusCode(),
                    "the application hears the second target's answer, not the transport error");
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(4)) < 0,
                    "moved on at once, not after Timer B");
        }
    }

    private CompletableFuture<String> acceptHandshake() {
        return acceptHandshake(callee);
    }

    /** Accepts the server's connection and completes the handshake; the SNI it sent, or the handshake's failure. */
    private CompletableFuture<String> acceptHandshake(SSLServerSocket callee) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                callee.setSoTimeout((int) WAIT.toMillis());
                SSLSocket s = (SSLSocket) callee.accept();
                s.setSoTimeout((int) WAIT.toMillis());
                s.startHandshake();
                TcpPhone phone = TcpPhone.accepted(s);
                List<SNIServerName> names = ((ExtendedSSLSession) s.getSession()).getRequestedServerNames();
                String sni = names.isEmpty() ? "" : ((SNIHostName) names.get(0)).getAsciiName();
                String request = phone.receive(WAIT);
                String expected = request.startsWith("INVITE") ? "INVITE sips:bob@" + DOMAIN : "MESSAGE sip";
                assertTrue(request.startsWith(expected) && request.contains("bob@" + DOMAIN), request);
                phone.send(okFor(request));
                return sni;
            } catch (Exception e) {
                return "handshake failed: " + e;
            }
        });
    }

    @Test
    void aCertificateForTheRightDomainPassesAndTheHandshakeNamesTheDomain() throws Exception {
        start("dns:" + DOMAIN, true);
        CompletableFuture<String> handshake = acceptHandshake();
        ClientTransaction ct = message();
        assertEquals(DOMAIN, handshake.get(WAIT.toSeconds(), TimeUnit.SECONDS), "SNI names the SIP domain");
        assertEquals(200, caller.awaitFinalResponse(ct, WAIT).getStatusCode());
    }

    @Test
    void aCertificateForAnotherNameIsRefusedAndTheCallerHearsAtOnce() throws Exception {
        start("dns:other.example.test,uri:sip:other.example.test", true);
        CompletableFuture<String> handshake = acceptHandshake();
        long started = System.nanoTime();
        ClientTransaction ct = message();
        assertTrue(handshake.get(WAIT.toSeconds(), TimeUnit.SECONDS).startsWith("handshake failed"),
                "the server ends the handshake");
        int status = caller.awaitFinalResponse(ct, WAIT).getStatusCode();
        assertTrue(status == 408 || status == 503, "a transport error is a 408/503 to the caller, got " + status);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(4)) < 0,
                "the caller hears at once, not after Timer F");
    }

    @Test
    void withVerifyCertificateOffAnyCertificateIsTaken() throws Exception {
        start("dns:other.example.test", false);
        CompletableFuture<String> handshake = acceptHandshake();
        ClientTransaction ct = message();
        assertEquals(DOMAIN, handshake.get(WAIT.toSeconds(), TimeUnit.SECONDS).toLowerCase(Locale.ROOT),
                "SNI is sent all the same");
        assertEquals(200, caller.awaitFinalResponse(ct, WAIT).getStatusCode());
    }

    /**
     * One connection, several domains (RFC 5922 7.1): the callee's certificate names {@value #DOMAIN}
     * and also.example.test, and dnsmasq gives both, and other.example.test, 127.0.0.1. A MESSAGE to
     * each at the callee's port: the first opens the connection, checked for {@value #DOMAIN}; the
     * second shares it, the certificate speaking for its domain too; the third is not sent on it (the
     * certificate is not other.example.test's) and the caller hears a failure at once.
     */
    @Test
    void aConnectionIsReusedForAnotherDomainOnlyWhenItsCertificateSpeaksForThatDomain() throws Exception {
        callee = listen(certificates(true, "dns:" + DOMAIN + ",dns:also.example.test").get(0));
        startServer("--host-record=" + DOMAIN + ",127.0.0.1", "--host-record=also.example.test,127.0.0.1",
                "--host-record=other.example.test,127.0.0.1");
        java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<SSLSocket> accepted = new java.util.concurrent.atomic.AtomicReference<>();
        CompletableFuture.runAsync(() -> {
            try {
                callee.setSoTimeout((int) WAIT.toMillis());
                SSLSocket s = (SSLSocket) callee.accept();
                accepted.set(s);
                connections.incrementAndGet();
                s.startHandshake();
                TcpPhone phone = TcpPhone.accepted(s);
                while (true) {
                    String request = phone.receive(WAIT);
                    received.add(request);
                    phone.send(okFor(request));
                }
            } catch (Exception e) {
                // the test is over, or nothing more came
            }
        });
        int port = callee.getLocalPort();
        ClientTransaction first = message("sip:bob@" + DOMAIN + ":" + port + ";transport=tls");
        assertEquals(200, caller.awaitFinalResponse(first, WAIT).getStatusCode());
        ClientTransaction second = message("sip:bob@also.example.test:" + port + ";transport=tls");
        assertEquals(200, caller.awaitFinalResponse(second, WAIT).getStatusCode(),
                "the certificate speaks for also.example.test: the connection is shared");
        long started = System.nanoTime();
        ClientTransaction third = message("sip:bob@other.example.test:" + port + ";transport=tls");
        int status = caller.awaitFinalResponse(third, WAIT).getStatusCode();
        assertTrue(status >= 400, "not answered by the callee (which answers everything 200): " + status);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(4)) < 0,
                "refused before sending, not after Timer F");
        List<String> got = List.copyOf(received);
        assertEquals(2, got.size(), "the callee got the first two MESSAGEs only: " + got);
        assertTrue(got.get(0).contains("bob@" + DOMAIN) && got.get(1).contains("bob@also.example.test"), got.toString());
        assertEquals(1, connections.get(), "one connection served both domains");
        accepted.get().close(); // the server then stops without waiting on it
    }

    /** A 200 for a request received as text: its Via, From, To (tagged), Call-ID and CSeq. */
    private static String okFor(String request) {
        StringBuilder ok = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String line : request.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("via:") || lower.startsWith("from:") || lower.startsWith("call-id:")
                    || lower.startsWith("cseq:")) {
                ok.append(line).append("\r\n");
            } else if (lower.startsWith("to:")) {
                ok.append(line).append(";tag=tls1\r\n");
            }
        }
        if (request.startsWith("INVITE")) {
            ok.append("Contact: <sips:bob@127.0.0.1:5061;transport=tls>\r\n");
        }
        return ok.append("Content-Length: 0\r\n\r\n").toString();
    }
}
