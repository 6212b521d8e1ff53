package io.sipcontainer.http.webapp;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;

import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;

import io.sipcontainer.context.SipAppContext;

/**
 * The HTTP context of a converged application: its web servlets, filters and listeners on Jetty,
 * under {@code /<application name>}, in the application's class loader, with static files served
 * from the archive ({@code WEB-INF} and {@code META-INF} excepted). The servlet context it hands to
 * web components shares its attributes with the SIP side's servlet context, so a web servlet finds
 * the {@code SipFactory}, {@code SipSessionsUtil}, {@code TimerService} and container services under
 * the usual names and sees what SIP servlets store there, and the other way round. Context init
 * parameters come from web.xml, then from sip.xml.
 */
final class ConvergedContextHandler extends ServletContextHandler {
    private final ServletContext sipContext;

    ConvergedContextHandler(SipAppContext app, WebApp web, ConvergedSessions sessions) throws ClassNotFoundException {
        super(SESSIONS);
        this.sipContext = app.servletContext();
        ClassLoader loader = app.classLoader();
        setContextPath("/" + app.name());
        setDisplayName(app.descriptor().displayName());
        setClassLoader(loader);
        setBaseResourceAsPath(app.loaded().root());
        setProtectedTargets(new String[] {"/WEB-INF", "/META-INF"});
        web.contextParams().forEach(this::setInitParameter);
        if (!web.welcomeFiles().isEmpty()) {
            setWelcomeFiles(web.welcomeFiles().toArray(String[]::new));
        }
        if (web.sessionTimeoutMinutes() != null) {
            getSessionHandler().setMaxInactiveInterval(web.sessionTimeoutMinutes() * 60);
        }
        // a servlet that fails its init() at start-up must refuse the application, not linger unavailable
        getServletHandler().setStartWithUnavailable(false);
        getSessionHandler().addEventListener(sessions);

        // the converged-session filter runs first, for every dispatch, so every servlet sees ConvergedHttpSession
        addFilter(new FilterHolder(new ConvergedSessionFilter(sessions)), "/*", EnumSet.allOf(DispatcherType.class));
        for (WebApp.Filter f : web.filters()) {
            FilterHolder holder = new FilterHolder(loader.loadClass(f.className()).asSubclass(Filter.class));
            holder.setName(f.name());
            holder.setInitParameters(f.initParams());
            holder.setAsyncSupported(f.asyncSupported());
            getServletHandler().addFilter(holder);
        }
        for (WebApp.FilterMapping m : web.filterMappings()) {
            FilterMapping mapping = new FilterMapping();
            mapping.setFilterName(m.filterName());
            mapping.setPathSpecs(m.urlPatterns().toArray(String[]::new));
            mapping.setServletNames(m.servletNames().toArray(String[]::new));
            mapping.setDispatcherTypes(EnumSet.copyOf(m.dispatchers()));
            getServletHandler().addFilterMapping(mapping);
        }
        boolean rootMapped = false;
        for (WebApp.Servlet s : web.servlets()) {
            ServletHolder holder = new ServletHolder(s.name(), loader.loadClass(s.className()).asSubclass(Servlet.class));
            holder.setInitParameters(s.initParams());
            holder.setAsyncSupported(s.asyncSupported());
            if (s.loadOnStartup() != null) {
                holder.setInitOrder(s.loadOnStartup());
            }
            getServletHandler().addServlet(holder);
        }
        for (WebApp.ServletMapping m : web.servletMappings()) {
            ServletMapping mapping = new ServletMapping();
            mapping.setServletName(m.servletName());
            mapping.setPathSpec(m.urlPattern());
            getServletHandler().addServletMapping(mapping);
            rootMapped |= m.urlPattern().equals("/");
        }
        if (!rootMapped) {
            boolean defaultTaken = web.servlets().stream().anyMatch(s -> s.name().equals("default"));
            ServletHolder files = new ServletHolder(defaultTaken ? "static-files" : "default", DefaultServlet.class);
            files.setInitParameter("dirAllowed", "false");
            addServlet(files, "/");
        }
        for (String listener : web.listenerClasses()) {
            try {
                addEventListener((java.util.EventListener) loader.loadClass(listener).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create listener " + listener + ": " + e, e);
            }
        }
    }

    @Override
    public ServletContextApi newServletContextApi() {
        return new SharedAttributesContext();
    }

    /** Jetty's servlet context, with attributes (and missing init parameters) taken from the SIP side. */
    private final class SharedAttributesContext extends ServletContextApi {
        @Override
        public Object getAttribute(String name) {
            Object value = sipContext == null ? null : sipContext.getAttribute(name);
            return value != null ? value : super.getAttribute(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            Set<String> names = new LinkedHashSet<>(Collections.list(super.getAttributeNames()));
            if (sipContext != null) {
                names.addAll(Collections.list(sipContext.getAttributeNames()));
            }
            return Collections.enumeration(names);
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (sipContext == null) { // only while Jetty builds the handler
                super.setAttribute(name, value);
            } else {
                sipContext.setAttribute(name, value);
            }
        }

        @Override
        public void removeAttribute(String name) {
            if (sipContext != null) {
                sipContext.removeAttribute(name);
            }
            super.removeAttribute(name);
        }

        @Override
        public String getInitParameter(String name) {
            String value = super.getInitParameter(name);
            return value != null || sipContext == null ? value : sipContext.getInitParameter(name);
        }

        @Override
        public Enumeration<String> getInitParameterNames() {
            Set<String> names = new LinkedHashSet<>(Collections.list(super.getInitParameterNames()));
            if (sipContext != null) {
                names.addAll(Collections.list(sipContext.getInitParameterNames()));
            }
            return Collections.enumeration(names);
        }
    }
}
