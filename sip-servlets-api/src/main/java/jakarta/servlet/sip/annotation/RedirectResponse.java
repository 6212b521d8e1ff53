package jakarta.servlet.sip.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a SIP Servlet POJO that handles redirect (3xx) responses. The method's first
 * parameter must be a {@link jakarta.servlet.sip.SipServletResponse}. Combine it with a method
 * annotation such as {@link Invite} to restrict the request method, or with other range
 * annotations to cover several ranges.
 *
 * @since 2.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@SipResponseRange(begin = 300, end = 399)
public @interface RedirectResponse {
}
