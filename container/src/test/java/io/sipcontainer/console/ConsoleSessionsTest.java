package io.sipcontainer.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ConsoleSessionsTest {
    private final AtomicLong now = new AtomicLong();
    private final ConsoleSessions sessions = new ConsoleSessions(now::get, Duration.ofMinutes(30));

    @Test
    void aSessionIsFoundByItsRandomIdAndCarriesItsOwnCsrfToken() {
        ConsoleSessions.Session a = sessions.create("admin");
        ConsoleSessions.Session b = sessions.create("admin");
        assertSame(a, sessions.find(a.id()));
        assertNotEquals(a.id(), b.id());
        assertNotEquals(a.csrfToken(), b.csrfToken());
        assertNotEquals(a.id(), a.csrfToken());
        assertTrue(a.id().matches("[A-Za-z0-9_-]{43}"), a.id()); // 256 random bits, base64url
        assertNull(sessions.find("guess"));
        assertNull(sessions.find(null));
    }

    @Test
    void aSessionEndsAfterThirtyIdleMinutesButEachRequestKeepsItAlive() {
        ConsoleSessions.Session s = sessions.create("admin");
        now.addAndGet(Duration.ofMinutes(29).toNanos());
        assertSame(s, sessions.find(s.id()));
        now.addAndGet(Duration.ofMinutes(29).toNanos());
        assertSame(s, sessions.find(s.id()), "the previous request moved the idle clock");
        now.addAndGet(Duration.ofMinutes(31).toNanos());
        assertNull(sessions.find(s.id()));
        assertEquals(0, sessions.size());
    }

    @Test
    void logoutRemovesTheSession() {
        ConsoleSessions.Session s = sessions.create("admin");
        sessions.remove(s.id());
        assertNull(sessions.find(s.id()));
    }

    @Test
    void repeatedLoginsKeepAtMostTheLimitDroppingTheLeastRecentlyUsed() {
        ConsoleSessions.Session first = sessions.create("admin");
        now.incrementAndGet();
        ConsoleSessions.Session second = sessions.create("admin");
        for (int i = 0; i < ConsoleSessions.MAX_SESSIONS; i++) {
            now.incrementAndGet();
            sessions.find(second.id()); // kept in use
            sessions.create("admin");
        }
        assertEquals(ConsoleSessions.MAX_SESSIONS, sessions.size());
        assertNull(sessions.find(first.id()));
        assertSame(second, sessions.find(second.id()));
    }
}
