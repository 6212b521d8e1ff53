package io.sipcontainer.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;

import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.SipURI;
import jakarta.servlet.sip.TelURL;
import jakarta.servlet.sip.URI;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPRequest;

import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.service.DigestAuth;

/**
 * {@link DigestAuth} on the container's requests: Kamailio's {@code auth_check},
 * {@code auth_challenge} and {@code consume_credentials}. Credentials are read from, and removed
 * from, the JAIN-SIP request underneath, since a received request is committed and the servlet
 * setters refuse to change it. The header found valid by {@link #check} is remembered in a request
 * attribute so {@link #consumeCredentials} removes exactly that one (other realms' credentials stay,
 * for the proxies further on).
 */
final class DigestAuthService implements DigestAuth {
    /** Request attribute holding the header a successful check used. */
    static final String CHECKED_ATTRIBUTE = "io.sipcontainer.auth.checkedCredentials";

    /** The header a check accepted: opaque to applications. */
    private record Checked(String headerName, SIPHeader header) {
    }

    private final AuthSettings settings;
    private final NonceCodec nonces;
    private final DigestVerifier verifier;

    DigestAuthService(AuthSettings settings, NonceCodec nonces, DigestVerifier verifier) {
        this.settings = settings;
        this.nonces = nonces;
        this.verifier = verifier;
    }

    @Override
    public Result check(SipServletRequest request, String realm, boolean checkIdentity) {
        String method = request.getMethod();
        if (method.equals("ACK") || method.equals("CANCEL") || method.equals("PRACK")) {
            return Result.OK; // cannot be challenged: Kamailio lets them through
        }
        String r = realmOf(request, realm);
        if (r == null) {
            return Result.ERROR;
        }
        String headerName = headerName(method);
        List<SIPHeader> headers = new ArrayList<>(2);
        List<String> values = new ArrayList<>(2);
        ListIterator<?> it = jain(request).getHeaders(headerName);
        while (it != null && it.hasNext()) {
            SIPHeader h = (SIPHeader) it.next();
            headers.add(h);
            values.add(h.getHeaderValue());
        }
        if (values.isEmpty()) {
            return Result.NO_CREDENTIALS;
        }
        DigestVerifier.Verdict v = verifier.verify(method, request.getRequestURI().toString(), values, r,
                () -> body(request));
        if (v.result() != Result.OK) {
            return v.result();
        }
        if (checkIdentity) {
            Result identity = checkIdentity(request, v.credentials().user());
            if (identity != Result.OK) {
                return identity;
            }
        }
        request.setAttribute(CHECKED_ATTRIBUTE, new Checked(headerName, headers.get(v.index())));
        if (v.authenticationInfo() != null) { // auth.add_authinfo_hdr: on the 2xx, whoever sends it
            jainOwner(request).addSuccessResponseHeader("Authentication-Info", v.authenticationInfo());
        }
        return Result.OK;
    }

    /**
     * auth_check flag 1: the To user for REGISTER and PUBLISH, the From user otherwise, must be the
     * authenticated user; for REGISTER and PUBLISH also From user = To user (and their domains
     * with use_domain), for PUBLISH also the Request-URI's.
     */
    private Result checkIdentity(SipServletRequest request, String authUser) {
        String method = request.getMethod();
        URI from = request.getFrom().getURI();
        boolean toMatters = method.equals("REGISTER") || method.equals("PUBLISH");
        URI target = toMatters ? request.getTo().getURI() : from;
        if (!authUser.equals(user(target))) {
            return Result.AUTH_USER_MISMATCH;
        }
        if (toMatters) {
            if (!sameParty(from, target)) {
                return Result.AUTH_USER_MISMATCH;
            }
            if (method.equals("PUBLISH") && !sameParty(from, request.getRequestURI())) {
                return Result.AUTH_USER_MISMATCH;
            }
        }
        return Result.OK;
    }

    private boolean sameParty(URI a, URI b) {
        String userA = user(a);
        if (userA == null || !userA.equals(user(b))) {
            return false;
        }
        return !settings.useDomain() || host(a) != null && host(a).equalsIgnoreCase(host(b));
    }

