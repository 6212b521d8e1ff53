package jakarta.servlet.sip.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * CDI scope whose context is one invocation of the application by the container: the handling of
 * one SIP message, timer expiry or listener callback. A bean instance lives from its first use
 * during that invocation until the invocation returns.
 * <p>
 * It is a normal scope. This API does not depend on the CDI API, so the annotation is not
 * meta-annotated with {@code @NormalScope}: a container offering CDI registers it through
 * {@code BeforeBeanDiscovery.addScope(SipInvocationScoped.class, true, false)}.
 *
 * @since 2.0
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD})
public @interface SipInvocationScoped {
}
