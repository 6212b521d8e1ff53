package jakarta.servlet.sip.annotation;

import jakarta.servlet.sip.ConcurrencyMode;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a SIP application and its application-level settings without a sip.xml. Placed on a
 * package (in {@code package-info.java}) it groups the servlets and listeners of that package
 * into the named application; since 2.0 it may also be placed on a class, typically the main SIP
 * Servlet POJO. Servlets and listeners elsewhere join the application through their
 * {@code applicationName} element. Values given in a deployment descriptor take precedence.
 *
 * @since 1.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PACKAGE, ElementType.TYPE})
public @interface SipApplication {

    /** The application name; required and unique within the container. */
    String name();

    /** A name for management tools; defaults to {@link #name()} when empty. */
    String displayName() default "";

    /** Location of a small icon, relative to the archive root. */
    String smallIcon() default "";

    /** Location of a large icon, relative to the archive root. */
    String largeIcon() default "";

    /** A description of the application. */
    String description() default "";

    /** Whether the application may be distributed across the nodes of a cluster. */
    boolean distributable() default false;

    /** Default proxy timeout, in seconds, for proxy branches created by the application. */
    int proxyTimeout() default 180;

    /** Default application session timeout, in minutes; zero or less means no expiry. */
    int sessionTimeout() default 3;

    /**
     * Name of the servlet that receives initial requests for the application, when the
     * application does not use servlet mappings. Required if the application has more than one
     * servlet and no mappings.
     */
    String mainServlet() default "";

    /**
     * The concurrency control the application asks the container for.
     *
     * @since 2.0
     */
    ConcurrencyMode concurrencyMode() default ConcurrencyMode.VENDORSPECIFIC;
}
