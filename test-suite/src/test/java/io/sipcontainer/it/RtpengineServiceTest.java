package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.FreePort;
import io.sipcontainer.it.support.RtpPeer;
import io.sipcontainer.it.support.RtpengineDaemon;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.MediaRelayException;
import io.sipcontainer.service.MediaRelayService;
import io.sipcontainer.service.MediaRelayService.MediaCall;
import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.service.Statistics;

/**
 * The media relay service against the real rtpengine daemon (started for the class): ping/pong,
 * the minimal real test of Kamailio's behaviour notes (offer and answer rewrite c= and m= to
 * rtpengine, RTP is relayed both ways, query lists the tags, delete ends the call and a repeated
 * delete still succeeds), a dead instance skipped for a live one and disabled, the
 * {@code rtpengine.*} commands and statistics, and a bad socket refused at start-up.
 */
class RtpengineServiceTest {
    private static final Pattern MEDIA_PORT = Pattern.compile("(?m)^m=audio (\\d+) RTP/AVP");
    private static final String FLAGS = "replace-origin replace-session-connection trust-address";
    private static RtpengineDaemon daemon;

    @TempDir
    static Path daemonDir;
    @TempDir
    Path home;
    private ServerFixture fixture;

    @BeforeAll
    static void startDaemon() throws Exception {
        daemon = RtpengineDaemon.start(daemonDir);
    }

    @AfterAll
    static void stopDaemon() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @AfterEach
    void stopServer() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private void start(String... settings) throws Exception {
        fixture = new ServerFixture(home).configure(b -> {
            for (int i = 0; i < settings.length; i += 2) {
                b.moduleParam(settings[i], settings[i + 1]);
            }
            return b;
        });
        fixture.start();
    }

    private MediaRelayService media() {
        return fixture.server().services().get(MediaRelayService.class);
    }

    private Object rpc(String method, Object... params) throws RpcException {
        return fixture.server().services().get(RpcRegistry.class).call(method, new RpcParams(List.of(params)));
    }

    private long stat(String name) {
        Long v = fixture.server().services().get(Statistics.class).snapshot("rtpengine:" + name).get("rtpengine:" + name);
        return v == null ? -1 : v;
    }

