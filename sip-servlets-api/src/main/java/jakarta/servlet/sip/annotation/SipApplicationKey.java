package jakarta.servlet.sip.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method that computes the application session key of an initial request, so that the
 * container associates the request (and its new {@link jakarta.servlet.sip.SipSession}) with
 * the existing {@link jakarta.servlet.sip.SipApplicationSession} of that key, creating it if
 * needed. The annotated method must be public and static, return a String, take a single
 * {@link jakarta.servlet.sip.SipServletRequest} and not modify it; otherwise deployment fails.
 * An application may have at most one such method.
 *
 * @since 1.1
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SipApplicationKey {

    /** The application the key method belongs to; when empty, resolved as for {@link SipServlet}. */
    String applicationName() default "";
}
