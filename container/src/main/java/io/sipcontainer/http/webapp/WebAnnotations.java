package io.sipcontainer.http.webapp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.annotation.WebInitParam;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.annotation.WebServlet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.deploy.ClassFileFinder;
import io.sipcontainer.deploy.DeploymentException;
import io.sipcontainer.deploy.SarArchive;

/**
 * The {@code @WebServlet}, {@code @WebFilter} and {@code @WebListener} classes of an application.
 * Only class files whose constant pool names the annotation package are loaded (without running
 * their static initialisers), like the SIP annotation scan; a class that fails to load is skipped
 * with a warning, since libraries often reference optional dependencies.
 *
 * @param servlets        annotated servlets, named by the annotation or by their class name
 * @param filters         annotated filters with their mapping
 * @param listenerClasses annotated listeners
 */
record WebAnnotations(List<AnnotatedServlet> servlets, List<AnnotatedFilter> filters, List<String> listenerClasses) {
    private static final Logger LOG = LoggerFactory.getLogger(WebAnnotations.class);
    private static final byte[] MARKER = "jakarta/servlet/annotation/Web".getBytes(StandardCharsets.US_ASCII);

    static final WebAnnotations NONE = new WebAnnotations(List.of(), List.of(), List.of());

    record AnnotatedServlet(WebApp.Servlet servlet, List<String> urlPatterns) {
    }

    record AnnotatedFilter(WebApp.Filter filter, WebApp.FilterMapping mapping) {
    }

    boolean isEmpty() {
        return servlets.isEmpty() && filters.isEmpty() && listenerClasses.isEmpty();
    }

    static WebAnnotations scan(SarArchive archive, ClassLoader loader) throws DeploymentException {
        List<AnnotatedServlet> servlets = new ArrayList<>();
        List<AnnotatedFilter> filters = new ArrayList<>();
        List<String> listeners = new ArrayList<>();
        for (String className : ClassFileFinder.annotatedCandidates(archive, MARKER)) {
            Class<?> type;
            try {
                type = Class.forName(className, false, loader);
                WebServlet servlet = type.getDeclaredAnnotation(WebServlet.class);
                if (servlet != null) {
                    servlets.add(servlet(archive.name(), type, servlet));
                }
                WebFilter filter = type.getDeclaredAnnotation(WebFilter.class);
                if (filter != null) {
                    filters.add(filter(archive.name(), type, filter));
                }
                if (type.getDeclaredAnnotation(WebListener.class) != null) {
                    listeners.add(className);
                }
            } catch (ClassNotFoundException | LinkageError | TypeNotPresentException e) {
                LOG.warn("{}: skipping class {} while scanning web annotations: {}", archive.name(), className,
                        e.toString());
            }
        }
        return new WebAnnotations(servlets, filters, listeners);
    }

    private static AnnotatedServlet servlet(String archiveName, Class<?> type, WebServlet a) throws DeploymentException {
        String name = a.name().isBlank() ? type.getName() : a.name().trim();
        List<String> patterns = patterns(archiveName, type, "@WebServlet", a.value(), a.urlPatterns());
        if (patterns.isEmpty()) {
            throw new DeploymentException(archiveName, "@WebServlet on " + type.getName() + " gives no URL pattern");
        }
        Integer loadOnStartup = a.loadOnStartup() < 0 ? null : a.loadOnStartup();
        return new AnnotatedServlet(new WebApp.Servlet(name, type.getName(), params(a.initParams()), loadOnStartup,
                a.asyncSupported()), patterns);
    }

    private static AnnotatedFilter filter(String archiveName, Class<?> type, WebFilter a) throws DeploymentException {
        String name = a.filterName().isBlank() ? type.getName() : a.filterName().trim();
        List<String> patterns = patterns(archiveName, type, "@WebFilter", a.value(), a.urlPatterns());
        if (patterns.isEmpty() && a.servletNames().length == 0) {
            throw new DeploymentException(archiveName, "@WebFilter on " + type.getName()
                    + " gives neither a URL pattern nor a servlet name");
        }
        EnumSet<DispatcherType> dispatchers = a.dispatcherTypes().length == 0
                ? EnumSet.of(DispatcherType.REQUEST) : EnumSet.copyOf(Arrays.asList(a.dispatcherTypes()));
        WebApp.Filter filter = new WebApp.Filter(name, type.getName(), params(a.initParams()), a.asyncSupported());
        return new AnnotatedFilter(filter,
                new WebApp.FilterMapping(name, patterns, Arrays.asList(a.servletNames()), dispatchers));
    }

    /** The annotation's {@code value} or {@code urlPatterns}: the specification forbids giving both. */
    private static List<String> patterns(String archiveName, Class<?> type, String annotation, String[] value,
            String[] urlPatterns) throws DeploymentException {
        if (value.length > 0 && urlPatterns.length > 0) {
            throw new DeploymentException(archiveName, annotation + " on " + type.getName()
                    + " gives both value and urlPatterns; use one");
        }
        return List.of(value.length > 0 ? value : urlPatterns);
    }

    private static Map<String, String> params(WebInitParam[] params) {
        Map<String, String> map = new LinkedHashMap<>();
        for (WebInitParam p : params) {
            map.put(p.name(), p.value());
        }
        return map;
    }
}
