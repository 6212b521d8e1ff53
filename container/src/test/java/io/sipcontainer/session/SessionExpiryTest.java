package io.sipcontainer.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.sip.SipApplicationSessionEvent;
import jakarta.servlet.sip.SipApplicationSessionListener;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Application session expiry driven by a fake clock: the session timeout runs out, the
 * application's {@code sessionExpired} listener is called, an extension made there with
 * {@code setExpires} keeps the session alive, and when it runs out again without one the session
 * is invalidated and leaves the store. The expiry task is scheduled for the delay the clock gives.
 */
class SessionExpiryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final FakeClock clock = new FakeClock(T0);
    private final List<String> events = new ArrayList<>();
    /** How many times the listener still extends the session, by one minute each time. */
    private int extensionsLeft;
    private TestSessionContext context;

    private final SipApplicationSessionListener listener = new SipApplicationSessionListener() {
        @Override
        public void sessionCreated(SipApplicationSessionEvent e) {
            events.add("created");
        }

        @Override
        public void sessionDestroyed(SipApplicationSessionEvent e) {
            events.add("destroyed");
        }

        @Override
        public void sessionExpired(SipApplicationSessionEvent e) {
            events.add("expired");
            if (extensionsLeft > 0) {
                extensionsLeft--;
                assertEquals(1, e.getApplicationSession().setExpires(1));
            }
        }

        @Override
        public void sessionReadyToInvalidate(SipApplicationSessionEvent e) {
            events.add("ready");
        }
    };

    @AfterEach
    void close() {
        if (context != null) {
            context.close();
        }
    }

    /** An application session with a three-minute session timeout, created at T0. */
    private SipApplicationSessionImpl newSession() {
        context = new TestSessionContext(3).withClock(clock).withListeners(listener);
        return context.newApplicationSession("as-expiring");
    }

    @Test
    void theTimeoutSetsExpiryByTheContextClock() {
        SipApplicationSessionImpl s = newSession();
        assertEquals(T0.toEpochMilli(), s.getCreationTime());
        assertEquals(T0.plus(Duration.ofMinutes(3)).toEpochMilli(), s.getExpirationTime());
        clock.advance(Duration.ofSeconds(30));
        s.access();
        assertEquals(T0.plusSeconds(30).toEpochMilli(), s.getLastAccessedTime());
    }

    @Test
    void theExpiryTaskWaitsForTheDelayTheClockGives() {
        SipApplicationSessionImpl s = newSession();
        clock.advance(Duration.ofMinutes(2));
        s.setExpires(5); // expires at T0 + 7 min; now T0 + 2 min
        var queue = ((ScheduledThreadPoolExecutor) context.scheduler()).getQueue();
        assertEquals(1, queue.size(), "one expiry task: the earlier one was cancelled and removed");
        long delay = ((Delayed) queue.peek()).getDelay(TimeUnit.MILLISECONDS);
        assertTrue(delay > Duration.ofMinutes(5).minusSeconds(10).toMillis() && delay <= Duration.ofMinutes(5).toMillis(),
                "delay " + delay);
    }

    @Test
    void aCheckBeforeTheExpirationTimeChangesNothing() {
        SipApplicationSessionImpl s = newSession();
        clock.advance(Duration.ofMinutes(3).minusMillis(1));
        s.checkExpiry();
        assertTrue(s.isValid());
        assertEquals(List.of("created"), events);
    }

    @Test
    void anExpiredSessionIsToldThenInvalidatedAndLeavesTheStore() {
        SipApplicationSessionImpl s = newSession();
        clock.advance(Duration.ofMinutes(3));
        s.checkExpiry();
        assertFalse(s.isValid());
        assertEquals(List.of("created", "expired", "destroyed"), events);
        assertNull(context.store().get("as-expiring"));
    }

    @Test
    void setExpiresInTheListenerKeepsTheSessionAliveUntilTheExtensionRunsOut() {
        extensionsLeft = 1;
        SipApplicationSessionImpl s = newSession();
        clock.advance(Duration.ofMinutes(3));
        s.checkExpiry();
        assertTrue(s.isValid(), "extended by the listener");
        assertEquals(List.of("created", "expired"), events);
        assertEquals(T0.plus(Duration.ofMinutes(4)).toEpochMilli(), s.getExpirationTime());
        assertEquals(s, context.store().get("as-expiring"));

        clock.advance(Duration.ofSeconds(59));
        s.checkExpiry();
        assertTrue(s.isValid(), "the extension has not run out yet");

        clock.advance(Duration.ofSeconds(1));
        s.checkExpiry();
        assertFalse(s.isValid(), "no second extension: invalidated");
        assertEquals(List.of("created", "expired", "expired", "destroyed"), events);
        assertNull(context.store().get("as-expiring"));
    }
}
