package io.sipcontainer.http.webapp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.DispatcherType;

/**
 * The web side of a converged application, from {@code WEB-INF/web.xml} and the
 * {@code @WebServlet}, {@code @WebFilter} and {@code @WebListener} annotations: what the HTTP server
 * needs to serve it under the application's context path. Classes are named, not loaded; they are
 * loaded through the application's class loader when the context is built.
 *
 * @param contextParams         web.xml context parameters (the SIP side's come from sip.xml)
 * @param servlets              in declaration order, web.xml first
 * @param servletMappings       URL patterns to servlet names
 * @param filters               in declaration order
 * @param filterMappings        in declaration order, which is the order filters run in
 * @param listenerClasses       HTTP-side listeners (session, request, context...)
 * @param sessionTimeoutMinutes HTTP session timeout, or null for the server's default
 * @param welcomeFiles          served for a request to a directory
 */
public record WebApp(
        Map<String, String> contextParams,
        List<Servlet> servlets,
        List<ServletMapping> servletMappings,
        List<Filter> filters,
        List<FilterMapping> filterMappings,
        List<String> listenerClasses,
        Integer sessionTimeoutMinutes,
        List<String> welcomeFiles) {

    public WebApp {
        contextParams = Collections.unmodifiableMap(new LinkedHashMap<>(contextParams));
        servlets = List.copyOf(servlets);
        servletMappings = List.copyOf(servletMappings);
        filters = List.copyOf(filters);
        filterMappings = List.copyOf(filterMappings);
        listenerClasses = List.copyOf(listenerClasses);
        welcomeFiles = List.copyOf(welcomeFiles);
    }

    /** A servlet declaration; {@code loadOnStartup} null means "when first requested". */
    public record Servlet(String name, String className, Map<String, String> initParams, Integer loadOnStartup,
            boolean asyncSupported) {
        public Servlet {
            initParams = Collections.unmodifiableMap(new LinkedHashMap<>(initParams));
        }
    }

    /** One URL pattern ({@code /x/*}, {@code *.ext}, {@code /exact}, {@code /} or "") of a servlet. */
    public record ServletMapping(String servletName, String urlPattern, int line) {
    }

    public record Filter(String name, String className, Map<String, String> initParams, boolean asyncSupported) {
        public Filter {
            initParams = Collections.unmodifiableMap(new LinkedHashMap<>(initParams));
        }
    }

    /** Where a filter applies: URL patterns and/or servlet names, for these dispatcher types. */
    public record FilterMapping(String filterName, List<String> urlPatterns, List<String> servletNames,
            Set<DispatcherType> dispatchers) {
        public FilterMapping {
            urlPatterns = List.copyOf(urlPatterns);
            servletNames = List.copyOf(servletNames);
            dispatchers = Set.copyOf(dispatchers);
        }
    }

    /** True when the application declares nothing to serve over HTTP. */
    public boolean isEmpty() {
        return servlets.isEmpty() && filters.isEmpty();
    }
}
