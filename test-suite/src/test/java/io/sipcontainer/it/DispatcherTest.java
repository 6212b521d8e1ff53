package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.FreePort;
import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.Sipp;
import io.sipcontainer.it.support.SippResult;
import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.service.Statistics;

/**
 * The dispatcher with the default proxy application on a real server: a set of two destinations,
 * a SIPp UAS that answers OPTIONS and calls and a port where nothing listens. Probing marks them
 * active and inactive, calls routed to the set all reach the live one, and when the dead one is
 * forced active the calls still succeed by failing over after {@code fr_timer}; with a second live
 * destination, round-robin spreads calls and the From hash pins them to Kamailio's slot.
 */
class DispatcherTest {
    private static final Duration CALL_LIMIT = Duration.ofSeconds(40);
    /** fr_timer of the proxy: how long a dead destination is waited for, and a probe too. */
    private static final int FR_TIMER_MS = 2000;

    @TempDir
    Path home;
    private ServerFixture fixture;
    private Sipp.Running gateway;
    private String live;
    private String dead;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Starts the live destination (SIPp) and the server with set 1 = {live, dead}. */
    private void start(String... settings) throws Exception {
        Sipp.require();
        Sipp uas = Sipp.scenario("sipp/dispatcher-uas.xml").calls(1_000_000).timeout(Duration.ofMinutes(5))
                .recvTimeout(Duration.ZERO);
        live = "sip:127.0.0.1:" + uas.localPort();
        dead = "sip:127.0.0.1:" + FreePort.find();
        gateway = uas.start();
        Path list = home.resolve("dispatcher.list");
        Files.writeString(list, "# set uri flags priority attrs\n1 " + live + " 0 0 duid=live\n1 " + dead
                + " 0 0 duid=dead\n", StandardCharsets.UTF_8);
        fixture = new ServerFixture(home)
                .dar(Files.readString(Path.of("..", "conf", "dar.properties"), StandardCharsets.UTF_8))
                .configure(b -> {
                    b.moduleParam("dispatcher.list_file", list.toString());
                    b.moduleParam("proxy.dispatch", "set=1 alg=4"); // round-robin over set 1
                    b.moduleParam("proxy.fr_timer", Integer.toString(FR_TIMER_MS));
                    for (int i = 0; i < settings.length; i += 2) {
                        b.moduleParam(settings[i], settings[i + 1]);
                    }
                    return b;
                });
        DefaultProxyTest.deploy("proxy", fixture.deployDir());
        fixture.start();
    }

    private Object rpc(String method, Object... params) throws RpcException {
        return fixture.server().services().get(RpcRegistry.class).call(method, new RpcParams(List.of(params)));
    }

    /** The FLAGS of a destination in dispatcher.list (Kamailio's shape), or "" when absent. */
    @SuppressWarnings("unchecked")
    private String flags(String uri) {
        try {
            Map<String, Object> list = (Map<String, Object>) rpc("dispatcher.list");
            for (Object record : (List<Object>) list.get("RECORDS")) {
                Map<String, Object> set = (Map<String, Object>) ((Map<String, Object>) record).get("SET");
                for (Object target : (List<Object>) set.get("TARGETS")) {
                    Map<String, Object> dest = (Map<String, Object>) ((Map<String, Object>) target).get("DEST");
                    if (uri.equals(dest.get("URI"))) {
                        return (String) dest.get("FLAGS");
                    }
                }
            }
        } catch (RpcException e) {
            throw new AssertionError(e);
        }
        return "";
    }

    private long stat(String uri, String name) {
        String key = "dispatcher:1/" + uri + "/" + name;
        Long v = fixture.server().services().get(Statistics.class).snapshot(key).get(key);
        return v == null ? -1 : v;
    }

    private SippResult calls(int count) {
        return Sipp.scenario("sipp/proxy-uac-call.xml").remote(fixture.udpPort()).udp().service("gw").calls(count)
                .rate(10).timeout(CALL_LIMIT).run();
    }

    private void awaitProbed() {
        Poll.until(() -> "AP".equals(flags(live)) && "IP".equals(flags(dead)), Duration.ofSeconds(20),
                () -> "probing: live " + flags(live) + ", dead " + flags(dead));
    }

    @Test
    void probingMarksTheDeadDestinationInactiveAndTheLiveOneActive() throws Exception {
        start("dispatcher.ds_ping_interval", "1", "dispatcher.ds_probing_mode", "1");
        assertEquals("AX", flags(dead), "active until probed, as the list file says");
        awaitProbed();
        assertTrue(stat(live, "latency_ms") >= 0, "the live one's probe round trip");
        assertEquals(-1, stat(dead, "latency_ms"), "never answered");
        assertEquals(1, stat(live, "active"));
        assertEquals(0, stat(dead, "active"));
    }

