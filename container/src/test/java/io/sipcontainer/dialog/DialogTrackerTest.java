package io.sipcontainer.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.Test;

import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;
import io.sipcontainer.service.Dialog;
import io.sipcontainer.service.DialogListener;
import io.sipcontainer.service.DialogService;
import io.sipcontainer.stats.StatisticsRegistry;

/**
 * The dialog state machine and its timers without a network: the messages of a proxied call move
 * a dialog through Kamailio's states 1 to 5 with the statistics and events of each change, and a
 * hand-driven clock makes early_timeout, default_timeout (with and without send_bye, reset or not
 * by in-dialog requests) and failed keepalives act.
 */
class DialogTrackerTest {
    /** One request the dialog module sent, with the way to answer it. */
    record Sent(String method, boolean towardsCaller, IntConsumer onFinal) {
    }

    private final DialogMessages msgs = new DialogMessages();
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final StatisticsRegistry statistics = new StatisticsRegistry();
    private final List<Sent> sent = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    private DialogTracker tracker(DialogSettings s) {
        DialogTracker t = new DialogTracker(s, new DialogStats(statistics), DialogStore.NONE, (d, method, caller, f) -> {
            sent.add(new Sent(method, caller, f));
            return true;
        }, clock::get);
        t.addListener(new DialogListener() {
            @Override
            public void started(Dialog d) {
                events.add("start");
            }

            @Override
            public void ended(Dialog d) {
                events.add("end");
            }

            @Override
            public void failed(Dialog d) {
                events.add("failed");
            }
        });
        return t;
    }

    private static DialogSettings settings(int defaultTimeout, boolean noreset, boolean sendBye, int kaInterval) {
        return new DialogSettings(defaultTimeout, 30, 20, 300, noreset, sendBye, kaInterval > 0 ? 1 : 0, kaInterval, 1,
                0, 60, 16, Set.of("calls"), Set.of("caller"), true);
    }

    private long stat(String name) {
        return statistics.snapshot("dialog:" + name).get("dialog:" + name);
    }

    /** INVITE, 180, 200, ACK: a confirmed dialog. */
    private Dialog confirmed(DialogTracker t) {
        SipServletRequestImpl invite = msgs.invite();
        Dialog d = t.manage(invite);
        t.onResponse(msgs.response(invite, 180));
        t.onResponse(msgs.response(invite, 200));
        t.onRequest(msgs.inDialog("ACK", 10, false));
        return d;
    }

    private void advanceSeconds(long s) {
        clock.addAndGet(s * 1000);
    }

    /**
     * The module's BYEs pass no application, so a call it ends itself (an operator or application,
     * a timeout with or without send_bye) ends the application session that asked for the tracking;
     * so does a BYE the container routed without a session (the test's requests carry none).
     */
    @Test
    void aCallTheModuleEndsEndsTheApplicationSessionOfItsInvite() {
        List<String> ended = new ArrayList<>();
        CallSessions sessions = new CallSessions(null, null, null) {
            @Override
            void end(String applicationSessionId) {
                ended.add(applicationSessionId);
            }
        };
        for (boolean sendBye : new boolean[] {true, false}) {
            DialogTracker t = new DialogTracker(settings(60, false, sendBye, 0), new DialogTable(16),
                    new DialogStats(statistics), DialogStore.NONE, (d, method, caller, f) -> {
                        f.accept(200); // each BYE answered at once: the dialog leaves
                        return true;
                    }, clock::get, null, sessions);
            ((DialogImpl) confirmed(t)).applicationSession = "by-operator";
            assertTrue(t.end(t.list().get(0)));
            ((DialogImpl) confirmed(t)).applicationSession = "by-timeout";
            advanceSeconds(61);
            new DialogTimer(t).tick();
            ((DialogImpl) confirmed(t)).applicationSession = "by-sessionless-bye";
            t.onRequest(msgs.inDialog("BYE", 11, true));
            assertTrue(t.list().isEmpty(), t.list().toString());
        }
        assertEquals(List.of("by-operator", "by-timeout", "by-sessionless-bye", "by-operator", "by-timeout",
                "by-sessionless-bye"), ended);
    }

