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
 * APIs, SLF4J and the container's services API ({@code io.sipcontainer.service}), which always come
 * from the parent: the container and the application must see the same {@code SipServletRequest} or
 * {@code Logger} type, or every call between them fails with a {@link ClassCastException}.
 * <p>
 * The rest of the container ({@code io.sipcontainer.*} outside the services API) is not visible to
 * the application at all: such a name is looked up in the application only, so an application
 * cannot come to depend on the container's internals (which change without notice) nor reach past
 * the documented services into sessions or the stack. {@link ContainerReferenceCheck} refuses, at
 * deployment, an application compiled against them. Closed when the application is undeployed.
 */
public final class AppClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    /** Packages (as class name prefixes) that are always loaded by the parent. */
    static final List<String> SHARED_PACKAGES =
            List.of("java.", "javax.", "jakarta.", "org.slf4j.", "io.sipcontainer.service.");

    private static final List<String> SHARED_RESOURCE_PREFIXES =
            SHARED_PACKAGES.stream().map(p -> p.replace('.', '/')).toList();

    /** The container's own classes: hidden from applications, except the services API above. */
    static final String CONTAINER_PACKAGES = "io.sipcontainer.";

    private static final String CONTAINER_RESOURCES = CONTAINER_PACKAGES.replace('.', '/');

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
        return startsWithAny(className, SHARED_PACKAGES);
    }

    /**
     * True for the container's classes an application must not see: {@code io.sipcontainer.*} other
     * than the services API. (Applications shipped with the server live under io.sipcontainer.apps;
     * their classes are in their own archives, where this loader finds them first.)
     */
    public static boolean isContainerInternal(String className) {
        return className.startsWith(CONTAINER_PACKAGES) && !isShared(className);
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String stripSlash(String resourceName) {
        return resourceName.startsWith("/") ? resourceName.substring(1) : resourceName;
    }

    private static boolean isSharedResource(String resourceName) {
        return startsWithAny(stripSlash(resourceName), SHARED_RESOURCE_PREFIXES);
    }

    private static boolean isContainerResource(String resourceName) {
        String name = stripSlash(resourceName);
        return name.startsWith(CONTAINER_RESOURCES) && !isSharedResource(name);
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
                    if (isContainerInternal(name)) {
                        throw new ClassNotFoundException(name + " is internal to the container: application "
                                + applicationName + " may use only the SIP Servlet API and io.sipcontainer.service");
                    }
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
        if (own != null || isContainerResource(name)) {
            return own;
        }
        return getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (isSharedResource(name)) {
            return super.getResources(name);
        }
        // Same order as class loading: the application's resources before the container's.
        Set<URL> urls = new LinkedHashSet<>(Collections.list(findResources(name)));
        if (!isContainerResource(name)) {
            urls.addAll(Collections.list(getParent().getResources(name)));
        }
        return Collections.enumeration(new ArrayList<>(urls));
    }

    @Override
    public String toString() {
        return getName();
    }
}
