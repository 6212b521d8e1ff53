package io.sipcontainer.context;

import java.lang.reflect.Method;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletContextEvent;
import jakarta.servlet.sip.SipServletListener;
import jakarta.servlet.sip.SipServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.deploy.LoadedApplication;
import io.sipcontainer.deploy.ServletDescriptor;
import io.sipcontainer.deploy.ServletMapping;
import io.sipcontainer.deploy.SipAppDescriptor;
import io.sipcontainer.message.RequestBuilder;
import io.sipcontainer.session.SessionContext;
import io.sipcontainer.session.SessionStore;
import io.sipcontainer.session.SipApplicationSessionImpl;
import io.sipcontainer.session.SipSessionImpl;
import io.sipcontainer.timer.TimerServiceImpl;

/**
 * A deployed SIP application: its servlets and listeners (instantiated in its own class
 * loader), its ServletContext with the SipFactory, TimerService and SipSessionsUtil (also under
 * {@code java:comp/env/sip/<app-name>/} and injected where servlets and listeners ask with
 * {@code @Resource}), and the
 * rules that pick the servlet for a request. Sessions reach their application through it.
 */
public final class SipAppContext implements SessionContext {
    private static final Logger LOG = LoggerFactory.getLogger(SipAppContext.class);

    private final LoadedApplication loaded;
    private final SipAppDescriptor descriptor;
    private final ContainerServices services;
    private final SipServletContextImpl servletContext;
    private final SipFactoryImpl factory;
    private final TimerServiceImpl timerService;
    private final SipSessionsUtilImpl sessionsUtil;
    private final Map<String, Servlet> servlets = new LinkedHashMap<>();
    private final Map<Servlet, String> servletNames = new ConcurrentHashMap<>();
    private final List<EventListener> listeners = new ArrayList<>();
    private final Map<Class<?>, List<?>> listenersByType = new ConcurrentHashMap<>();
    private volatile boolean available;
    /** What the application finds under java:comp/env (JSR 359: sip/<app-name>/SipFactory ...). */
    private final Map<String, Object> envNames;
    private final ResourceInjector injector;

    public SipAppContext(LoadedApplication loaded, ContainerServices services) {
        this.loaded = loaded;
        this.descriptor = loaded.descriptor();
        this.services = services;
        this.servletContext = new SipServletContextImpl(this, descriptor.applicationName(), loaded.root(),
                loaded.classLoader(), descriptor.contextParams());
        this.factory = new SipFactoryImpl(this, services.messages(), services.localHost());
        this.timerService = new TimerServiceImpl(this);
        this.sessionsUtil = new SipSessionsUtilImpl(this);
        servletContext.putContainerAttribute(SipServlet.SIP_FACTORY, factory);
        servletContext.putContainerAttribute(SipServlet.TIMER_SERVICE, timerService);
        servletContext.putContainerAttribute(SipServlet.SIP_SESSIONS_UTIL, sessionsUtil);
        // the extensions the container implements; an application may set a longer list
        servletContext.putContainerAttribute(SipServlet.SUPPORTED, io.sipcontainer.message.RequiredExtensions.CONTAINER);
        servletContext.putContainerAttribute(SipServlet.PRACK_SUPPORTED, Boolean.TRUE);
        services.registry().byAttributeName().forEach(servletContext::putContainerAttribute);
        this.envNames = Map.of(
                "sip/" + name() + "/SipFactory", factory,
                "sip/" + name() + "/SipSessionsUtil", sessionsUtil,
                "sip/" + name() + "/TimerService", timerService);
        Map<Class<?>, Object> injectable = new LinkedHashMap<>();
        injectable.put(jakarta.servlet.sip.SipFactory.class, factory);
        injectable.put(jakarta.servlet.sip.SipSessionsUtil.class, sessionsUtil);
        injectable.put(jakarta.servlet.sip.TimerService.class, timerService);
        services.registry().byAttributeName().values().forEach(v -> injectable.putIfAbsent(v.getClass(), v));
        this.injector = new ResourceInjector(injectable, envNames);
    }