    @Test
    void callMovesThroughStatesOneToFourAndLeavesAtTheBye() {
        DialogTracker t = tracker(settings(3600, false, false, 0));
        SipServletRequestImpl invite = msgs.invite();
        Dialog d = t.manage(invite);
        assertEquals(DialogService.UNCONFIRMED, d.state());
        assertEquals(1, stat("processed_dialogs"));
        assertEquals("udp:192.0.2.10:5060", d.caller().socket());
        assertEquals("<sip:192.0.2.5;lr>", d.caller().routeSet());

        t.onResponse(msgs.response(invite, 100));
        assertEquals(DialogService.UNCONFIRMED, d.state(), "100 Trying has no To tag: still unconfirmed");
        t.onResponse(msgs.response(invite, 180));
        assertEquals(DialogService.EARLY, d.state());
        assertEquals(1, stat("early_dialogs"));

        t.onResponse(msgs.response(invite, 200));
        assertEquals(DialogService.CONFIRMED_NO_ACK, d.state());
        assertEquals(0, stat("early_dialogs"));
        assertEquals(1, stat("active_dialogs"));
        assertEquals(DialogMessages.CALLEE_TAG, d.callee().tag());
        assertEquals("sip:bob@192.0.2.20:5080", d.callee().contact());
        assertEquals("<sip:192.0.2.30;lr>", d.callee().routeSet(), "only the Record-Routes beyond ours");
        assertTrue(d.startTime() > 0);

        t.onRequest(msgs.inDialog("ACK", 10, false));
        assertEquals(DialogService.CONFIRMED, d.state());
        assertSame(d, t.find(DialogMessages.CALL_ID, DialogMessages.CALLER_TAG).orElseThrow());
        assertSame(d, t.find(d.hashEntry(), d.hashId()).orElseThrow());

        t.onRequest(msgs.inDialog("BYE", 1, true));
        assertEquals(DialogService.DELETED, d.state());
        assertTrue(t.list().isEmpty(), "gone at the BYE");
        assertEquals(0, stat("active_dialogs"));
        assertEquals(List.of("start", "end"), events);
    }

    @Test
    void negativeAnswerAndCancelFailTheDialog() {
        DialogTracker t = tracker(settings(3600, false, false, 0));
        SipServletRequestImpl invite = msgs.invite();
        Dialog d = t.manage(invite);
        t.onResponse(msgs.response(invite, 180));
        t.onResponse(msgs.response(invite, 486));
        assertEquals(DialogService.DELETED, d.state());
        assertEquals(1, stat("failed_dialogs"));
        assertEquals(0, stat("early_dialogs"));
        assertTrue(t.list().isEmpty());

        Dialog second = t.manage(msgs.invite());
        t.onRequest(msgs.cancel());
        assertEquals(DialogService.DELETED, second.state());
        assertEquals(2, stat("failed_dialogs"));
        assertEquals(2, stat("processed_dialogs"));
        assertEquals(List.of("failed", "failed"), events);
    }

    @Test
    void spiralledInviteIsTheSameDialog() {
        DialogTracker t = tracker(settings(3600, false, false, 0));
        Dialog d = t.manage(msgs.invite());
        assertSame(d, t.manage(msgs.invite()));
        assertEquals(1, stat("processed_dialogs"));
        assertNull(t.manage(msgs.inDialog("INVITE", 11, false)), "a re-INVITE creates nothing");
    }

    @Test
    void unansweredDialogExpiresAfterEarlyTimeout() {
        DialogTracker t = tracker(settings(3600, false, false, 0));
        DialogTimer timer = new DialogTimer(t);
        SipServletRequestImpl invite = msgs.invite();
        Dialog d = t.manage(invite);
        t.onResponse(msgs.response(invite, 180));
        advanceSeconds(29);
        timer.tick();
        assertEquals(DialogService.EARLY, d.state());
        advanceSeconds(1);
        timer.tick();
        assertEquals(DialogService.DELETED, d.state());
        assertEquals(1, stat("expired_dialogs"));
        assertEquals(1, stat("failed_dialogs"));
        assertEquals(0, stat("early_dialogs"));
        assertTrue(sent.isEmpty(), "nothing is sent for an early dialog");
    }