    @Test
    void callsRoutedToTheSetAllReachTheLiveDestination() throws Exception {
        start("dispatcher.ds_ping_interval", "1", "dispatcher.ds_probing_mode", "1");
        awaitProbed();
        SippResult caller = calls(6);
        assertTrue(caller.allSucceeded(), "caller: " + caller);
        assertEquals(6, stat(live, "calls"), "every call to the live destination");
        assertEquals(0, stat(dead, "calls"));
    }

    @Test
    void callsFailOverWhenTheDeadDestinationIsForcedActive() throws Exception {
        start("dispatcher.ds_ping_interval", "1", "dispatcher.ds_probing_mode", "1");
        awaitProbed();
        assertEquals(Map.of("NewPingState", 0L, "OldPingState", 1), rpc("dispatcher.ping_active", 0));
        assertEquals("Ok. Dispatcher state updated.", rpc("dispatcher.set_state", "a", 1, dead));
        assertEquals("AX", flags(dead));
        long started = System.nanoTime();
        SippResult caller = calls(4);
        assertTrue(caller.allSucceeded(), "every call succeeds, some after a failover: " + caller);
        // round-robin sends every other call to the dead one first; each waits fr_timer, then fails over
        assertEquals(2, stat(dead, "failed_over"), "calls failed over from the dead destination");
        assertEquals(2, stat(dead, "calls"));
        assertEquals(4, stat(live, "calls"), "two directly, two after the failover");
        assertTrue(System.nanoTime() - started < CALL_LIMIT.toNanos());
    }

    @Test
    void noUsableDestinationGets404NoDestination() throws Exception {
        start();
        assertEquals("Ok. Dispatcher state updated.", rpc("dispatcher.set_state", "i", 1, "all"));
        try (RawSipClient raw = new RawSipClient(fixture.udpAddress())) {
            String ruri = "sip:gw@127.0.0.1:" + fixture.udpPort();
            RegisterClient.Reply reply = raw.send("MESSAGE " + ruri + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + raw.port() + ";branch=z9hG4bK" + java.util.UUID.randomUUID()
                            .toString().replace("-", "") + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:carol@127.0.0.1:" + raw.port() + ">;tag=caller\r\n"
                    + "To: <" + ruri + ">\r\n"
                    + "Call-ID: " + java.util.UUID.randomUUID() + "@test\r\n"
                    + "CSeq: 1 MESSAGE\r\n"
                    + "Content-Length: 0\r\n\r\n");
            assertEquals("404 No destination", reply.status() + " " + reply.reason(), reply.text());
        }
    }

    @Test
    void roundRobinSpreadsCallsAndTheFromHashPinsThemToKamailiosSlot() throws Exception {
        Sipp.require();
        Sipp second = Sipp.scenario("sipp/dispatcher-uas.xml").calls(1_000_000).timeout(Duration.ofMinutes(5))
                .recvTimeout(Duration.ZERO);
        String other = "sip:127.0.0.1:" + second.localPort();
        try (Sipp.Running secondGateway = second.start()) {
            // set 1 by round-robin for user "rr", set 2 by From URI hash for user "from"; same two gateways
            start("proxy.dispatch", "set=1 alg=4 user=rr ; set=2 alg=1 user=from");
            rpc("dispatcher.remove", 1, dead);
            rpc("dispatcher.add", 1, other);
            rpc("dispatcher.add", 2, live);
            rpc("dispatcher.add", 2, other); // equal priorities: set 2 is ordered other, live
            SippResult rr = Sipp.scenario("sipp/proxy-uac-call.xml").remote(fixture.udpPort()).udp().service("rr")
                    .calls(6).rate(10).timeout(CALL_LIMIT).run();
            assertTrue(rr.allSucceeded(), "round-robin calls: " + rr);
            assertEquals(3, stat(live, "calls"), "round-robin: half each");
            assertEquals(3, stat(other, "calls"));
            Sipp caller = Sipp.scenario("sipp/proxy-uac-call.xml").remote(fixture.udpPort()).udp().service("from")
                    .calls(4).rate(10).timeout(CALL_LIMIT);
            int port = caller.localPort(); // From: sip:caller@127.0.0.1:port, the same for every call
            SippResult pinned = caller.run();
            assertTrue(pinned.allSucceeded(), "From-hash calls: " + pinned);
            @SuppressWarnings("unchecked")
            Map<String, Object> hash = (Map<String, Object>) rpc("dispatcher.hash", 2, "caller", "127.0.0.1:" + port);
            String expected = ((Long) hash.get("slot")) == 0 ? other : live;
            String key = "dispatcher:2/" + expected + "/calls";
            assertEquals(4L, fixture.server().services().get(Statistics.class).snapshot(key).get(key),
                    "every call from the same URI to Kamailio's slot " + hash);
        }
    }
}
