package io.sipcontainer.deploy;

import jakarta.servlet.sip.SipServletRequest;

/**
 * A compiled servlet mapping rule: the {@code <pattern>} of a {@code servlet-mapping} in sip.xml,
 * turned into a tree of operators ({@code and}, {@code or}, {@code not}, {@code equal},
 * {@code exists}, {@code contains}, {@code subdomain-of}) over request variables. The dispatcher
 * evaluates the mappings of an application in order against an initial request and invokes the
 * servlet of the first one that matches. Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface Condition {

    /** True when the request satisfies this rule. Never throws for a well-formed request. */
    boolean matches(SipServletRequest request);
}