    @Test
    void missingAckEndsTheDialogAfterNoackTimeout() {
        DialogTracker t = tracker(settings(3600, false, false, 0));
        DialogTimer timer = new DialogTimer(t);
        SipServletRequestImpl invite = msgs.invite();
        Dialog d = t.manage(invite);
        t.onResponse(msgs.response(invite, 200));
        advanceSeconds(20);
        timer.tick();
        assertEquals(DialogService.DELETED, d.state());
        assertEquals(1, stat("expired_dialogs"));
        assertEquals(0, stat("active_dialogs"));
        assertTrue(t.list().isEmpty());
    }

    @Test
    void aSessionIntervalReplacesDefaultTimeoutFromEach2xxThatSetsOneUntilOneSetsNone() {
        DialogTracker t = tracker(settings(3600, false, true, 0));
        DialogTimer timer = new DialogTimer(t);
        SipServletRequestImpl invite = msgs.invite();
        Dialog d = t.manage(invite);
        SipServletResponseImpl ok = msgs.response(invite, 200);
        ok.setHeaderInternal("Session-Expires", "60;refresher=uac");
        t.onResponse(ok);
        t.onRequest(msgs.inDialog("ACK", 10, false));
        advanceSeconds(50);
        SipServletRequestImpl update = msgs.inDialog("UPDATE", 11, false);
        t.onRequest(update);
        SipServletResponseImpl refreshed = msgs.response(update, 200);
        refreshed.setHeaderInternal("Session-Expires", "60;refresher=uac");
        t.onResponse(refreshed);
        advanceSeconds(59);
        timer.tick();
        assertEquals(DialogService.CONFIRMED, d.state(), "the refresh's 2xx gave another 60 s");
        SipServletRequestImpl plain = msgs.inDialog("UPDATE", 12, false);
        t.onRequest(plain);
        t.onResponse(msgs.response(plain, 200)); // no Session-Expires: RFC 4028 timers are off
        advanceSeconds(61);
        timer.tick();
        assertEquals(DialogService.CONFIRMED, d.state(), "default_timeout (3600 s) again");
        assertTrue(sent.isEmpty());

        SipServletRequestImpl again = msgs.inDialog("UPDATE", 13, false);
        t.onRequest(again);
        SipServletResponseImpl shortOne = msgs.response(again, 200);
        shortOne.setHeaderInternal("Session-Expires", "30");
        t.onResponse(shortOne);
        advanceSeconds(30);
        timer.tick();
        assertEquals(DialogService.DELETED, d.state(), "unrefreshed for its 30 s interval");
        assertEquals(List.of("BYE", "BYE"), sent.stream().map(Sent::method).toList());
    }

    @Test
    void timeoutWithSendByeSendsByeToBothSidesAndWaitsForTheirAnswers() {
        DialogTracker t = tracker(settings(10, false, true, 0));
        DialogTimer timer = new DialogTimer(t);
        Dialog d = confirmed(t);
        advanceSeconds(9);
        timer.tick();
        assertEquals(DialogService.CONFIRMED, d.state());
        advanceSeconds(1);
        timer.tick();
        assertEquals(DialogService.DELETED, d.state());
        assertEquals(List.of("BYE", "BYE"), sent.stream().map(Sent::method).toList());
        assertEquals(Set.of(true, false), Set.of(sent.get(0).towardsCaller(), sent.get(1).towardsCaller()));
        assertEquals(1, stat("expired_dialogs"));
        assertEquals(0, stat("active_dialogs"));
        assertEquals(1, t.list().size(), "listed in state 5 while the BYEs are unanswered");
        sent.get(0).onFinal().accept(200);
        assertEquals(1, t.list().size());
        sent.get(1).onFinal().accept(408);
        assertTrue(t.list().isEmpty());
        assertEquals(List.of("start", "end"), events);
    }

    @Test
    void timeoutWithoutSendByeSendsNothing() {
        DialogTracker t = tracker(settings(10, false, false, 0));
        DialogTimer timer = new DialogTimer(t);
        confirmed(t);
        advanceSeconds(10);
        timer.tick();
        assertTrue(sent.isEmpty());
        assertTrue(t.list().isEmpty());
        assertEquals(1, stat("expired_dialogs"));
    }

