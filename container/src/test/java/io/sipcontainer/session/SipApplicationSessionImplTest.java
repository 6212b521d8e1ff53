package io.sipcontainer.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.sip.SipApplicationSessionAttributeListener;
import jakarta.servlet.sip.SipApplicationSessionBindingEvent;
import jakarta.servlet.sip.SipApplicationSessionBindingListener;
import jakarta.servlet.sip.SipApplicationSessionEvent;
import jakarta.servlet.sip.SipApplicationSessionListener;
import jakarta.servlet.sip.SipSession;
import jakarta.servlet.sip.SipSessionBindingEvent;
import jakarta.servlet.sip.SipSessionBindingListener;
import jakarta.servlet.sip.SipSessionEvent;
import jakarta.servlet.sip.SipSessionListener;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Application sessions: attributes with their listeners, the SIP sessions they contain,
 * invalidation (explicit and when ready), expiry and the session listeners.
 */
class SipApplicationSessionImplTest {
    /** Every listener callback, as "kind:detail", in order. */
    private final List<String> events = new ArrayList<>();
    private final Recorder recorder = new Recorder();
    private final TestSessionContext context = new TestSessionContext().withListeners(recorder);

    @AfterEach
    void stopScheduler() {
        context.close();
    }

    /** Listens to everything a session can report. */
    private final class Recorder implements SipApplicationSessionListener, SipApplicationSessionAttributeListener,
            SipSessionListener {
        @Override
        public void sessionCreated(SipApplicationSessionEvent ev) {
            events.add("app-created:" + ev.getApplicationSession().getId());
        }

        @Override
        public void sessionDestroyed(SipApplicationSessionEvent ev) {
            events.add("app-destroyed:" + ev.getApplicationSession().getId());
        }

        @Override
        public void sessionExpired(SipApplicationSessionEvent ev) {
            events.add("app-expired:" + ev.getApplicationSession().getId());
        }

        @Override
        public void sessionReadyToInvalidate(SipApplicationSessionEvent ev) {
            events.add("app-ready:" + ev.getApplicationSession().getId());
        }

        @Override
        public void attributeAdded(SipApplicationSessionBindingEvent ev) {
            events.add("attr-added:" + ev.getName());
        }

        @Override
        public void attributeRemoved(SipApplicationSessionBindingEvent ev) {
            events.add("attr-removed:" + ev.getName());
        }

        @Override
        public void attributeReplaced(SipApplicationSessionBindingEvent ev) {
            events.add("attr-replaced:" + ev.getName());
        }

        @Override
        public void sessionCreated(SipSessionEvent se) {
            events.add("sip-created:" + se.getSession().getId());
        }

        @Override
        public void sessionDestroyed(SipSessionEvent se) {
            events.add("sip-destroyed:" + se.getSession().getId());
        }

        @Override
        public void sessionReadyToInvalidate(SipSessionEvent se) {
            events.add("sip-ready:" + se.getSession().getId());
        }
    }

    /** A value that records when it is bound to or unbound from a session. */
    private final class BoundValue implements SipApplicationSessionBindingListener, SipSessionBindingListener {
        private final String label;

        BoundValue(String label) {
            this.label = label;
        }

        @Override
        public void valueBound(SipApplicationSessionBindingEvent event) {
            events.add("bound:" + label + ":" + event.getName());
        }

        @Override
        public void valueUnbound(SipApplicationSessionBindingEvent event) {
            events.add("unbound:" + label + ":" + event.getName());
        }

        @Override
        public void valueBound(SipSessionBindingEvent event) {
            events.add("sip-bound:" + label + ":" + event.getName());
        }

        @Override
        public void valueUnbound(SipSessionBindingEvent event) {
            events.add("sip-unbound:" + label + ":" + event.getName());
        }
    }

    // --- attributes ----------------------------------------------------------------------------

