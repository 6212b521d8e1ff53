package io.sipcontainer.http.webapp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContextAttributeListener;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRequestAttributeListener;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import jakarta.servlet.sip.SipServlet;

import org.eclipse.jetty.http.pathmap.ServletPathSpec;

import io.sipcontainer.deploy.DeploymentException;
import io.sipcontainer.deploy.LoadedApplication;

/**
 * Finds the web side of a deployed application: {@code WEB-INF/web.xml} merged with the web
 * annotations (unless web.xml is {@code metadata-complete}), the way the Servlet specification
 * merges them: web.xml wins for a servlet or filter of the same name, and an annotation's URL
 * patterns apply only when web.xml maps that servlet nowhere. Then checks everything a running
 * context would trip over later: every class loads through the application's class loader and has
 * the right type, mappings name declared servlets and filters, URL patterns are valid and no pattern
 * is mapped twice. An application with neither web.xml nor web annotations has no web side.
 */
public final class WebAppLoader {
    private static final List<Class<?>> HTTP_LISTENER_TYPES = List.of(ServletContextListener.class,
            ServletContextAttributeListener.class, ServletRequestListener.class,
            ServletRequestAttributeListener.class, HttpSessionListener.class, HttpSessionAttributeListener.class,
            HttpSessionIdListener.class);

    private final String archiveName;
    private final ClassLoader loader;

    private WebAppLoader(String archiveName, ClassLoader loader) {
        this.archiveName = archiveName;
        this.loader = loader;
    }

    /** The application's web side, or null when it has none. */
    public static WebApp load(LoadedApplication application) throws DeploymentException {
        String archiveName = application.archive().name();
        Path webXmlFile = application.root().resolve(WebXmlParser.WEB_XML);
        WebXmlParser.WebXml webXml = null;
        if (Files.isRegularFile(webXmlFile)) {
            try (InputStream in = Files.newInputStream(webXmlFile)) {
                webXml = WebXmlParser.parse(in, archiveName);
            } catch (IOException e) {
                throw new DeploymentException(archiveName, WebXmlParser.WEB_XML, DeploymentException.NO_LINE,
                        "cannot read: " + e, e);
            }
        }
        WebAnnotations annotations = webXml != null && webXml.metadataComplete()
                ? WebAnnotations.NONE
                : WebAnnotations.scan(application.archive(), application.classLoader());
        if (webXml == null && annotations.isEmpty()) {
            return null;
        }
        WebAppLoader checker = new WebAppLoader(archiveName, application.classLoader());
        WebApp merged = merge(webXml, annotations);
        checker.check(merged, webXml);
        return merged;
    }

    static WebApp merge(WebXmlParser.WebXml webXml, WebAnnotations annotations) {
        WebApp declared = webXml == null
                ? new WebApp(Map.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null, List.of())
                : webXml.app();
        Map<String, WebApp.Servlet> servlets = new LinkedHashMap<>();
        declared.servlets().forEach(s -> servlets.put(s.name(), s));
        List<WebApp.ServletMapping> mappings = new ArrayList<>(declared.servletMappings());
        for (WebAnnotations.AnnotatedServlet a : annotations.servlets()) {
            servlets.putIfAbsent(a.servlet().name(), a.servlet());
            boolean mappedInXml = declared.servletMappings().stream()
                    .anyMatch(m -> m.servletName().equals(a.servlet().name()));
            if (!mappedInXml) {
                a.urlPatterns().forEach(p -> mappings.add(
                        new WebApp.ServletMapping(a.servlet().name(), p, DeploymentException.NO_LINE)));
            }
        }
        Map<String, WebApp.Filter> filters = new LinkedHashMap<>();
        declared.filters().forEach(f -> filters.put(f.name(), f));
        List<WebApp.FilterMapping> filterMappings = new ArrayList<>(declared.filterMappings());
        for (WebAnnotations.AnnotatedFilter a : annotations.filters()) {
            if (filters.putIfAbsent(a.filter().name(), a.filter()) == null) {
                filterMappings.add(a.mapping());
            }
        }
        List<String> listeners = new ArrayList<>(declared.listenerClasses());
        annotations.listenerClasses().stream().filter(l -> !listeners.contains(l)).forEach(listeners::add);
        return new WebApp(declared.contextParams(), new ArrayList<>(servlets.values()), mappings,
                new ArrayList<>(filters.values()), filterMappings, listeners, declared.sessionTimeoutMinutes(),
                declared.welcomeFiles());
    }