    /** The container's services (location, statistics, RPC ...), for container-side helpers. */
    public io.sipcontainer.service.ServiceRegistry serviceRegistry() {
        return services.registry();
    }

    /** Instantiates listeners and servlets, runs their initialization; on failure nothing stays up. */
    public void start() throws ServletException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader());
        io.sipcontainer.naming.ApplicationNames.bind(classLoader(), envNames);
        try {
            // A class declared both as a servlet and as a listener is one object in both roles,
            // as applications written for other containers expect (state shared, callbacks once).
            Map<String, Object> servletListeners = new HashMap<>();
            for (String className : descriptor.listenerClasses()) {
                Object listener = instantiate(classLoader().loadClass(className));
                injector.inject(listener);
                if (descriptor.servlets().stream().anyMatch(sd -> sd.className().equals(className))) {
                    servletListeners.put(className, listener);
                }
                listeners.add((EventListener) listener);
            }
            ServletContextEvent contextEvent = new ServletContextEvent(servletContext);
            for (ServletContextListener l : listeners(ServletContextListener.class)) {
                l.contextInitialized(contextEvent);
            }
            for (ServletDescriptor sd : descriptor.servlets()) {
                Servlet servlet = createServlet(sd, servletListeners.remove(sd.className()));
                servlet.init(new SipServletConfigImpl(sd.name(), servletContext, sd.initParams()));
                servlets.put(sd.name(), servlet);
                servletNames.put(servlet, sd.name());
                SipServletContextEvent event = new SipServletContextEvent(servletContext, (SipServlet) servlet);
                for (SipServletListener l : listeners(SipServletListener.class)) {
                    l.servletInitialized(event);
                }
            }
            listenersByType.clear(); // servlets may be listeners too
            available = true;
        } catch (ServletException e) {
            stop();
            throw e;
        } catch (Exception | LinkageError e) {
            stop();
            throw new ServletException("cannot start " + name() + ": " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The servlet of a descriptor, around {@code listener} when its class is also a declared listener. */
    private Servlet createServlet(ServletDescriptor sd, Object listener)
            throws ReflectiveOperationException, ServletException {
        Object instance = listener != null ? listener : instantiate(sd.servletClass());
        if (listener == null) {
            injector.inject(instance);
        }
        if (sd.isPojo()) {
            return new PojoServlet(instance, sd.pojoMethods());
        }
        return (Servlet) instance;
    }

    private static Object instantiate(Class<?> type) throws ReflectiveOperationException {
        return type.getDeclaredConstructor().newInstance();
    }

    /** Takes the application out of service: servlets destroyed, sessions invalidated. */
    public void stop() {
        available = false;
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader());
        try {
            for (SipApplicationSessionImpl s : store().all()) {
                if (s.getApplicationName().equals(name()) && s.isValid()) {
                    try {
                        s.invalidate();
                    } catch (RuntimeException e) {
                        LOG.debug("Invalidating {} on undeploy: {}", s.getId(), e.toString());
                    }
                }
            }
            for (Servlet s : servlets.values()) {
                try {
                    s.destroy();
                } catch (RuntimeException e) {
                    LOG.warn("Servlet of {} failed in destroy", name(), e);
                }
            }
            ServletContextEvent event = new ServletContextEvent(servletContext);
            for (ServletContextListener l : listeners(ServletContextListener.class)) {
                try {
                    l.contextDestroyed(event);
                } catch (RuntimeException e) {
                    LOG.warn("Listener of {} failed in contextDestroyed", name(), e);
                }
            }
            timerService.cancelAll();
        } finally {
            thread.setContextClassLoader(previous);
        }
        servlets.clear();
        io.sipcontainer.naming.ApplicationNames.unbind(classLoader());
        loaded.close();
    }

    public boolean isAvailable() {
        return available;
    }

    public String name() {
        return descriptor.applicationName();
    }

    public SipAppDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public ClassLoader classLoader() {
        return loaded.classLoader();
    }

    /** The archive, descriptor and class loader the application was deployed from. */
    public LoadedApplication loaded() {
        return loaded;
    }

    public SipFactoryImpl factory() {
        return factory;
    }

    public TimerServiceImpl timerService() {
        return timerService;
    }

    // --- servlet selection ---------------------------------------------------------------------

    /** The servlet for an initial request: the main servlet, or the first mapping that matches. */
    public Servlet servletFor(SipServletRequest request) {
        if (descriptor.mainServlet() != null) {
            return servlets.get(descriptor.mainServlet());
        }
        for (ServletMapping m : descriptor.mappings()) {
            if (m.matches(request)) {
                return servlets.get(m.servletName());
            }
        }
        return null;
    }

    /** The servlet for a session's later messages: its handler, else the default servlet. */
    public Servlet servletForSession(SipSessionImpl session) {
        String handler = session.handler();
        Servlet s = handler == null ? null : servlets.get(handler);
        if (s != null) {
            return s;
        }
        if (descriptor.mainServlet() != null) {
            return servlets.get(descriptor.mainServlet());
        }
        return servlets.values().iterator().next();
    }

    public String nameOf(Servlet servlet) {
        return servletNames.get(servlet);
    }

    // --- sessions ------------------------------------------------------------------------------

    /** A new application session, or the one a {@code @SipApplicationKey} method names. */
    public SipApplicationSessionImpl applicationSessionFor(SipServletRequest request) {
        Method keyMethod = descriptor.applicationKeyMethod();
        if (keyMethod != null) {
            try {
                Object key = keyMethod.invoke(null, request);
                if (key != null) {
                    return applicationSessionByKey(key.toString(), true);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("@SipApplicationKey method of {} failed; using a new application session", name(), e);
            }
        }
        return newApplicationSession();
    }

    public SipApplicationSessionImpl newApplicationSession() {
        SipApplicationSessionImpl s = new SipApplicationSessionImpl(UUID.randomUUID().toString(), this);
        store().putIfAbsent(s);
        s.created();
        return s;
    }

    /** The application session for a key; keys are per application, as the specification says. */
    public SipApplicationSessionImpl applicationSessionByKey(String key, boolean create) {
        String id = name() + ":key:" + key;
        SipApplicationSessionImpl existing = store().get(id);
        if (existing != null && existing.isValid()) {
            if (existing.context() == null) {
                existing.attach(this);
            }
            return existing;
        }
        if (!create) {
            return null;
        }
        SipApplicationSessionImpl fresh = new SipApplicationSessionImpl(id, this);
        SipApplicationSessionImpl stored = store().putIfAbsent(fresh);
        if (stored == fresh) {
            fresh.created();
        }
        return stored;
    }

    // --- SessionContext ------------------------------------------------------------------------

    @Override
    public String applicationName() {
        return name();
    }

    @Override
    public ServletContext servletContext() {
        return servletContext;
    }

    @Override
    public void restoreTimer(SipApplicationSessionImpl session, io.sipcontainer.session.TimerState timer) {
        timerService.restore(session, timer);
    }

    @Override
    public SessionStore store() {
        return services.store();
    }

    @Override
    public Executor workerPool() {
        return services.workerPool();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return services.scheduler();
    }

    @Override
    public Clock clock() {
        return services.sessionClock();
    }

    @Override
    public int sessionTimeoutMinutes() {
        return descriptor.sessionTimeoutMinutes();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends EventListener> List<T> listeners(Class<T> type) {
        return (List<T>) listenersByType.computeIfAbsent(type, t -> {
            List<Object> matching = new ArrayList<>();
            for (EventListener l : listeners) {
                if (t.isInstance(l)) {
                    matching.add(l);
                }
            }
            for (Servlet s : servlets.values()) {
                Object target = s instanceof PojoServlet ? null : s;
                if (target != null && t.isInstance(target) && !matching.contains(target)) {
                    matching.add(target);
                }
            }
            return List.copyOf(matching);
        });
    }

    @Override
    public SipServletRequest createRequestInDialog(SipSessionImpl session, String method) {
        return RequestBuilder.inDialog(services.messages(), session, method);
    }

    @Override
    public Set<String> servletNames() {
        return servlets.keySet();
    }
}
