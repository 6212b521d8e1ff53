/**
 * The service provider interface through which a container discovers and instantiates the
 * deployed application router: a {@link jakarta.servlet.sip.ar.spi.SipApplicationRouterProvider}
 * found with {@link java.util.ServiceLoader} or named by the
 * {@code jakarta.servlet.sip.ar.spi.SipApplicationRouterProvider} system property.
 */
package jakarta.servlet.sip.ar.spi;
