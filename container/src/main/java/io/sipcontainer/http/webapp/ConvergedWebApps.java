package io.sipcontainer.http.webapp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.context.ApplicationLifecycleListener;
import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.deploy.DeploymentException;
import io.sipcontainer.http.ContextMounts;
import io.sipcontainer.http.HttpInfo;

/**
 * Serves the web side of converged applications (JSR 359; Kamailio's xhttp, as applications): when
 * an application is deployed with {@code WEB-INF/web.xml} or web annotations, its servlets are
 * mounted under {@code /<application name>}; when it is undeployed they are unmounted first, so its
 * URLs answer 404 before its SIP side stops. A bad web side refuses the whole application with the
 * reason (file, line, what is wrong).
 */
public final class ConvergedWebApps implements ApplicationLifecycleListener {
    private static final Logger LOG = LoggerFactory.getLogger(ConvergedWebApps.class);

    private final ContextMounts mounts;
    private final HttpInfo http;
    private final Map<SipAppContext, ConvergedSessions> mounted = new ConcurrentHashMap<>();

    public ConvergedWebApps(ContextMounts mounts, HttpInfo http) {
        this.mounts = mounts;
        this.http = http;
    }

    @Override
    public void deployed(SipAppContext app) throws Exception {
        WebApp web = WebAppLoader.load(app.loaded());
        if (web == null) {
            return;
        }
        ConvergedSessions sessions = new ConvergedSessions(app, http);
        ConvergedContextHandler handler = new ConvergedContextHandler(app, web, sessions);
        String path = "/" + app.name();
        try {
            mounts.mount(path, handler, "application " + app.name());
        } catch (IllegalStateException taken) {
            throw new DeploymentException(app.loaded().archive().name(), taken.getMessage());
        } catch (Exception e) {
            Throwable cause = e.getCause() != null && e instanceof jakarta.servlet.ServletException ? e.getCause() : e;
            throw new DeploymentException(app.loaded().archive().name(),
                    "the web side did not start: " + cause, e);
        }
        mounted.put(app, sessions);
        LOG.info("Application {} serves HTTP at {} ({} servlet(s))", app.name(), path, web.servlets().size());
    }

    @Override
    public void undeployed(SipAppContext app) {
        ConvergedSessions sessions = mounted.remove(app);
        if (sessions == null) {
            return;
        }
        try {
            mounts.unmount("/" + app.name());
        } catch (Exception e) {
            LOG.warn("Stopping the web side of {} failed", app.name(), e);
        }
        sessions.clear();
    }
}
