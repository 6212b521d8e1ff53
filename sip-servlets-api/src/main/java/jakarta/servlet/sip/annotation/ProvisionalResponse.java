package jakarta.servlet.sip.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a SIP Servlet POJO that handles provisional (101-199) responses; 100 Trying
 * is hop-by-hop and never reaches applications. The method's first parameter must be a
 * {@link jakarta.servlet.sip.SipServletResponse}. Combine it with a method annotation such as
 * {@link Invite} to restrict the request method, or with other range annotations to cover several
 * ranges.
 *
 * @since 2.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@SipResponseRange(begin = 101, end = 199)
public @interface ProvisionalResponse {
}
