package io.sipcontainer.it.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.ListIterator;

import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The client side of SIP digest authentication (RFC 2617, RFC 8760 for SHA-256), computed with
 * {@link MessageDigest} independently of the container's own code, so a test can answer the
 * server's challenges the way a phone does.
 */
public final class DigestAnswer {

    private DigestAnswer() {
    }

    /** The challenges of a 401 (WWW-Authenticate) or 407 (Proxy-Authenticate), in order. */
    public static List<WWWAuthenticateHeader> challenges(Response r) {
        String name = r.getStatusCode() == 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
        List<WWWAuthenticateHeader> out = new ArrayList<>();
        for (ListIterator<?> it = r.getHeaders(name); it.hasNext();) {
            out.add((WWWAuthenticateHeader) it.next());
        }
        return out;
    }

    /** The challenge offering {@code algorithm} (MD5 also matches a challenge naming none). */
    public static WWWAuthenticateHeader challenge(Response r, String algorithm) {
        for (WWWAuthenticateHeader c : challenges(r)) {
            String offered = c.getAlgorithm() == null ? "MD5" : c.getAlgorithm();
            if (offered.equalsIgnoreCase(algorithm)) {
                return c;
            }
        }
        throw new AssertionError("no " + algorithm + " challenge in " + r);
    }

    /**
     * Adds credentials answering {@code challenge} to {@code r} (Authorization for REGISTER,
     * Proxy-Authorization otherwise): with qop=auth when {@code useQop} and the challenge offers
     * it, in the RFC 2069 form otherwise; {@code nonce} may differ from the challenge's.
     */
    public static Request answer(Request r, WWWAuthenticateHeader challenge, String user, String password,
            boolean useQop, String nonce) {
        String algorithm = challenge.getAlgorithm() == null ? "MD5" : challenge.getAlgorithm();
        String jca = algorithm.equals("SHA-256") ? "SHA-256" : "MD5";
        String uri = r.getRequestURI().toString();
        String ha1 = h(jca, user + ":" + challenge.getRealm() + ":" + password);
        String ha2 = h(jca, r.getMethod() + ":" + uri);
        boolean qop = useQop && challenge.getQop() != null;
        String response = qop ? h(jca, ha1 + ":" + nonce + ":00000001:4a5b6c:auth:" + ha2)
                : h(jca, ha1 + ":" + nonce + ":" + ha2);
        String value = "Digest username=\"" + user + "\", realm=\"" + challenge.getRealm() + "\", nonce=\"" + nonce
                + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=" + algorithm
                + (qop ? ", qop=auth, nc=00000001, cnonce=\"4a5b6c\"" : "");
        try {
            r.addHeader(headers().createHeader(
                    r.getMethod().equals("REGISTER") ? "Authorization" : "Proxy-Authorization", value));
        } catch (ParseException e) {
            throw new IllegalArgumentException("cannot build credentials " + value, e);
        }
        return r;
    }

    /** Answers {@code challenge} with its own nonce, with qop=auth when offered. */
    public static Request answer(Request r, WWWAuthenticateHeader challenge, String user, String password) {
        return answer(r, challenge, user, password, true, challenge.getNonce());
    }

    private static HeaderFactory headers() {
        try {
            return SipFactory.getInstance().createHeaderFactory();
        } catch (PeerUnavailableException e) {
            throw new IllegalStateException("no JAIN-SIP header factory", e);
        }
    }

    private static String h(String algorithm, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
