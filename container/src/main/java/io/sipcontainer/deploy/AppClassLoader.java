package io.sipcontainer.deploy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Class loader of one deployed application, over its {@code WEB-INF/classes} and
 * {@code WEB-INF/lib} jars. It looks in the application first, so an application can bring its own
 * version of a library the container also uses, except for the platform, the servlet and SIP servlet
 * APIs, SLF4J and the container's own packages, which always come from the parent: the container and
 * the application must see the same {@code SipServletRequest} or {@code Logger} type, or every call
 * between them fails with a {@link ClassCastException}. Closed when the application is undeployed.
 */
public final class AppClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    /** Packages (as class name prefixes) that are always loaded by the parent. */
    static final List<String> SHARED_PACKAGES =
            List.of("java.", "javax.", "jakarta.", "org.slf4j.", "io.sipcontainer.");

    private static final List<String> SHARED_RESOURCE_PREFIXES =
            SHARED_PACKAGES.stream().map(p -> p.replace('.', '/')).toList();

    /** Applications shipped with the server live under io.sipcontainer too, but are not shared. */
    private static final String APPLICATION_PACKAGES = "io.sipcontainer.apps.";

    private final String applicationName;

    /**
     * @param applicationName used in the loader's name, which shows up in stack traces and heap dumps
     * @param classPath       the application's class path, classes directory first
     * @param parent          the container's class loader
     */
    public AppClassLoader(String applicationName, URL[] classPath, ClassLoader parent) {
        super("sip-app:" + applicationName, classPath, Objects.requireNonNull(parent, "parent"));
        this.applicationName = applicationName;
    }

    public String applicationName() {
        return applicationName;
    }

    /** True when classes of this name always come from the container. */
    public static boolean isShared(String className) {
        if (className.startsWith(APPLICATION_PACKAGES)) {
            return false;
        }
        for (String prefix : SHARED_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSharedResource(String resourceName) {
        String name = resourceName.startsWith("/") ? resourceName.substring(1) : resourceName;
        for (String prefix : SHARED_RESOURCE_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                try {
                    loaded = findClass(name);
                } catch (ClassNotFoundException notInApplication) {
                    loaded = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    public URL getResource(String name) {
        if (isSharedResource(name)) {
            return super.getResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (isSharedResource(name)) {
            return super.getResources(name);
        }
        // Same order as class loading: the application's resources before the container's.
        Set<URL> urls = new LinkedHashSet<>(Collections.list(findResources(name)));
        urls.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(new ArrayList<>(urls));
    }

    @Override
    public String toString() {
        return getName();
    }
}
