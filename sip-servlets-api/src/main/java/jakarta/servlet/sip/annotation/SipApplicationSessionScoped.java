package jakarta.servlet.sip.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * CDI scope whose context is the current {@link jakarta.servlet.sip.SipApplicationSession}: one
 * bean instance per application session, created on first use while a message, timer or
 * listener of that application session is being handled, and destroyed when the application
 * session is invalidated. Beans of this scope should be serializable, as the application session
 * may be passivated or replicated.
 * <p>
 * It is a normal, passivating scope. This API does not depend on the CDI API, so the annotation
 * is not meta-annotated with {@code @NormalScope}: a container offering CDI registers it through
 * {@code BeforeBeanDiscovery.addScope(SipApplicationSessionScoped.class, true, true)}.
 *
 * @since 2.0
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD})
public @interface SipApplicationSessionScoped {
}
