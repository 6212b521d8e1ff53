package jakarta.servlet.sip.annotation;

import jakarta.servlet.sip.SipServletResponse;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a SIP Servlet POJO that handles intermediate final responses arriving on a
 * {@link jakarta.servlet.sip.ProxyBranch}, that is responses for which
 * {@link SipServletResponse#isBranchResponse()} is true (the equivalent of
 * {@code SipServlet.doBranchResponse}). The method's first parameter must be a
 * {@link SipServletResponse}.
 *
 * @since 2.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@SipPredicate(BranchResponse.Predicate.class)
public @interface BranchResponse {

    /** Accepts exactly the responses that are branch responses of a proxy. */
    class Predicate implements jakarta.servlet.sip.Predicate<SipServletResponse> {

        /** Returns whether the response is an intermediate final response of a proxy branch. */
        @Override
        public boolean apply(SipServletResponse response) {
            return response.isBranchResponse();
        }
    }
}
