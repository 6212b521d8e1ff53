package jakarta.servlet.sip.ar.spi;

import jakarta.servlet.sip.ar.SipApplicationRouter;

/**
 * Factory an application router implementation ships so that a container can create the router
 * without knowing its class. The container locates the provider through
 * {@link java.util.ServiceLoader} (a {@code META-INF/services} entry) or through the system
 * property {@code jakarta.servlet.sip.ar.spi.SipApplicationRouterProvider} naming the provider
 * class, and falls back to its default application router when none is configured.
 *
 * @since 1.1
 */
public abstract class SipApplicationRouterProvider {

    /** Creates a provider; subclasses must keep a public no-argument constructor. */
    protected SipApplicationRouterProvider() {
    }

    /** Returns the application router this provider supplies. */
    public abstract SipApplicationRouter getSipApplicationRouter();
}