    private void check(WebApp app, WebXmlParser.WebXml webXml) throws DeploymentException {
        for (WebApp.Servlet s : app.servlets()) {
            int line = webXml == null ? DeploymentException.NO_LINE : webXml.lineOf("servlet:" + s.name());
            Class<?> type = load(s.className(), "servlet '" + s.name() + "'", line);
            if (SipServlet.class.isAssignableFrom(type)) {
                throw error(line, "servlet '" + s.name() + "' (" + s.className()
                        + ") is a SIP servlet; declare it in sip.xml or with @SipServlet, not as a web servlet");
            }
            if (!Servlet.class.isAssignableFrom(type)) {
                throw error(line, "servlet '" + s.name() + "': " + s.className() + " is not a jakarta.servlet.Servlet");
            }
        }
        Map<String, String> patternOwner = new HashMap<>();
        for (WebApp.ServletMapping m : app.servletMappings()) {
            if (app.servlets().stream().noneMatch(s -> s.name().equals(m.servletName()))) {
                throw error(m.line(), "<servlet-mapping> names unknown servlet '" + m.servletName() + "'");
            }
            checkPattern(m.urlPattern(), m.line());
            String previous = patternOwner.putIfAbsent(m.urlPattern(), m.servletName());
            if (previous != null) {
                throw error(m.line(), "URL pattern '" + m.urlPattern() + "' is mapped to both '" + previous
                        + "' and '" + m.servletName() + "'");
            }
        }
        for (WebApp.Filter f : app.filters()) {
            int line = webXml == null ? DeploymentException.NO_LINE : webXml.lineOf("filter:" + f.name());
            if (!Filter.class.isAssignableFrom(load(f.className(), "filter '" + f.name() + "'", line))) {
                throw error(line, "filter '" + f.name() + "': " + f.className() + " is not a jakarta.servlet.Filter");
            }
        }
        for (WebApp.FilterMapping m : app.filterMappings()) {
            int line = webXml == null ? DeploymentException.NO_LINE : webXml.lineOf("filter-mapping:" + m.filterName());
            if (app.filters().stream().noneMatch(f -> f.name().equals(m.filterName()))) {
                throw error(line, "<filter-mapping> names unknown filter '" + m.filterName() + "'");
            }
            for (String servlet : m.servletNames()) {
                if (!servlet.equals("*") && app.servlets().stream().noneMatch(s -> s.name().equals(servlet))) {
                    throw error(line, "<filter-mapping> of '" + m.filterName() + "' names unknown servlet '" + servlet + "'");
                }
            }
            for (String pattern : m.urlPatterns()) {
                checkPattern(pattern, line);
            }
        }
        for (String className : app.listenerClasses()) {
            int line = webXml == null ? DeploymentException.NO_LINE : webXml.lineOf("listener:" + className);
            Class<?> type = load(className, "listener", line);
            if (HTTP_LISTENER_TYPES.stream().noneMatch(t -> t.isAssignableFrom(type))) {
                throw error(line, "listener " + className + " implements no servlet or HTTP session listener interface");
            }
        }
    }

    private void checkPattern(String pattern, int line) throws DeploymentException {
        try {
            new ServletPathSpec(pattern);
        } catch (IllegalArgumentException e) {
            throw error(line, "invalid URL pattern '" + pattern + "': " + e.getMessage());
        }
    }

    private Class<?> load(String className, String role, int line) throws DeploymentException {
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw error(line, role + ": class " + className + " is not in WEB-INF/classes or WEB-INF/lib");
        } catch (LinkageError e) {
            throw error(line, role + ": class " + className + " cannot be loaded: " + e);
        }
    }

    private DeploymentException error(int line, String reason) {
        return line == DeploymentException.NO_LINE
                ? new DeploymentException(archiveName, reason)
                : new DeploymentException(archiveName, WebXmlParser.WEB_XML, line, reason, null);
    }
}