    @Override
    public void challenge(SipServletRequest request, String realm, Result lastCheck) throws IOException {
        String r = realmOf(request, realm);
        if (r == null) {
            throw new IllegalArgumentException("no realm given and the From URI has no host");
        }
        boolean register = request.getMethod().equals("REGISTER");
        SipServletResponse response = register
                ? request.createResponse(401, "Unauthorized")
                : request.createResponse(407, "Proxy Authentication Required");
        boolean stale = lastCheck == Result.STALE_NONCE || lastCheck == Result.NONCE_REUSED;
        String nonce = nonces.issue();
        boolean namedAlgorithm = !settings.algorithms().equals(List.of(DigestAlgorithm.MD5));
        for (DigestAlgorithm a : settings.algorithms()) {
            response.addHeader(register ? "WWW-Authenticate" : "Proxy-Authenticate",
                    challengeValue(r, nonce, settings.qop(), stale, namedAlgorithm ? a : null));
        }
        response.send();
    }

    /**
     * {@code Digest realm="R", nonce="N"[, qop="auth"][, stale=true][, algorithm=A]}, Kamailio's
     * order; the algorithm is left out when MD5 is the only one offered, as Kamailio does.
     */
    static String challengeValue(String realm, String nonce, String qop, boolean stale, DigestAlgorithm algorithm) {
        StringBuilder b = new StringBuilder(96 + realm.length());
        b.append("Digest realm=\"").append(quote(realm)).append("\", nonce=\"").append(nonce).append('"');
        if (!qop.isEmpty()) {
            b.append(", qop=\"").append(qop).append('"');
        }
        if (stale) {
            b.append(", stale=true");
        }
        if (algorithm != null) {
            b.append(", algorithm=").append(algorithm.token());
        }
        return b.toString();
    }

    @Override
    public void consumeCredentials(SipServletRequest request) {
        if (!(request.getAttribute(CHECKED_ATTRIBUTE) instanceof Checked checked)) {
            return; // nothing was authenticated: Kamailio logs "no authorized credentials" and does nothing
        }
        SIPRequest jain = jain(request);
        List<SIPHeader> keep = new ArrayList<>(2);
        ListIterator<?> it = jain.getHeaders(checked.headerName());
        while (it != null && it.hasNext()) {
            SIPHeader h = (SIPHeader) it.next();
            if (h != checked.header()) {
                keep.add(h);
            }
        }
        // removing one element of JAIN-SIP's header list could leave an empty "Name:" line: rebuild it
        jain.removeHeader(checked.headerName());
        for (SIPHeader h : keep) {
            jain.addHeader(h);
        }
        request.removeAttribute(CHECKED_ATTRIBUTE);
    }

    private static String headerName(String method) {
        return method.equals("REGISTER") ? "Authorization" : "Proxy-Authorization";
    }

    /** The realm given, or the From host ($fd, as Kamailio's default configuration passes). */
    private static String realmOf(SipServletRequest request, String realm) {
        if (realm != null && !realm.isEmpty()) {
            return realm;
        }
        return host(request.getFrom().getURI());
    }

    private static String user(URI uri) {
        if (uri instanceof SipURI sip) {
            return sip.getUser();
        }
        if (uri instanceof TelURL tel) {
            return tel.getPhoneNumber();
        }
        return null;
    }

    private static String host(URI uri) {
        return uri instanceof SipURI sip ? sip.getHost().toLowerCase(Locale.ROOT) : null;
    }

    private static String quote(String s) {
        return s.indexOf('"') < 0 && s.indexOf('\\') < 0 ? s : s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static byte[] body(SipServletRequest request) {
        try {
            return request.getRawContent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SIPRequest jain(SipServletRequest request) {
        return jainOwner(request).jainRequest();
    }

    private static SipServletRequestImpl jainOwner(SipServletRequest request) {
        if (request instanceof SipServletRequestImpl impl) {
            return impl;
        }
        throw new IllegalArgumentException("not a request received by this container: " + request.getClass());
    }
}
