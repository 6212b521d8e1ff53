package io.sipcontainer.naming;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JNDI names each deployed application sees under {@code java:comp/env}, kept per application
 * class loader: a lookup is answered from the bindings of the application whose class loader is
 * the calling thread's context class loader (or one of its parents), as the container sets it for
 * everything an application runs, so one application never sees another's objects. JSR 359 names
 * them {@code sip/<app-name>/SipFactory}, {@code .../SipSessionsUtil} and {@code .../TimerService}.
 */
public final class ApplicationNames {
    /** The prefix of every name an application looks up here. */
    public static final String ENV = "java:comp/env";

    private static final Map<ClassLoader, Map<String, Object>> BY_LOADER = new ConcurrentHashMap<>();

    private ApplicationNames() {
    }

    /**
     * Publishes an application's objects under {@code java:comp/env/<name>} for threads running with
     * {@code loader}, and makes sure {@code new InitialContext()} reaches them.
     */
    public static void bind(ClassLoader loader, Map<String, Object> namesUnderEnv) {
        Objects.requireNonNull(loader, "loader");
        BY_LOADER.put(loader, Map.copyOf(namesUnderEnv));
        SipInitialContextFactoryBuilder.installOnce();
    }

    /** Withdraws what {@link #bind} published for {@code loader} (on undeploy). */
    public static void unbind(ClassLoader loader) {
        BY_LOADER.remove(loader);
    }

    /** The bindings of the calling thread's application (names relative to java:comp/env); empty outside one. */
    static Map<String, Object> current() {
        for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null; l = l.getParent()) {
            Map<String, Object> names = BY_LOADER.get(l);
            if (names != null) {
                return names;
            }
        }
        return Map.of();
    }
}