    @Test
    void inDialogRequestsRestartTheTimeoutUnlessNoreset() {
        for (boolean noreset : new boolean[] {false, true}) {
            DialogTracker t = tracker(settings(10, noreset, false, 0));
            DialogTimer timer = new DialogTimer(t);
            Dialog d = confirmed(t);
            advanceSeconds(8);
            t.onRequest(msgs.inDialog("INFO", 11, false));
            advanceSeconds(8);
            timer.tick();
            assertEquals(noreset ? DialogService.DELETED : DialogService.CONFIRMED, d.state(), "noreset " + noreset);
            assertEquals("11", d.caller().cseq());
        }
    }

    @Test
    void endSendsByeBothWaysAndRefusesUnconfirmedDialogs() {
        DialogTracker t = tracker(settings(3600, false, false, 0));
        Dialog early = t.manage(msgs.invite());
        assertFalse(t.end(early));
        assertTrue(sent.isEmpty());
        t.onRequest(msgs.cancel());
        Dialog d = confirmed(t);
        assertTrue(t.end(d));
        assertEquals(2, sent.size());
        assertEquals(DialogService.DELETED, d.state());
        assertFalse(t.end(d), "ended once");
        assertEquals(2, sent.size(), "a second end sends nothing");
    }

    @Test
    void keepaliveFailureEndsTheDialogAfterTheGracePeriod() {
        DialogTracker t = tracker(settings(3600, false, false, 5));
        DialogTimer timer = new DialogTimer(t, 2000);
        Dialog d = confirmed(t);
        t.keepalive(d, false, true);
        advanceSeconds(5);
        timer.tick();
        assertEquals(1, sent.size());
        assertEquals("OPTIONS", sent.get(0).method());
        assertFalse(sent.get(0).towardsCaller());
        sent.get(0).onFinal().accept(200);
        advanceSeconds(5);
        timer.tick();
        assertEquals(2, sent.size(), "an answered keepalive keeps them coming");
        sent.get(1).onFinal().accept(481);
        advanceSeconds(1);
        timer.tick();
        assertEquals(DialogService.CONFIRMED, d.state(), "still the grace period");
        advanceSeconds(1);
        timer.tick();
        assertEquals(DialogService.DELETED, d.state());
    }

    @Test
    void profilesCountAndForgetEndedDialogs() {
        DialogTracker t = tracker(settings(3600, false, false, 0));
        Dialog d = confirmed(t);
        t.setProfile(d, "calls", null);
        t.setProfile(d, "caller", "alice");
        assertEquals(1, t.profileSize("calls", null));
        assertEquals(1, t.profileSize("caller", "alice"));
        assertEquals(0, t.profileSize("caller", "bob"));
        d.setVariable("account", "42");
        assertEquals("42", d.variable("account"));
        t.onRequest(msgs.inDialog("BYE", 11, false));
        assertEquals(0, t.profileSize("calls", null));
        assertEquals(0, t.profileSize("caller", null));
    }

    @Test
    void byeTowardsTheCallerSwapsTagsAndFollowsItsRouteSet() {
        DialogTracker t = tracker(settings(3600, false, false, 0));
        DialogImpl d = (DialogImpl) confirmed(t);
        String toCaller = DialogRequests.text(d, "BYE", true, d.nextCseq(true));
        assertTrue(toCaller.startsWith("BYE sip:alice@192.0.2.1:5070 SIP/2.0\r\n"), toCaller);
        assertTrue(toCaller.contains("Route: <sip:192.0.2.5;lr>\r\n"), toCaller);
        assertTrue(toCaller.contains("From: <sip:bob@192.0.2.10>;tag=callee-tag\r\n"), toCaller);
        assertTrue(toCaller.contains("To: <sip:alice@192.0.2.1>;tag=caller-tag\r\n"), toCaller);
        assertTrue(toCaller.contains("CSeq: 1 BYE\r\n"), toCaller);
        String toCallee = DialogRequests.text(d, "BYE", false, d.nextCseq(false));
        assertTrue(toCallee.startsWith("BYE sip:bob@192.0.2.20:5080 SIP/2.0\r\n"), toCallee);
        assertTrue(toCallee.contains("Route: <sip:192.0.2.30;lr>\r\n"), toCallee);
        assertTrue(toCallee.contains("CSeq: 11 BYE\r\n"), toCallee);
        assertNotNull(d.toString());
    }
}
