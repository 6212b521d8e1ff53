package io.sipcontainer.router;

import jakarta.servlet.sip.ar.SipApplicationRouter;
import jakarta.servlet.sip.ar.spi.SipApplicationRouterProvider;
import java.nio.file.Path;

/**
 * Supplies the {@link DefaultApplicationRouter}. Registered as a service so that
 * {@link java.util.ServiceLoader} can see it, but {@link ApplicationRouterLoader} only falls back
 * to it when no other provider is installed. The no-argument form, which the service loader
 * uses, lets the router find its file from the init or system properties.
 */
public final class DefaultApplicationRouterProvider extends SipApplicationRouterProvider {

    private final DefaultApplicationRouter router;

    /** A provider whose router locates its file from properties at init time. */
    public DefaultApplicationRouterProvider() {
        this.router = new DefaultApplicationRouter();
    }

    /** A provider whose router reads {@code darFile}. */
    public DefaultApplicationRouterProvider(Path darFile) {
        this.router = new DefaultApplicationRouter(darFile);
    }

    /** The same router instance on every call: the container owns its lifecycle. */
    @Override
    public SipApplicationRouter getSipApplicationRouter() {
        return router;
    }
}
