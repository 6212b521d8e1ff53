package io.sipcontainer.session;

import java.time.Clock;
import java.util.EventListener;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.servlet.ServletContext;
import jakarta.servlet.sip.SipServletRequest;

/**
 * What a session needs from the application that owns it: identity, listeners, executors, the
 * store, and a way to build in-dialog requests. Implemented by the deployed application context;
 * a session keeps it in a transient field and gets it back by application name after being
 * read from a shared store.
 */
public interface SessionContext {

    String applicationName();

    ServletContext servletContext();

    SessionStore store();

    /** The pool that serialized tasks of this application's sessions run on. */
    Executor workerPool();

    ScheduledExecutorService scheduler();

    /**
     * The clock session times are read from: creation, last access, expiry. The real clock unless a
     * test passes a fake one, so expiry can be checked without waiting minutes.
     */
    default Clock clock() {
        return Clock.systemUTC();
    }

    /** Session timeout from the deployment descriptor, in minutes; 0 or less means never. */
    int sessionTimeoutMinutes();

    /** The application's listeners of a type, in declaration order. */
    <T extends EventListener> List<T> listeners(Class<T> type);

    /** Builds a request inside the dialog of a SIP session (SipSession.createRequest). */
    SipServletRequest createRequestInDialog(SipSessionImpl session, String method);

    /**
     * The application's class loader, the context class loader its listeners run with; null to
     * leave the thread's as it is.
     */
    default ClassLoader classLoader() {
        ServletContext context = servletContext();
        return context == null ? null : context.getClassLoader();
    }

    /**
     * Schedules again, on this node, a timer of a session taken over from another node; the
     * default (a context without timers) drops it.
     */
    default void restoreTimer(SipApplicationSessionImpl session, TimerState timer) {
    }

    /** The names of the application's servlets, for SipSession.setHandler. */
    java.util.Set<String> servletNames();
}
