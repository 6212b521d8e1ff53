package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

import org.example.testapps.ProxyServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.Dnsmasq;
import io.sipcontainer.it.support.FreePort;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;

/**
 * RFC 3263 through the real server: a proxy application proxies to {@code sip:bob@example.test}
 * and the container finds the destination in DNS (dnsmasq on loopback: SRV priority 10 and 20, both
 * on 127.0.0.1, each a test agent's port). The request reaches the priority-10 target with its
 * Request-URI unchanged; a 503 there, or no answer within the branch timeout, sends it on to the
 * priority-20 target on a new transaction (a new Via branch), and the caller sees one answer; the
 * failed target is then blocklisted, so the next request goes straight to the other one. With
 * {@code dns_try_naptr}, a NAPTR for SIP+D2T sends over TCP, and a refused connection moves on at once.
 */
class DnsFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String TARGET = "sip:bob@example.test";

    @TempDir
    Path home;
    private Dnsmasq dns;
    private ServerFixture fixture;
    private final SipAgent caller = new SipAgent();
    private final SipAgent second = new SipAgent();
    private SipAgent first;

    @AfterEach
    void stop() {
        for (SipAgent a : new SipAgent[] {caller, first, second}) {
            if (a != null) {
                a.close();
            }
        }
        if (fixture != null) {
            fixture.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    /** DNS with SRV priority 10 at {@code firstPort} and 20 at the second agent, then the server. */
    private void start(int firstPort, String... more) throws Exception {
        String[] options = java.util.stream.Stream.concat(java.util.Arrays.stream(more), java.util.stream.Stream.of(
                "--srv-host=_sip._udp.example.test,a.example.test," + firstPort + ",10,10",
                "--srv-host=_sip._udp.example.test,b.example.test," + second.port() + ",20,10",
                "--host-record=a.example.test,127.0.0.1",
                "--host-record=b.example.test,127.0.0.1")).toArray(String[]::new);
        startWith(false, options);
    }

    private void startWith(boolean tryNaptr, String... records) throws Exception {
        dns = Dnsmasq.start(home, records);
        fixture = new ServerFixture(home)
                .dar("MESSAGE: (\"proxy\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"0\")\n"
                        + "INVITE: (\"proxy\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"0\")\n")
                .configure(b -> b.dns(d -> d.withServers(List.of(new InetSocketAddress("127.0.0.1", dns.port())))
                        .withTryNaptr(tryNaptr).withFailover(true).withBlocklist(true).withBlocklistExpire(Duration.ofSeconds(60))));
        fixture.deploy(SarBuilder.named("proxy.sar").sipXml(SarBuilder.sipXml("proxy", "proxy",
                ProxyServlet.class.getName())).withClasses(ProxyServlet.class));
        fixture.start();
    }

    private ClientTransaction message(String... options) throws Exception {
        String server = "sip:bob@127.0.0.1:" + fixture.udpPort();
        Request m = caller.newRequest("MESSAGE", server, caller.uri("alice"), server);
        m.addHeader(header("X-Targets", TARGET));
        for (String option : options) {
            String[] kv = option.split("=", 2);
            m.addHeader(header(kv[0], kv[1]));
        }
        return caller.send(m);
    }

    private static javax.sip.header.Header header(String name, String value) throws Exception {
        return javax.sip.SipFactory.getInstance().createHeaderFactory().createHeader(name, value);
    }

    private static String topBranch(RequestEvent e) {
        return ((ViaHeader) e.getRequest().getHeader(ViaHeader.NAME)).getBranch();
    }

    @Test
    void aRequestToTheDomainReachesTheLowestPrioritySrvTarget() throws Exception {
        first = new SipAgent();
        start(first.port());
        ClientTransaction ct = message();
        RequestEvent in = first.awaitRequest("MESSAGE", WAIT);
        assertEquals(TARGET, in.getRequest().getRequestURI().toString(), "the Request-URI is left as it was");
        first.respond(in, 200);
        assertEquals(200, caller.awaitFinalResponse(ct, WAIT).getStatusCode());
        assertTrue(second.pollRequest("MESSAGE", Duration.ofMillis(300)).isEmpty(), "priority 20 is not tried");
    }

    @Test
    void a503MovesTheRequestToTheNextTargetAndTheFailedOneIsThenSkipped() throws Exception {
        first = new SipAgent();
        start(first.port());
        ClientTransaction ct = message();
        RequestEvent refused = first.awaitRequest("MESSAGE", WAIT);
        first.respond(refused, 503);
        RequestEvent retried = second.awaitRequest("MESSAGE", WAIT);
        assertNotEquals(topBranch(refused), topBranch(retried), "a new transaction: a new Via branch (RFC 3263 4.3)");
        second.respond(retried, 200);
        assertEquals(200, caller.awaitFinalResponse(ct, WAIT).getStatusCode(), "the caller sees the answer, not the 503");

        ClientTransaction next = message();
        second.respond(second.awaitRequest("MESSAGE", WAIT), 200);
        assertEquals(200, caller.awaitFinalResponse(next, WAIT).getStatusCode());
        assertTrue(first.pollRequest("MESSAGE", Duration.ofMillis(300)).isEmpty(),
                "the blocklisted target is skipped (dst_blocklist_expire)");
    }

    // --- statistics and Kamailio's dns.* / dst_blocklist.* commands, over JSON-RPC ----------------

    private Object rpc(String method, String... params) throws Exception {
        StringBuilder json = new StringBuilder("[");
        for (String p : params) {
            json.append(json.length() > 1 ? "," : "").append('"').append(p).append('"');
        }
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                fixture.server().services().get(io.sipcontainer.http.HttpInfo.class).uri("http", "/RPC"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + java.nio.file.Files.readString(home.resolve("data/rpc.token")).strip())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"" + method
                        + "\",\"params\":" + json + "],\"id\":1}"))
                .build();
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), method + ": " + r.body());
        return ((java.util.Map<?, ?>) io.sipcontainer.http.JsonBodies.parse(r.body())).get("result");
    }

    private long stat(String name) throws Exception {
        for (Object line : (List<?>) rpc("stats.get_statistics", "dns:")) {
            String[] kv = line.toString().split(" = ");
            if (kv[0].equals("dns:" + name)) {
                return Long.parseLong(kv[1]);
            }
        }
        throw new AssertionError("no dns:" + name);
    }

    @Test
    void dnsStatisticsAndTheKamailioDnsAndBlocklistCommandsOverJsonRpc() throws Exception {
        first = new SipAgent();
        start(first.port(), "--local-ttl=300"); // dnsmasq's own records have TTL 0 unless told: nothing would be cached
        ClientTransaction ct = message();
        first.respond(first.awaitRequest("MESSAGE", WAIT), 503);
        second.respond(second.awaitRequest("MESSAGE", WAIT), 200);
        assertEquals(200, caller.awaitFinalResponse(ct, WAIT).getStatusCode());
        assertTrue(stat("lookups") >= 2, "the SRV and A questions went to dnsmasq");
        assertEquals(1, stat("failovers"));
        assertEquals(1, stat("dst_blocklist_entries"));
        assertEquals(0, stat("failed_dns_request"));

        List<?> blocked = (List<?>) rpc("dst_blocklist.view");
        assertEquals(1, blocked.size(), blocked.toString());
        java.util.Map<?, ?> entry = (java.util.Map<?, ?>) blocked.get(0);
        assertEquals("udp", entry.get("protocol"));
        assertEquals("127.0.0.1", entry.get("ip"));
        assertEquals((long) first.port(), ((Number) entry.get("port")).longValue());
        assertTrue(((Number) entry.get("expires in (s)")).longValue() > 50, entry.toString());
        java.util.Map<?, ?> alias = (java.util.Map<?, ?>) ((List<?>) rpc("dst_blacklist.view")).get(0);
        assertEquals(List.of(entry.get("protocol"), entry.get("ip"), entry.get("port")),
                List.of(alias.get("protocol"), alias.get("ip"), alias.get("port")), "Kamailio's older name");

        List<?> cache = (List<?>) rpc("dns.view");
        java.util.Map<?, ?> srv = cache.stream().map(e -> (java.util.Map<?, ?>) e)
                .filter(e -> "_sip._udp.example.test".equals(e.get("name")) && "SRV".equals(e.get("type")))
                .findFirst().orElseThrow(() -> new AssertionError("no SRV entry in " + cache));
        assertEquals(2, ((List<?>) srv.get("records")).size(), srv.toString());
        assertTrue(srv.toString().contains("rr port=" + first.port()) && srv.toString().contains("rr priority=10"),
                srv.toString());

        long hits = stat("cache_hits");
        ClientTransaction again = message(); // the answers come from the cache now
        second.respond(second.awaitRequest("MESSAGE", WAIT), 200);
        assertEquals(200, caller.awaitFinalResponse(again, WAIT).getStatusCode());
        assertTrue(stat("cache_hits") > hits, "the second request's lookups were cache hits");

        java.util.Map<?, ?> a = (java.util.Map<?, ?>) rpc("dns.lookup", "a", "b.example.test");
        assertEquals("A", a.get("type"));
        assertEquals("127.0.0.1", ((java.util.Map<?, ?>) ((List<?>) a.get("records")).get(0)).get("rr ip"));

        rpc("dns.delete_all");
        assertEquals(List.of(), rpc("dns.view"));
        rpc("dst_blocklist.delete_all");
        assertEquals(List.of(), rpc("dst_blocklist.view"));
        ClientTransaction unblocked = message();
        first.respond(first.awaitRequest("MESSAGE", WAIT), 200);
        assertEquals(200, caller.awaitFinalResponse(unblocked, WAIT).getStatusCode(),
                "with the blocklist emptied the priority-10 target is tried again");
    }

    @Test
    void aTargetThatDoesNotAnswerIsLeftAfterTheBranchTimeout() throws Exception {
        start(FreePort.find()); // nothing listens at priority 10
        long started = System.nanoTime();
        ClientTransaction ct = message("X-Timeout=1");
        RequestEvent retried = second.awaitRequest("MESSAGE", WAIT);
        second.respond(retried, 200);
        assertEquals(200, caller.awaitFinalResponse(ct, WAIT).getStatusCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofMillis(900)) > 0,
                "the first target was waited for, one branch timeout");
    }

    @Test
    void anInviteFailsOverOn503AndTheCallCompletesAtTheNextTarget() throws Exception {
        first = new SipAgent();
        start(first.port());
        String server = "sip:bob@127.0.0.1:" + fixture.udpPort();
        Request invite = caller.newRequest("INVITE", server, caller.uri("alice"), server);
        invite.addHeader(header("X-Targets", TARGET));
        caller.attachSdp(invite);
        ClientTransaction ct = caller.send(invite);
        first.respond(first.awaitRequest("INVITE", WAIT), 503);
        RequestEvent in = second.awaitRequest("INVITE", WAIT);
        second.respond(in, 180);
        second.respond(in, second.createResponse(in, 200));
        javax.sip.message.Response ok = caller.awaitFinalResponse(ct, WAIT);
        assertEquals(200, ok.getStatusCode());
        caller.sendAck(ok);
        second.awaitRequest("ACK", WAIT);
    }

    @Test
    void naptrSendsOverTcpAndARefusedConnectionMovesOnAtOnce() throws Exception {
        int refused = FreePort.find(); // nothing listens: the connect fails
        try (java.net.ServerSocket phone = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            startWith(true,
                    "--naptr-record=example.test,10,10,S,SIP+D2T,,_sip._tcp.example.test",
                    "--srv-host=_sip._tcp.example.test,a.example.test," + refused + ",10,10",
                    "--srv-host=_sip._tcp.example.test,b.example.test," + phone.getLocalPort() + ",20,10",
                    "--host-record=a.example.test,127.0.0.1",
                    "--host-record=b.example.test,127.0.0.1");
            ClientTransaction ct = message(); // the proxy timeout stays long: only a send failure moves on this fast
            try (TcpPhone callee = TcpPhone.accept(phone, WAIT)) {
                String request = callee.receive(WAIT);
                assertTrue(request.startsWith("MESSAGE " + TARGET + " SIP/2.0"), request);
                assertTrue(request.contains("SIP/2.0/TCP"), "NAPTR chose SIP+D2T: " + request);
                callee.send(okFor(request));
                assertEquals(200, caller.awaitFinalResponse(ct, WAIT).getStatusCode());
            }
        }
    }

    @Test
    void aFailoverToATargetOfAnotherTransportIsRecordRoutedForTheSocketItLeavesThrough() throws Exception {
        first = new SipAgent();
        try (java.net.ServerSocket phone = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            startWith(true,
                    "--naptr-record=example.test,10,10,S,SIP+D2U,,_sip._udp.example.test",
                    "--naptr-record=example.test,20,10,S,SIP+D2T,,_sip._tcp.example.test",
                    "--srv-host=_sip._udp.example.test,a.example.test," + first.port() + ",10,10",
                    "--srv-host=_sip._tcp.example.test,b.example.test," + phone.getLocalPort() + ",10,10",
                    "--host-record=a.example.test,127.0.0.1",
                    "--host-record=b.example.test,127.0.0.1");
            String server = "sip:bob@127.0.0.1:" + fixture.udpPort();
            Request invite = caller.newRequest("INVITE", server, caller.uri("alice"), server);
            invite.addHeader(header("X-Targets", TARGET));
            invite.addHeader(header("X-RR", "yes"));
            caller.attachSdp(invite);
            ClientTransaction ct = caller.send(invite);
            RequestEvent overUdp = first.awaitRequest("INVITE", WAIT);
            String udpRoutes = overUdp.getRequest().getHeaders("Record-Route").next().toString();
            assertTrue(udpRoutes.contains(":" + fixture.udpPort() + ";lr"), "one UDP Record-Route first: " + udpRoutes);
            first.respond(overUdp, 503);
            try (TcpPhone callee = TcpPhone.accept(phone, WAIT)) {
                String request = callee.receive(WAIT);
                List<String> routes = request.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT)
                        .startsWith("record-route:")).flatMap(l -> java.util.Arrays.stream(l.split(">\\s*,\\s*<")))
                        .toList();
                assertEquals(2, routes.size(), "a double Record-Route, UDP in and TCP out: " + request);
                assertTrue(routes.get(0).contains(":" + fixture.tcpPort() + ";transport=tcp;r2=on;lr"), routes.toString());
                assertTrue(routes.get(1).contains(":" + fixture.udpPort() + ";r2=on;lr"), routes.toString());
                String ok = okFor(request).replace("Content-Length: 0", "Contact: <sip:bob@127.0.0.1:"
                        + phone.getLocalPort() + ";transport=tcp>\r\n" + routes.stream().collect(
                        java.util.stream.Collectors.joining(">,<")) + "\r\nContent-Length: 0");
                callee.send(ok);
                assertEquals(200, caller.awaitFinalResponse(ct, WAIT).getStatusCode());
            }
        }
    }

    /** A 200 for a request received as text: its Via, From, To (tagged), Call-ID and CSeq. */
    private static String okFor(String request) {
        StringBuilder ok = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String line : request.split("\r\n")) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("via:") || lower.startsWith("from:") || lower.startsWith("call-id:")
                    || lower.startsWith("cseq:")) {
                ok.append(line).append("\r\n");
            } else if (lower.startsWith("to:")) {
                ok.append(line).append(";tag=tcp1\r\n");
            }
        }
        return ok.append("Content-Length: 0\r\n\r\n").toString();
    }
}
