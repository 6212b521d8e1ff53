package io.sipcontainer.context;

import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.EventListener;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextAttributeEvent;
import jakarta.servlet.ServletContextAttributeListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.descriptor.JspConfigDescriptor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ServletContext} of one SIP application: its attributes (where the container puts
 * the SipFactory, TimerService and SipSessionsUtil under the specification's names), context
 * parameters, resources from the unpacked archive and logging. Programmatic registration of
 * servlets and filters is an HTTP-container feature and is refused.
 */
final class SipServletContextImpl implements ServletContext {
    private final Logger log;
    private final String name;
    private final Path root;
    private final ClassLoader classLoader;
    private final Map<String, String> initParams;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final SipAppContext app;

    SipServletContextImpl(SipAppContext app, String name, Path root, ClassLoader classLoader,
            Map<String, String> initParams) {
        this.app = app;
        this.name = name;
        this.root = root;
        this.classLoader = classLoader;
        this.initParams = new ConcurrentHashMap<>(initParams);
        this.log = LoggerFactory.getLogger("sipapp." + name);
    }

    @Override
    public String getContextPath() {
        return "/" + name;
    }

    @Override
    public ServletContext getContext(String uripath) {
        return null;
    }

    @Override
    public int getMajorVersion() {
        return 6;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public int getEffectiveMajorVersion() {
        return 6;
    }

    @Override
    public int getEffectiveMinorVersion() {
        return 0;
    }

    @Override
    public String getMimeType(String file) {
        return null;
    }

    @Override
    public Set<String> getResourcePaths(String path) {
        Path dir = resolve(path);
        if (dir == null || !Files.isDirectory(dir)) {
            return null;
        }
        Set<String> paths = new HashSet<>();
        try (var stream = Files.list(dir)) {
            stream.forEach(p -> paths.add(path + (path.endsWith("/") ? "" : "/") + p.getFileName()
                    + (Files.isDirectory(p) ? "/" : "")));
        } catch (java.io.IOException e) {
            return null;
        }
        return paths;
    }

    private Path resolve(String path) {
        if (root == null || path == null || !path.startsWith("/")) {
            return null;
        }
        Path p = root.resolve(path.substring(1)).normalize();
        return p.startsWith(root) ? p : null;
    }

    @Override
    public URL getResource(String path) throws MalformedURLException {
        Path p = resolve(path);
        return p != null && Files.exists(p) ? p.toUri().toURL() : null;
    }

    @Override
    public InputStream getResourceAsStream(String path) {
        Path p = resolve(path);
        try {
            return p != null && Files.isRegularFile(p) ? Files.newInputStream(p) : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        return null;
    }

    @Override
    public RequestDispatcher getNamedDispatcher(String name) {
        return null;
    }

    @Override
    public void log(String msg) {
        log.info(msg);
    }

    @Override
    public void log(String message, Throwable throwable) {
        log.error(message, throwable);
    }

    @Override
    public String getRealPath(String path) {
        Path p = resolve(path);
        return p == null ? null : p.toString();
    }

    @Override
    public String getServerInfo() {
        return "sipcontainer/0.1";
    }

    @Override
    public String getInitParameter(String name) {
        return initParams.get(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(initParams.keySet());
    }

    @Override
    public boolean setInitParameter(String name, String value) {
        return initParams.putIfAbsent(name, value) == null;
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(attributes.keySet());
    }

    @Override
    public void setAttribute(String name, Object object) {
        if (object == null) {
            removeAttribute(name);
            return;
        }
        Object old = attributes.put(name, object);
        ServletContextAttributeEvent event = new ServletContextAttributeEvent(this, name, old == null ? object : old);
        for (ServletContextAttributeListener l : app.listeners(ServletContextAttributeListener.class)) {
            if (old == null) {
                l.attributeAdded(event);
            } else {
                l.attributeReplaced(event);
            }
        }
    }

    @Override
    public void removeAttribute(String name) {
        Object old = attributes.remove(name);
        if (old != null) {
            ServletContextAttributeEvent event = new ServletContextAttributeEvent(this, name, old);
            for (ServletContextAttributeListener l : app.listeners(ServletContextAttributeListener.class)) {
                l.attributeRemoved(event);
            }
        }
    }

    /** Sets a container attribute without notifying listeners (before the application starts). */
    void putContainerAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public String getServletContextName() {
        return name;
    }

    private static UnsupportedOperationException httpOnly() {
        return new UnsupportedOperationException("SIP applications declare servlets in sip.xml or with annotations");
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, String className) {
        throw httpOnly();
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, Servlet servlet) {
        throw httpOnly();
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, Class<? extends Servlet> servletClass) {
        throw httpOnly();
    }

    @Override
    public ServletRegistration.Dynamic addJspFile(String servletName, String jspFile) {
        throw httpOnly();
    }

    @Override
    public <T extends Servlet> T createServlet(Class<T> clazz) {
        throw httpOnly();
    }

    @Override
    public ServletRegistration getServletRegistration(String servletName) {
        return null;
    }

    @Override
    public Map<String, ? extends ServletRegistration> getServletRegistrations() {
        return Map.of();
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, String className) {
        throw httpOnly();
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, Filter filter) {
        throw httpOnly();
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, Class<? extends Filter> filterClass) {
        throw httpOnly();
    }

    @Override
    public <T extends Filter> T createFilter(Class<T> clazz) {
        throw httpOnly();
    }

    @Override
    public FilterRegistration getFilterRegistration(String filterName) {
        return null;
    }

    @Override
    public Map<String, ? extends FilterRegistration> getFilterRegistrations() {
        return Map.of();
    }

    @Override
    public SessionCookieConfig getSessionCookieConfig() {
        return null;
    }

    @Override
    public void setSessionTrackingModes(Set<SessionTrackingMode> sessionTrackingModes) {
        throw httpOnly();
    }

    @Override
    public Set<SessionTrackingMode> getDefaultSessionTrackingModes() {
        return Set.of();
    }

    @Override
    public Set<SessionTrackingMode> getEffectiveSessionTrackingModes() {
        return Set.of();
    }

    @Override
    public void addListener(String className) {
        throw httpOnly();
    }

    @Override
    public <T extends EventListener> void addListener(T t) {
        throw httpOnly();
    }

    @Override
    public void addListener(Class<? extends EventListener> listenerClass) {
        throw httpOnly();
    }

    @Override
    public <T extends EventListener> T createListener(Class<T> clazz) {
        throw httpOnly();
    }

    @Override
    public JspConfigDescriptor getJspConfigDescriptor() {
        return null;
    }

    @Override
    public ClassLoader getClassLoader() {
        return classLoader;
    }

    @Override
    public void declareRoles(String... roleNames) {
        throw httpOnly();
    }

    @Override
    public String getVirtualServerName() {
        return "sipcontainer";
    }

    @Override
    public int getSessionTimeout() {
        return app.sessionTimeoutMinutes();
    }

    @Override
    public void setSessionTimeout(int sessionTimeout) {
        throw new IllegalStateException("the session timeout is set in the deployment descriptor");
    }

    @Override
    public String getRequestCharacterEncoding() {
        return "UTF-8";
    }

    @Override
    public void setRequestCharacterEncoding(String encoding) {
        throw new IllegalStateException("SIP applications cannot change the request encoding");
    }

    @Override
    public String getResponseCharacterEncoding() {
        return "UTF-8";
    }

    @Override
    public void setResponseCharacterEncoding(String encoding) {
        throw new IllegalStateException("SIP applications cannot change the response encoding");
    }
}
