package io.sipcontainer.console;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The console's logged-in browsers. A session is named by a random 256-bit identifier (the cookie
 * value) and carries its own random anti-CSRF token, which the page sends back in a header with
 * every state-changing request. Sessions end at logout or after {@link #IDLE_TIMEOUT} without a
 * request; at most {@link #MAX_SESSIONS} live at once (the least recently used one makes room), so
 * repeated logins cannot fill the memory.
 */
final class ConsoleSessions {
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);
    static final int MAX_SESSIONS = 64;

    /** One logged-in browser; {@code lastSeen} moves on every request. */
    static final class Session {
        private final String id;
        private final String csrfToken;
        private final String user;
        private volatile long lastSeenNanos;

        Session(String id, String csrfToken, String user, long now) {
            this.id = id;
            this.csrfToken = csrfToken;
            this.user = user;
            this.lastSeenNanos = now;
        }

        String id() {
            return id;
        }

        String csrfToken() {
            return csrfToken;
        }

        String user() {
            return user;
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final LongSupplier nanoClock;
    private final long idleNanos;

    ConsoleSessions() {
        this(System::nanoTime, IDLE_TIMEOUT);
    }

    ConsoleSessions(LongSupplier nanoClock, Duration idleTimeout) {
        this.nanoClock = nanoClock;
        this.idleNanos = idleTimeout.toNanos();
    }

    /** A new session for {@code user}. */
    Session create(String user) {
        long now = nanoClock.getAsLong();
        removeExpired(now);
        while (sessions.size() >= MAX_SESSIONS) {
            sessions.values().stream().min(Comparator.comparingLong(s -> s.lastSeenNanos))
                    .ifPresent(oldest -> sessions.remove(oldest.id()));
        }
        Session s = new Session(randomToken(), randomToken(), user, now);
        sessions.put(s.id(), s);
        return s;
    }

    /** The live session of that identifier, touched; null when unknown or idle too long. */
    Session find(String id) {
        if (id == null) {
            return null;
        }
        Session s = sessions.get(id);
        if (s == null) {
            return null;
        }
        long now = nanoClock.getAsLong();
        if (now - s.lastSeenNanos > idleNanos) {
            sessions.remove(id, s);
            return null;
        }
        s.lastSeenNanos = now;
        return s;
    }

    void remove(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    int size() {
        return sessions.size();
    }

    private void removeExpired(long now) {
        sessions.values().removeIf(s -> now - s.lastSeenNanos > idleNanos);
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
