package io.sipcontainer.http.webapp;

import io.sipcontainer.context.ApplicationLifecycleListener;
import io.sipcontainer.http.ContextMounts;
import io.sipcontainer.http.HttpInfo;
import io.sipcontainer.http.HttpServerComponent;
import io.sipcontainer.http.HttpServerListener;
import io.sipcontainer.server.ServerComponent;
import io.sipcontainer.server.ServerContext;

/**
 * Plugs the web side of converged applications ({@link ConvergedWebApps}) into the HTTP server
 * once it runs, through {@link HttpServerListener}, so the HTTP server does not know this package.
 * With HTTP disabled, applications deploy without their web side, as before.
 */
public final class ConvergedWebAppsComponent implements ServerComponent {

    @Override
    public int order() {
        return HttpServerComponent.ORDER - 100; // the listener must exist before the HTTP server starts
    }

    @Override
    public void start(ServerContext context) {
        context.services().contribute(HttpServerListener.class, new HttpServerListener() {
            @Override
            public void started(ContextMounts mounts, HttpInfo info, ServerContext ctx) {
                ctx.services().contribute(ApplicationLifecycleListener.class, new ConvergedWebApps(mounts, info));
            }
        });
    }

    @Override
    public void stop() {
        // the HTTP server unmounts the applications' web sides when it stops
    }
}