    static String sdp(String session, int port) {
        return "v=0\r\no=" + session + " 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    }

    static int mediaPort(String sdp) {
        Matcher m = MEDIA_PORT.matcher(sdp);
        assertTrue(m.find(), "no m=audio line in\n" + sdp);
        return Integer.parseInt(m.group(1));
    }

    private void assertRelayPort(int port, String sdp) {
        assertTrue(port >= daemon.portMin() && port <= daemon.portMax(),
                "m= port " + port + " is not one of rtpengine's " + daemon.portMin() + "-" + daemon.portMax() + ":\n" + sdp);
        assertTrue(sdp.contains("c=IN IP4 127.0.0.1"), sdp);
    }

    @Test
    void pingGetsPongFromEachInstance() throws Exception {
        start("rtpengine.rtpengine_sock", daemon.socket());
        assertEquals(List.of(Map.of("url", daemon.socket(), "status", "success")), rpc("rtpengine.ping", "all"));
    }

    @Test
    void offerAndAnswerPointBothSidesAtRtpengineWhichRelaysTheirRtpUntilDeleted() throws Exception {
        start("rtpengine.rtpengine_sock", daemon.socket());
        try (RtpPeer caller = new RtpPeer(); RtpPeer callee = new RtpPeer()) {
            MediaCall offer = new MediaCall("svc-call-1", "caller-tag", null, null, "127.0.0.1");
            String toCallee = media().offer(offer, sdp("caller", caller.port()), FLAGS);
            int calleeSends = mediaPort(toCallee);
            assertRelayPort(calleeSends, toCallee);
            assertTrue(toCallee.contains("o=caller 1 1 IN IP4 127.0.0.1"), toCallee);

            MediaCall answer = new MediaCall("svc-call-1", "caller-tag", "callee-tag", null, "127.0.0.1");
            String toCaller = media().answer(answer, sdp("callee", callee.port()), FLAGS);
            int callerSends = mediaPort(toCaller);
            assertRelayPort(callerSends, toCaller);
            assertNotEquals(calleeSends, callerSends);

            int relayedFrom = caller.sendUntilReceived(callerSends, (byte) 0x11, callee, Duration.ofSeconds(5));
            assertEquals(calleeSends, relayedFrom, "the callee gets the caller's RTP from the port it was given");
            relayedFrom = callee.sendUntilReceived(calleeSends, (byte) 0x22, caller, Duration.ofSeconds(5));
            assertEquals(callerSends, relayedFrom, "the caller gets the callee's RTP from the port it was given");

            Map<String, Object> query = media().query(offer);
            Map<?, ?> tags = (Map<?, ?>) query.get("tags");
            assertTrue(tags.containsKey("caller-tag") && tags.containsKey("callee-tag"), query.toString());
            assertEquals(1, stat("offers"));
            assertEquals(1, stat("answers"));

            media().delete(offer, "");
            MediaRelayException gone = assertThrows(MediaRelayException.class, () -> media().query(offer));
            assertFalse(gone.isTimeout(), gone.getMessage());
            media().delete(offer, ""); // rtpengine answers an unknown call's delete with ok and a warning
        }
        assertEquals(0, stat("calls"), "a deleted call is no longer remembered with its instance");
    }

    @Test
    void deadInstanceIsSkippedForTheLiveOneAndDisabled() throws Exception {
        int dead = FreePort.find(); // nobody listens there
        String deadUrl = "udp:127.0.0.1:" + dead;
        start("rtpengine.rtpengine_sock", deadUrl + "=1000000 " + daemon.socket() + "=1",
                "rtpengine.rtpengine_tout_ms", "100", "rtpengine.rtpengine_retr", "2");
        String sdp = media().offer(new MediaCall("svc-dead-1", "a", null, null, null), sdp("a", 4000), FLAGS);
        assertRelayPort(mediaPort(sdp), sdp);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> show = (List<Map<String, Object>>) rpc("rtpengine.show", "all");
        assertEquals(deadUrl, show.get(0).get("url"));
        assertEquals(1, show.get(0).get("disabled"), show.toString());
        assertEquals(1000000, show.get(0).get("weight"));
        assertEquals(0, show.get(1).get("disabled"), show.toString());
        assertEquals(1, stat(deadUrl + "/timeouts"));
        assertEquals(1, stat(deadUrl + "/disabled"));
        assertEquals(1, stat("active_instances"));

        // while disabled it is not tried again: a new call goes straight to the live one
        media().offer(new MediaCall("svc-dead-2", "a", null, null, null), sdp("a", 4002), FLAGS);
        assertEquals(1, stat(deadUrl + "/commands"), "the disabled instance was tried again");

        RpcException refused = assertThrows(RpcException.class, () -> rpc("rtpengine.enable", deadUrl, 1));
        assertTrue(refused.getMessage().contains(deadUrl), refused.getMessage());
        assertEquals("success", rpc("rtpengine.enable", daemon.socket(), 0));
        MediaRelayException none = assertThrows(MediaRelayException.class,
                () -> media().offer(new MediaCall("svc-dead-3", "a", null, null, null), sdp("a", 4004), FLAGS));
        assertTrue(none.isTimeout(), none.getMessage());
        assertEquals("success", rpc("rtpengine.enable", daemon.socket(), 1));
        media().offer(new MediaCall("svc-dead-4", "a", null, null, null), sdp("a", 4006), FLAGS);
        assertEquals("success", rpc("rtpengine.reload"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> reloaded = (List<Map<String, Object>>) rpc("rtpengine.show", "all");
        assertEquals(0, reloaded.get(0).get("disabled"), "reload starts from the configuration again");
    }

    @Test
    void unusableSocketStopsTheServerAtStartUp() {
        Exception failed = assertThrows(Exception.class, () -> start("rtpengine.rtpengine_sock", "tcp:127.0.0.1:2223"));
        fixture = null; // nothing is left running
        assertTrue(failed.getCause() instanceof ConfigException, "cause: " + failed.getCause());
        String reason = failed.getCause().getMessage();
        assertTrue(reason.contains("rtpengine.rtpengine_sock") && reason.contains("only udp"), reason);
    }
}
