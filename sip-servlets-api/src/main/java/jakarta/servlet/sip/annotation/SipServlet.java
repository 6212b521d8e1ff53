package jakarta.servlet.sip.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a SIP servlet without a sip.xml entry. On a subclass of
 * {@link jakarta.servlet.sip.SipServlet} it declares a classic servlet; since 2.0, on any other
 * class it declares a SIP Servlet POJO whose annotated methods (for example {@link Invite})
 * receive the messages.
 *
 * @since 1.1
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SipServlet {

    /** The servlet name; defaults to the simple name of the class when empty. */
    String name() default "";

    /**
     * The application the servlet belongs to; when empty, the application declared by
     * {@link SipApplication} on the servlet's package, or the single application of the archive.
     */
    String applicationName() default "";

    /** A description of the servlet. */
    String description() default "";

    /**
     * Load order at deployment: a non-negative value makes the container initialize the servlet
     * when the application starts, lower values first; a negative value lets the container load
     * it lazily.
     */
    int loadOnStartup() default -1;
}