    @Test
    void attributesCanBeSetReadAndRemoved() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        app.setAttribute("user", "alice");
        app.setAttribute("count", 3);
        assertEquals("alice", app.getAttribute("user"));
        assertEquals(3, app.getAttribute("count"));
        assertEquals(Set.of("user", "count"), app.getAttributeNameSet());
        Set<String> names = new HashSet<>();
        app.getAttributeNames().forEachRemaining(names::add);
        assertEquals(Set.of("user", "count"), names);
        app.removeAttribute("user");
        assertNull(app.getAttribute("user"));
        assertEquals(Set.of("count"), app.getAttributeNameSet());
    }

    @Test
    void nullAttributeNameOrValueIsRejected() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        assertThrows(NullPointerException.class, () -> app.setAttribute(null, "x"));
        assertThrows(NullPointerException.class, () -> app.setAttribute("x", null));
    }

    @Test
    void bindingListenerIsToldWhenBoundReplacedAndRemoved() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        events.clear();
        BoundValue first = new BoundValue("first");
        BoundValue second = new BoundValue("second");
        app.setAttribute("v", first);
        app.setAttribute("v", first); // same object again: no events
        app.setAttribute("v", second);
        app.removeAttribute("v");
        assertEquals(List.of(
                "bound:first:v", "attr-added:v",
                "unbound:first:v", "bound:second:v", "attr-replaced:v",
                "unbound:second:v", "attr-removed:v"), events);
    }

    @Test
    void removingAMissingAttributeNotifiesNobody() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        events.clear();
        app.removeAttribute("nothing");
        assertTrue(events.isEmpty(), events.toString());
    }

    @Test
    void sipSessionAttributesNotifyTheirBindingListener() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        SipSessionImpl s = app.newSipSession("call-1");
        events.clear();
        BoundValue v = new BoundValue("v");
        s.setAttribute("k", v);
        assertSame(v, s.getAttribute("k"));
        s.removeAttribute("k");
        assertNull(s.getAttribute("k"));
        assertEquals(List.of("sip-bound:v:k", "sip-unbound:v:k"), events);
    }

    // --- SIP sessions --------------------------------------------------------------------------

    @Test
    void sipSessionsAreFoundByIdAndListed() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        SipSessionImpl a = app.newSipSession("call-1");
        SipSessionImpl b = app.newSipSession("call-2");
        assertSame(a, app.getSipSession(a.getId()));
        assertSame(app, a.getApplicationSession());
        assertEquals("as-1", SipApplicationSessionImpl.applicationSessionIdOf(b.getId()));
        List<Object> listed = new ArrayList<>();
        app.getSessions().forEachRemaining(listed::add);
        assertEquals(List.of(a, b), listed);
        assertEquals(Set.of(a, b), app.getSessionSet("SIP"));
        assertFalse(app.getSessions("HTTP").hasNext());
        assertThrows(IllegalArgumentException.class, () -> app.getSessions("XMPP"));
    }

    @Test
    void sessionListenersHearCreation() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        SipSessionImpl s = app.newSipSession("call-1");
        assertEquals(List.of("app-created:as-1", "sip-created:" + s.getId()), events);
    }

    // --- invalidation --------------------------------------------------------------------------

    @Test
    void invalidateInvalidatesChildrenAndLeavesTheStore() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        SipSessionImpl a = app.newSipSession("call-1");
        SipSessionImpl b = app.newSipSession("call-2");
        a.dialog().setLocalTag("tag-a");
        a.bindDialog();
        assertSame(app, context.store().get("as-1"));
        assertEquals(a.getId(), context.store().findDialog(DialogKey.of("call-1", "tag-a")));

        app.invalidate();

        assertFalse(app.isValid());
        assertFalse(a.isValid());
        assertFalse(b.isValid());
        assertNull(context.store().get("as-1"));
        assertNull(context.store().findDialog(DialogKey.of("call-1", "tag-a")));
    }

    @Test
    void invalidateUnbindsAttributesAndNotifiesDestroyed() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        app.setAttribute("v", new BoundValue("app"));
        events.clear();
        app.invalidate();
        assertEquals(List.of("app-destroyed:as-1", "unbound:app:v"), events);
    }

    @Test
    void invalidateDestroysChildSipSessionsWithTheirListenersFirst() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        SipSessionImpl a = app.newSipSession("call-1");
        SipSessionImpl b = app.newSipSession("call-2");
        b.setAttribute("w", new BoundValue("sip"));
        events.clear();

        app.invalidate();

        assertTrue(events.contains("sip-destroyed:" + a.getId()), events.toString());
        assertTrue(events.contains("sip-destroyed:" + b.getId()), events.toString());
        assertTrue(events.contains("sip-unbound:sip:w"), events.toString());
        assertTrue(events.indexOf("sip-destroyed:" + a.getId()) < events.indexOf("app-destroyed:as-1"),
                "children go first: " + events);
    }

    @Test
    void invalidatedSessionRefusesUse() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        SipSessionImpl s = app.newSipSession("call-1");
        app.invalidate();
        assertThrows(IllegalStateException.class, () -> app.getAttribute("x"));
        assertThrows(IllegalStateException.class, () -> app.setAttribute("x", "y"));
        assertThrows(IllegalStateException.class, () -> app.setExpires(5));
        assertThrows(IllegalStateException.class, app::getExpirationTime);
        assertThrows(IllegalStateException.class, app::invalidate);
        assertThrows(IllegalStateException.class, () -> app.newSipSession("call-2"));
        assertThrows(IllegalStateException.class, () -> s.setAttribute("x", "y"));
        assertThrows(IllegalStateException.class, s::invalidate);
    }

    @Test
    void invalidatingTheLastSipSessionInvalidatesTheApplicationSessionWhenReady() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        SipSessionImpl s = app.newSipSession("call-1");
        assertTrue(app.getInvalidateWhenReady());
        s.invalidate();
        assertFalse(app.isValid());
        assertNull(context.store().get("as-1"));
    }

    @Test
    void applicationSessionSurvivesItsSipSessionsWhenNotInvalidatedWhenReady() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        app.setInvalidateWhenReady(false);
        SipSessionImpl s = app.newSipSession("call-1");
        s.invalidate();
        assertTrue(app.isValid());
        assertNull(app.getSipSession(s.getId()));
        assertSame(app, context.store().get("as-1"));
    }

    @Test
    void readyToInvalidateWaitsForDialogsToEnd() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        SipSessionImpl s = app.newSipSession("call-1");
        assertTrue(s.isReadyToInvalidate(), "an INITIAL session with no transaction is ready");
        assertTrue(app.isReadyToInvalidate());

        s.transactionStarted("z9hG4bK-1");
        assertFalse(s.isReadyToInvalidate(), "a transaction is still running");
        assertFalse(app.isReadyToInvalidate());
        s.transactionEnded("z9hG4bK-1");

        s.dialog().establishAsUas(true);
        assertEquals(SipSession.State.CONFIRMED, s.getState());
        assertFalse(s.isReadyToInvalidate());
        assertFalse(app.isReadyToInvalidate());

        s.dialog().terminate();
        assertTrue(s.isReadyToInvalidate());
        assertTrue(app.isReadyToInvalidate());
    }

    @Test
    void invalidateIfReadyInvalidatesOnlyReadySessions() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        SipSessionImpl s = app.newSipSession("call-1");
        s.dialog().establishAsUas(true);
        s.invalidateIfReady();
        assertTrue(s.isValid());
        s.dialog().terminate();
        s.invalidateIfReady();
        assertFalse(s.isValid());
    }

    @Test
    void readyToInvalidateListenersAreCalledBeforeInvalidationWhenReady() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        SipSessionImpl s = app.newSipSession("call-1");
        s.dialog().establishAsUas(true);
        s.dialog().terminate();
        events.clear();
        s.invalidateIfReady();
        assertTrue(events.contains("sip-ready:" + s.getId()), events.toString());
        assertTrue(events.indexOf("sip-ready:" + s.getId()) < events.indexOf("sip-destroyed:" + s.getId()),
                events.toString());
        assertTrue(events.contains("app-ready:as-1"), events.toString());
    }

    @Test
    void listenerMayKeepASessionAliveByTurningOffInvalidateWhenReady() {
        // SIP Servlet 1.1: the container invalidates after sessionReadyToInvalidate unless the
        // listener called setInvalidateWhenReady(false); here the listener is absent, so the
        // default applies and the session goes.
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        SipSessionImpl s = app.newSipSession("call-1");
        s.dialog().terminate();
        s.setInvalidateWhenReady(false);
        s.invalidateIfReady();
        assertTrue(s.isValid(), "the application asked to keep it");
    }

    // --- expiry --------------------------------------------------------------------------------

    @Test
    void setExpiresMovesTheExpirationTime() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        long before = System.currentTimeMillis();
        assertEquals(5, app.setExpires(5));
        long after = System.currentTimeMillis();
        long expiry = app.getExpirationTime();
        assertTrue(expiry >= before + TimeUnit.MINUTES.toMillis(5) && expiry <= after + TimeUnit.MINUTES.toMillis(5),
                "expiry " + expiry + " not five minutes from now");
    }

    @Test
    void setExpiresZeroMeansNeverExpire() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        app.setExpires(5);
        assertTrue(app.setExpires(0) > 0, "the request is granted");
        assertEquals(0, app.getExpirationTime());
    }

    @Test
    void sessionTimeoutOfTheApplicationSetsTheFirstExpiry() {
        try (TestSessionContext timed = new TestSessionContext(3)) {
            long before = System.currentTimeMillis();
            SipApplicationSessionImpl app = timed.newApplicationSession("as-2");
            long expiry = app.getExpirationTime();
            assertTrue(expiry >= before + TimeUnit.MINUTES.toMillis(3)
                    && expiry <= System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(3), "expiry " + expiry);
        }
        SipApplicationSessionImpl untimed = context.newApplicationSession("as-3");
        assertEquals(0, untimed.getExpirationTime());
    }

    @Test
    void invalidatedApplicationSessionIsNoLongerInTheStoreButOthersAre() {
        SipApplicationSessionImpl a = context.newApplicationSession("as-a");
        SipApplicationSessionImpl b = context.newApplicationSession("as-b");
        assertEquals(2, context.store().size());
        a.invalidate();
        assertEquals(1, context.store().size());
        assertSame(b, context.store().get("as-b"));
    }
}
