package io.sipcontainer.dispatcher;

import jakarta.servlet.sip.SipServletRequest;

/** The hash keys of a real request, each read only when the algorithm asks for it. */
final class SipRequestKeys implements RequestKeys {
    private static final java.util.regex.Pattern USERNAME =
            java.util.regex.Pattern.compile("(?i)(?:^|[\\s,])username\\s*=\\s*\"([^\"]*)\"");
    private final SipServletRequest request;
    private final PvTemplate pvar;

    SipRequestKeys(SipServletRequest request, PvTemplate pvar) {
        this.request = request;
        this.pvar = pvar;
    }

    @Override
    public String callId() {
        return request.getCallId();
    }

    @Override
    public String fromUri() {
        return safe(() -> request.getFrom().getURI().toString());
    }

    @Override
    public String toUri() {
        return safe(() -> request.getTo().getURI().toString());
    }

    @Override
    public String requestUri() {
        return safe(() -> request.getRequestURI().toString());
    }

    @Override
    public String authUser() {
        return authUser(request);
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String pvar() {
        return pvar == null ? null : pvar.expand(request);
    }

    /**
     * The user of the digest credentials ({@code username="user"} or its part before '@'),
     * Proxy-Authorization first, as Kamailio's {@code ds_hash_authusername}; null without any.
     */
    static String authUser(SipServletRequest request) {
        String user = username(request.getHeader("Proxy-Authorization"));
        return user != null ? user : username(request.getHeader("Authorization"));
    }

    private static String username(String header) {
        if (header == null) {
            return null;
        }
        java.util.regex.Matcher m = USERNAME.matcher(header);
        if (!m.find()) {
            return null;
        }
        String u = m.group(1);
        int at = u.indexOf('@');
        u = at >= 0 ? u.substring(0, at) : u;
        return u.isEmpty() ? null : u;
    }

    private static String safe(java.util.function.Supplier<String> s) {
        try {
            return s.get();
        } catch (RuntimeException unparsable) {
            return null;
        }
    }
}
