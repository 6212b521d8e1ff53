package jakarta.servlet.sip.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a listener without a sip.xml entry. The listener kinds are inferred from the SIP (and
 * servlet) listener interfaces the class implements, for example
 * {@link jakarta.servlet.sip.SipSessionListener} or {@link jakarta.servlet.sip.TimerListener}.
 *
 * @since 1.1
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SipListener {

    /** The application the listener belongs to; when empty, resolved as for {@link SipServlet}. */
    String applicationName() default "";

    /** A description of the listener. */
    String description() default "";
}
