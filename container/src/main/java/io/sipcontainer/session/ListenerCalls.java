package io.sipcontainer.session;

import java.util.EventListener;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls an application's listeners from container code (readiness, expiry, SIP errors), which may run
 * outside the servlet invocation: with the application's class loader as the thread's context
 * class loader, and a listener that throws logged instead of leaving the session half handled.
 */
public final class ListenerCalls {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerCalls.class);

    private ListenerCalls() {
    }

    /**
     * Calls {@code callback} on each listener of {@code type}.
     *
     * @return false if a listener threw (it was logged, the others were still called)
     */
    public static <T extends EventListener> boolean each(SessionContext context, Class<T> type, String callbackName,
            Consumer<T> callback) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        ClassLoader application = context.classLoader();
        if (application != null) {
            thread.setContextClassLoader(application);
        }
        boolean ok = true;
        try {
            for (T listener : context.listeners(type)) {
                try {
                    callback.accept(listener);
                } catch (RuntimeException | LinkageError e) {
                    ok = false;
                    LOG.warn("{} of application {} failed in {}", listener.getClass().getName(),
                            context.applicationName(), callbackName, e);
                }
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
        return ok;
    }
}
