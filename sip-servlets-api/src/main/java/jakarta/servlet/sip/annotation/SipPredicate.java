package jakarta.servlet.sip.annotation;

import jakarta.servlet.sip.Predicate;
import jakarta.servlet.sip.SipServletMessage;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Meta-annotation attaching an arbitrary test to a method annotation: the POJO method only
 * handles messages for which the {@link Predicate} returns true, in addition to the conditions of
 * any other SIP meta-annotations present. The container instantiates the predicate class through
 * its public no-argument constructor; its type argument must fit the method's first parameter.
 * {@link BranchResponse} is the built-in example.
 *
 * @since 2.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.ANNOTATION_TYPE)
public @interface SipPredicate {

    /** The predicate class evaluated against each candidate message. */
    Class<? extends Predicate<? extends SipServletMessage>> value();
}
