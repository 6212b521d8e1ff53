package io.sipcontainer.router;

import jakarta.servlet.sip.ar.SipApplicationRouter;
import jakarta.servlet.sip.ar.spi.SipApplicationRouterProvider;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the application router the container uses, as the specification describes: a provider
 * class named by the system property {@value #PROVIDER_PROPERTY} (or its {@code javax.} spelling)
 * wins; otherwise the first {@link SipApplicationRouterProvider} found by {@link ServiceLoader}
 * other than the built-in one; otherwise the {@link DefaultApplicationRouter} reading the DAR file.
 * The returned router is not yet initialized: the container calls {@code init(Properties)}.
 */
public final class ApplicationRouterLoader {

    /** System property naming the provider class to use. */
    public static final String PROVIDER_PROPERTY = "jakarta.servlet.sip.ar.spi.SipApplicationRouterProvider";
    /** The specification's original spelling of {@link #PROVIDER_PROPERTY}. */
    public static final String LEGACY_PROVIDER_PROPERTY = "javax.servlet.sip.ar.spi.SipApplicationRouterProvider";

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationRouterLoader.class);

    private final ClassLoader classLoader;
    private final UnaryOperator<String> systemProperties;

    /** A loader using the thread's context class loader and the system properties. */
    public ApplicationRouterLoader() {
        this(defaultClassLoader(), System::getProperty);
    }

    /**
     * @param classLoader where providers and their service registrations are looked up
     * @param systemProperties reads a system property; injectable so tests need not set globals
     */
    public ApplicationRouterLoader(ClassLoader classLoader, UnaryOperator<String> systemProperties) {
        this.classLoader = classLoader;
        this.systemProperties = systemProperties;
    }

    /**
     * The router of the chosen provider.
     *
     * @param darFile the DAR file from the container's configuration, or {@code null}; the
     *     system property {@value DefaultApplicationRouter#CONFIGURATION_PROPERTY} (or its
     *     {@code javax.} spelling), when set, overrides it as a launch-time setting
     * @throws IllegalStateException if a named or discovered provider cannot be loaded
     */
    public SipApplicationRouter load(Path darFile) {
        SipApplicationRouter router = findProvider(darFile).getSipApplicationRouter();
        if (router == null) {
            throw new IllegalStateException("the application router provider returned no router");
        }
        return router;
    }

    /** The provider {@link #load(Path)} uses; see there for the order of choice. */
    public SipApplicationRouterProvider findProvider(Path darFile) {
        for (String property : new String[] {PROVIDER_PROPERTY, LEGACY_PROVIDER_PROPERTY}) {
            String named = systemProperties.apply(property);
            if (named != null && !named.isBlank()) {
                LOG.info("Using application router provider {} named by {}", named.strip(), property);
                return named.strip().equals(DefaultApplicationRouterProvider.class.getName())
                        ? defaultProvider(darFile)
                        : instantiate(named.strip(), property);
            }
        }
        List<ServiceLoader.Provider<SipApplicationRouterProvider>> installed;
        try {
            installed = ServiceLoader.load(SipApplicationRouterProvider.class, classLoader).stream()
                    .filter(p -> p.type() != DefaultApplicationRouterProvider.class)
                    .toList();
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("invalid application router provider registration: "
                    + e.getMessage(), e);
        }
        if (installed.isEmpty()) {
            return defaultProvider(darFile);
        }
        if (installed.size() > 1) {
            LOG.warn("Several application router providers are installed {}; using the first",
                    installed.stream().map(p -> p.type().getName()).toList());
        }
        LOG.info("Using application router provider {}", installed.get(0).type().getName());
        try {
            return installed.get(0).get();
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("application router provider "
                    + installed.get(0).type().getName() + " could not be created: " + e.getMessage(), e);
        }
    }

    private SipApplicationRouterProvider defaultProvider(Path darFile) {
        Path fromProperty = DarLocation.fromProperties(systemProperties);
        Path chosen = fromProperty != null ? fromProperty : darFile;
        if (chosen == null) {
            LOG.warn("No DAR configuration given: the default application router routes no request");
            return new DefaultApplicationRouterProvider();
        }
        return new DefaultApplicationRouterProvider(chosen);
    }

    private SipApplicationRouterProvider instantiate(String className, String property) {
        String where = "application router provider " + className + " named by system property "
                + property;
        Class<?> type;
        try {
            type = Class.forName(className, true, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(where + " cannot be loaded: " + e, e);
        }
        if (!SipApplicationRouterProvider.class.isAssignableFrom(type)) {
            throw new IllegalStateException(where + " does not extend "
                    + SipApplicationRouterProvider.class.getName());
        }
        try {
            return (SipApplicationRouterProvider) type.getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(where + " failed in its constructor: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(where + " needs a public no-argument constructor: " + e, e);
        }
    }

    private static ClassLoader defaultClassLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ApplicationRouterLoader.class.getClassLoader();
    }
}
