package io.sipcontainer.message;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.ServletContext;
import jakarta.servlet.sip.SipServlet;

/**
 * The Require header on the UAS side (RFC 3261 8.2.2.3): a request that requires an extension the
 * UAS does not understand gets 420 Bad Extension listing it in Unsupported. A proxy ignores Require,
 * and the container cannot know before the servlet runs whether the application proxies or answers,
 * so the check is made when the application accepts the request: a 101-299 response sent for a
 * received request it neither proxies nor relays as a B2BUA. Understood are the container's extensions ({@link #CONTAINER},
 * the application's {@link SipServlet#SUPPORTED} context attribute, which it may extend) and any the
 * application names itself in that response's Require or Supported header.
 */
public final class RequiredExtensions {

    /** The extensions the container implements: reliable provisionals, Replaces and Join dialog matching. */
    public static final List<String> CONTAINER = List.of("100rel", "join", "replaces");

    private RequiredExtensions() {
    }

    /** The option tags of {@code response}'s request that nothing here understands; empty when none. */
    static Set<String> unsupported(SipServletResponseImpl response) {
        int status = response.getStatus();
        SipServletRequestImpl request = response.requestImpl();
        if (status <= 100 || status >= 300 || !request.isIncoming() || request.transaction().isProxied()
                || request.transaction().isB2bua()) {
            // a proxy ignores Require; a B2BUA relays it to its other leg, whose far end answers for it
            return Set.of();
        }
        Set<String> required = ReliableProvisionals.optionTags(request.jainMessage(), "Require");
        if (required.isEmpty()) {
            return Set.of();
        }
        Set<String> missing = new LinkedHashSet<>(required);
        missing.removeAll(understood(response));
        return missing;
    }

    private static Set<String> understood(SipServletResponseImpl response) {
        Set<String> tags = new LinkedHashSet<>(CONTAINER);
        tags.addAll(ReliableProvisionals.optionTags(response.jainMessage(), "Require"));
        tags.addAll(ReliableProvisionals.optionTags(response.jainMessage(), "Supported"));
        ServletContext context = response.sipSession() == null || response.sipSession().applicationSession() == null
                ? null : response.sipSession().applicationSession().context().servletContext();
        if (context != null && context.getAttribute(SipServlet.SUPPORTED) instanceof List<?> declared) {
            declared.forEach(t -> tags.add(String.valueOf(t).trim().toLowerCase(Locale.ROOT)));
        }
        return tags;
    }

    /**
     * Sends 420 Bad Extension for the request instead of the application's response and tells the
     * application why, when that response accepts a request requiring what is not understood.
     */
    static void check(SipServletResponseImpl response) {
        Set<String> missing = unsupported(response);
        if (missing.isEmpty()) {
            return;
        }
        String tags = String.join(", ", missing);
        SipServletResponseImpl bad = response.requestImpl().createResponse(420, "Bad Extension", response.sipSession());
        bad.setHeaderInternal("Unsupported", tags);
        try {
            bad.send();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the request requires unsupported extension(s) " + tags
                    + " and the 420 could not be sent: " + e.getMessage(), e);
        }
        throw new IllegalStateException("the request requires unsupported extension(s) " + tags
                + ": the container answered 420 Bad Extension (add them to the application's "
                + SipServlet.SUPPORTED + " context attribute, or to the response's Supported header, if it handles them)");
    }
}
