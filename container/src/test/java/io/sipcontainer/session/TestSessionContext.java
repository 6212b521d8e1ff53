package io.sipcontainer.session;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.BiFunction;

import jakarta.servlet.ServletContext;
import jakarta.servlet.sip.SipServletRequest;

/**
 * A {@link SessionContext} for unit tests: an in-memory store, tasks run on the calling thread,
 * listeners given by the test, and in-dialog requests built by a function the test supplies.
 * Close it to stop its scheduler.
 */
public final class TestSessionContext implements SessionContext, AutoCloseable {
    private final InMemorySessionStore store = new InMemorySessionStore();
    private final List<EventListener> listeners = new ArrayList<>();
    private final int sessionTimeoutMinutes;
    private ScheduledExecutorService scheduler;
    private Clock clock = Clock.systemUTC();
    private ClassLoader classLoader;
    private BiFunction<SipSessionImpl, String, SipServletRequest> requestFactory = (s, m) -> {
        throw new UnsupportedOperationException("no in-dialog request factory in this test");
    };

    public TestSessionContext() {
        this(0);
    }

    public TestSessionContext(int sessionTimeoutMinutes) {
        this.sessionTimeoutMinutes = sessionTimeoutMinutes;
    }

    /** Registers listeners the sessions will notify, in order. */
    public TestSessionContext withListeners(EventListener... ls) {
        listeners.addAll(List.of(ls));
        return this;
    }

    /** The class loader listeners are to run with, as an application's would be. */
    public TestSessionContext withClassLoader(ClassLoader loader) {
        this.classLoader = loader;
        return this;
    }

    @Override
    public ClassLoader classLoader() {
        return classLoader;
    }

    /** Session times (creation, access, expiry) from this clock instead of the real one. */
    public TestSessionContext withClock(Clock c) {
        this.clock = c;
        return this;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    public TestSessionContext withRequestFactory(BiFunction<SipSessionImpl, String, SipServletRequest> f) {
        this.requestFactory = f;
        return this;
    }

    /** A new application session registered in the store, as the container creates one. */
    public SipApplicationSessionImpl newApplicationSession(String id) {
        SipApplicationSessionImpl s = new SipApplicationSessionImpl(id, this);
        store.putIfAbsent(s);
        s.created();
        return s;
    }

    @Override
    public String applicationName() {
        return "test-app";
    }

    @Override
    public ServletContext servletContext() {
        return null;
    }

    @Override
    public InMemorySessionStore store() {
        return store;
    }

    @Override
    public Executor workerPool() {
        return Runnable::run;
    }

    @Override
    public synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "test-session-scheduler");
                t.setDaemon(true);
                return t;
            });
            pool.setRemoveOnCancelPolicy(true); // a test can count the tasks still pending
            scheduler = pool;
        }
        return scheduler;
    }

    @Override
    public int sessionTimeoutMinutes() {
        return sessionTimeoutMinutes;
    }

    @Override
    public <T extends EventListener> List<T> listeners(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (EventListener l : listeners) {
            if (type.isInstance(l)) {
                out.add(type.cast(l));
            }
        }
        return out;
    }

    @Override
    public SipServletRequest createRequestInDialog(SipSessionImpl session, String method) {
        return requestFactory.apply(session, method);
    }

    @Override
    public Set<String> servletNames() {
        return Set.of("main");
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
