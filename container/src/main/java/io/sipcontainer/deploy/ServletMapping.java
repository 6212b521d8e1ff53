package io.sipcontainer.deploy;

import jakarta.servlet.sip.SipServletRequest;
import java.util.Objects;

/**
 * One SIP Servlet 1.0 style mapping: the servlet to invoke for initial requests matching a rule.
 * An application that selects servlets this way lists its mappings in descriptor order, and the
 * first match wins.
 */
public record ServletMapping(String servletName, Condition condition) {

    public ServletMapping {
        Objects.requireNonNull(servletName, "servletName");
        Objects.requireNonNull(condition, "condition");
    }

    /** Shorthand for {@code condition().matches(request)}. */
    public boolean matches(SipServletRequest request) {
        return condition.matches(request);
    }
}
