package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * The dialog module end to end: SIPp callers and callees call each other through the default
 * proxy application on a real server, and the {@code dlg.*} commands and {@code dialog:*}
 * statistics show each call in Kamailio's states; timeouts with {@code send_bye},
 * {@code dlg.end_dlg} and a restart with {@code db_mode 1} are checked by what both SIPp agents
 * receive.
 */
class DialogEndToEndTest {
    private static final Duration CALL_LIMIT = Duration.ofSeconds(40);
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path home;
    private ServerFixture fixture;

    private void start(String... settings) throws Exception {
        start(0, settings);
    }

    /** Starts the server with the proxy, SIP on {@code sipPort} (0: ephemeral) and these settings. */
    private void start(int sipPort, String... settings) throws Exception {
        fixture = new ServerFixture(home).sipPort(sipPort)
                .dar(Files.readString(Path.of("..", "conf", "dar.properties"), StandardCharsets.UTF_8))
                .configure(b -> {
                    for (int i = 0; i < settings.length; i += 2) {
                        b.moduleParam(settings[i], settings[i + 1]);
                    }
                    return b;
                });
        DefaultProxyTest.deploy("proxy", fixture.deployDir());
        fixture.start();
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static Sipp callee(String scenario) {
        return Sipp.scenario("sipp/" + scenario).calls(1).timeout(CALL_LIMIT).recvTimeout(Duration.ofSeconds(30));
    }

    private Sipp caller(String scenario) {
        return Sipp.scenario("sipp/" + scenario).remote(fixture.udpPort()).udp().service("bob").calls(1)
                .timeout(CALL_LIMIT).recvTimeout(Duration.ofSeconds(30));
    }

    private static String bob(Sipp sipp) {
        return "bob=sip:bob@127.0.0.1:" + sipp.localPort();
    }

    private Object rpc(String method, Object... params) throws RpcException {
        return fixture.server().services().get(RpcRegistry.class).call(method, new RpcParams(List.of(params)));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> dialogs() {
        try {
            return (List<Map<String, Object>>) rpc("dlg.list");
        } catch (RpcException e) {
            throw new AssertionError(e);
        }
    }

    private long stat(String name) {
        return fixture.server().services().get(Statistics.class).snapshot("dialog:" + name).get("dialog:" + name);
    }

    /** Waits until the one dialog listed is in {@code state}, and returns it. */
    private Map<String, Object> awaitState(int state) {
        Poll.until(() -> dialogs().size() == 1 && ((Number) dialogs().get(0).get("state")).intValue() == state, WAIT,
                () -> "expected one dialog in state " + state + ": " + dialogs());
        return dialogs().get(0);
    }

    private void awaitNoDialogs() {
        Poll.until(() -> dialogs().isEmpty(), WAIT, () -> "dialogs left: " + dialogs());
    }

    @Test
    void proxiedCallIsListedConfirmedWhileUpAndGoneAfterTheBye() throws Exception {
        Sipp.require();
        Sipp bob = callee("dialog-uas-answer.xml");
        start("proxy.static_location", bob(bob));
        try (Sipp.Running callee = bob.start(); Sipp.Running caller = caller("dialog-uac-call.xml").start()) {
            Map<String, Object> d = awaitState(4);
            assertEquals(1, stat("active_dialogs"));
            assertEquals(1, stat("processed_dialogs"));
            assertEquals("sip:bob@127.0.0.1:" + fixture.udpPort(), d.get("to_uri"));
            assertTrue(((Number) d.get("start_ts")).longValue() > 0, d.toString());
            Map<?, ?> callerLeg = (Map<?, ?>) d.get("caller");
            Map<?, ?> calleeLeg = (Map<?, ?>) d.get("callee");
            assertTrue(callerLeg.get("contact").toString().startsWith("sip:caller@127.0.0.1:" + caller.localPort()), d.toString());
            assertEquals("1", callerLeg.get("cseq"));
            assertEquals("udp:127.0.0.1:" + fixture.udpPort(), callerLeg.get("socket"));
            assertTrue(calleeLeg.get("contact").toString().startsWith("sip:callee@127.0.0.1:" + bob.localPort()), d.toString());
            assertTrue(!calleeLeg.get("tag").toString().isEmpty(), d.toString());
            assertEquals(List.of(d), rpc("dlg.dlg_list", d.get("call-id")));
            assertEquals(List.of(d), rpc("dlg.list_match", "callid", "eq", d.get("call-id")));
            assertEquals(Map.of("starting", 0, "connecting", 0, "answering", 0, "ongoing", 1, "all", 1),
                    rpc("dlg.stats_active"));

            SippResult hungUp = caller.awaitResult();
            assertTrue(hungUp.allSucceeded(), "caller: " + hungUp);
            assertTrue(callee.awaitResult().allSucceeded(), "callee");
        }
        awaitNoDialogs();
        assertEquals(0, stat("active_dialogs"));
        assertEquals(0, stat("failed_dialogs"));
    }

    @Test
    void manyCallsAreAllCountedAndNoneIsLeftBehind() throws Exception {
        Sipp.require();
        int calls = 200;
        Sipp bob = Sipp.scenario("sipp/proxy-uas-answer.xml").calls(calls).timeout(CALL_LIMIT);
        start("proxy.static_location", bob(bob));
        try (Sipp.Running callee = bob.start()) {
            SippResult callers = Sipp.scenario("sipp/proxy-uac-call.xml").remote(fixture.udpPort()).udp()
                    .service("bob").calls(calls).rate(50).timeout(CALL_LIMIT).run();
            assertTrue(callers.allSucceeded(), "callers: " + callers);
            assertTrue(callee.awaitResult().allSucceeded(), "callee");
        }
        awaitNoDialogs();
        assertEquals(calls, stat("processed_dialogs"));
        assertEquals(0, stat("active_dialogs"));
        assertEquals(0, stat("early_dialogs"));
        assertEquals(0, stat("failed_dialogs"));
    }

    @Test
    void earlyThenBusyCallShowsStateTwoThenCountsAsFailed() throws Exception {
        Sipp.require();
        Sipp bob = callee("dialog-uas-ring-busy.xml");
        start("proxy.static_location", bob(bob));
        try (Sipp.Running callee = bob.start(); Sipp.Running caller = caller("proxy-uac-busy.xml").start()) {
            awaitState(2);
            assertEquals(1, stat("early_dialogs"));
            assertEquals(0, stat("active_dialogs"));
            assertEquals(Map.of("starting", 0, "connecting", 1, "answering", 0, "ongoing", 0, "all", 1),
                    rpc("dlg.stats_active"));
            assertTrue(caller.awaitResult().allSucceeded(), "caller gets 486");
            assertTrue(callee.awaitResult().allSucceeded(), "callee's 486 acknowledged");
        }
        awaitNoDialogs();
        Poll.until(() -> stat("failed_dialogs") == 1, WAIT, () -> "failed_dialogs " + stat("failed_dialogs"));
        assertEquals(0, stat("early_dialogs"));
        assertEquals(1, stat("processed_dialogs"));
    }

    @Test
    void cancelledAndUnansweredCallsFail() throws Exception {
        Sipp.require();
        Sipp ringing = callee("proxy-uas-ring-cancel.xml");
        start("proxy.static_location", bob(ringing), "proxy.fr_inv_timer", "2000");
        try (Sipp.Running callee = ringing.start()) {
            assertTrue(caller("proxy-uac-timeout.xml").run().allSucceeded(), "caller gets 180 then 408");
            assertTrue(callee.awaitResult().allSucceeded(), "callee cancelled after fr_inv_timer");
        }
        awaitNoDialogs();
        assertEquals(1, stat("failed_dialogs"), "no answer within fr_inv_timer");
        Sipp again = callee("proxy-uas-ring-cancel.xml");
        fixture.close();
        start("proxy.static_location", bob(again));
        try (Sipp.Running callee = again.start()) {
            assertTrue(caller("proxy-uac-cancel.xml").run().allSucceeded(), "caller's CANCEL");
            assertTrue(callee.awaitResult().allSucceeded(), "callee cancelled");
        }
        awaitNoDialogs();
        assertEquals(1, stat("failed_dialogs"), "the caller's CANCEL");
        assertEquals(0, stat("early_dialogs"));
    }

    @Test
    void timeoutWithSendByeSendsByeToBothSides() throws Exception {
        Sipp.require();
        Sipp bob = callee("dialog-uas-answer.xml");
        start("proxy.static_location", bob(bob), "dialog.default_timeout", "2", "dialog.send_bye", "yes");
        try (Sipp.Running callee = bob.start(); Sipp.Running caller = caller("dialog-uac-hold.xml").start()) {
            SippResult held = caller.awaitResult();
            assertTrue(held.allSucceeded(), "the caller got the BYE of the timeout: " + held);
            SippResult answered = callee.awaitResult();
            assertTrue(answered.allSucceeded(), "the callee got the BYE of the timeout: " + answered);
        }
        awaitNoDialogs();
        assertEquals(1, stat("expired_dialogs"));
        assertEquals(0, stat("active_dialogs"));
    }

    @Test
    void keepaliveAnswered481EndsTheDialogWithByeToBothSides() throws Exception {
        Sipp.require();
        Sipp bob = callee("dialog-uas-keepalive-481.xml");
        start("proxy.static_location", bob(bob), "proxy.dlg_keepalive", "callee", "dialog.ka_timer", "1",
                "dialog.ka_interval", "1", "dialog.send_bye", "yes");
        try (Sipp.Running callee = bob.start(); Sipp.Running caller = caller("dialog-uac-hold.xml").start()) {
            awaitState(4);
            SippResult answered = callee.awaitResult();
            assertTrue(answered.allSucceeded(), "the callee got a keepalive OPTIONS, answered 481, then a BYE: " + answered);
            assertTrue(caller.awaitResult().allSucceeded(), "the caller got a BYE");
        }
        awaitNoDialogs();
        assertEquals(1, stat("expired_dialogs"));
    }

    @Test
    void endDlgTearsTheCallDownWithByeToBothSides() throws Exception {
        Sipp.require();
        Sipp bob = callee("dialog-uas-answer.xml");
        start("proxy.static_location", bob(bob));
        try (Sipp.Running callee = bob.start(); Sipp.Running caller = caller("dialog-uac-hold.xml").start()) {
            Map<String, Object> d = awaitState(4);
            RpcException unknown = assertThrows(RpcException.class,
                    () -> rpc("dlg.end_dlg", d.get("h_entry"), ((Number) d.get("h_id")).longValue() + 1000));
            assertEquals(404, unknown.code());
            rpc("dlg.end_dlg", d.get("h_entry"), d.get("h_id"));
            assertTrue(caller.awaitResult().allSucceeded(), "the caller got a BYE");
            assertTrue(callee.awaitResult().allSucceeded(), "the callee got a BYE");
        }
        awaitNoDialogs();
        assertEquals(0, stat("active_dialogs"));
        assertEquals(0, stat("expired_dialogs"));
    }

    @Test
    void confirmedDialogSurvivesARestartWithDbModeOne() throws Exception {
        survivesARestart("1");
    }

    @Test
    void confirmedDialogIsWrittenAtStopAndSurvivesARestartWithDbModesTwoAndThree() throws Exception {
        survivesARestart("2");
        fixture.close();
        fixture = null;
        survivesARestart("3");
    }

    /** A held call's dialog, listed again after a restart, is ended by dlg.end_dlg: both sides get a BYE. */
    private void survivesARestart(String dbMode) throws Exception {
        Sipp.require();
        Sipp bob = callee("dialog-uas-answer.xml");
        // SIPp's caller answers at the address it called (the first server's port, closed after the
        // restart), so one BYE answer never comes back: end_timeout 1 lets the dialog go regardless
        String[] settings = {"proxy.static_location", "bob=sip:bob@127.0.0.1:" + bob.localPort(), "dialog.db_mode",
            dbMode, "dialog.end_timeout", "1"};
        start(settings);
        try (Sipp.Running callee = bob.start(); Sipp.Running caller = caller("dialog-uac-hold.xml").start()) {
            Map<String, Object> before = awaitState(4);
            fixture.close();
            fixture = null;
            start(settings);
            Map<String, Object> after = awaitState(4);
            for (String key : List.of("h_entry", "h_id", "call-id", "from_uri", "to_uri", "start_ts")) {
                assertEquals(before.get(key), after.get(key), key + " after the restart, db_mode " + dbMode);
            }
            assertEquals(((Map<?, ?>) before.get("callee")).get("contact"), ((Map<?, ?>) after.get("callee")).get("contact"));
            assertEquals(1, stat("active_dialogs"));
            rpc("dlg.end_dlg", after.get("h_entry"), after.get("h_id"));
            assertTrue(caller.awaitResult().allSucceeded(), "the caller got the restored dialog's BYE");
            assertTrue(callee.awaitResult().allSucceeded(), "the callee got the restored dialog's BYE");
        }
        awaitNoDialogs();
        fixture.close();
        fixture = null;
        start(settings);
        assertTrue(dialogs().isEmpty(), "the ended dialog was deleted from the table: " + dialogs());
    }

    @Test
    void restoredDialogEndsWithTheCallersByeAfterTheRestart() throws Exception {
        Sipp.require();
        Sipp bob = callee("dialog-uas-answer.xml");
        int port = FreePort.find(); // the caller keeps sending to it, and the Record-Route names it
        String[] settings = {"proxy.static_location", "bob=sip:bob@127.0.0.1:" + bob.localPort(), "dialog.db_mode", "1"};
        start(port, settings);
        try (Sipp.Running callee = bob.start(); Sipp.Running caller = caller("dialog-uac-call-long.xml").start()) {
            Map<String, Object> before = awaitState(4);
            fixture.close();
            fixture = null;
            start(port, settings);
            assertEquals(before.get("call-id"), awaitState(4).get("call-id"), "restored");
            SippResult hungUp = caller.awaitResult();
            assertTrue(hungUp.allSucceeded(), "the caller's BYE went through the restarted proxy: " + hungUp);
            assertTrue(callee.awaitResult().allSucceeded(), "the callee got the caller's BYE");
            awaitNoDialogs();
            assertEquals(0, stat("active_dialogs"));
        }
        fixture.close();
        fixture = null;
        start(port, settings);
        assertTrue(dialogs().isEmpty(), "the ended dialog was deleted from the table: " + dialogs());
    }
}
