package io.sipcontainer.message;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import javax.sip.header.WWWAuthenticateHeader;

import jakarta.servlet.sip.AuthInfo;

/**
 * Client-side digest authentication (RFC 3261 22, RFC 2617, RFC 8760 for SHA-256): the credentials
 * an application gives ({@link AuthInfo}, or one user name and password) answer each challenge of a
 * 401 or 407 with an Authorization or Proxy-Authorization header for the request to send again.
 * MD5 and SHA-256, their -sess variants, qop "auth" or none; a challenge whose algorithm or realm
 * has no credentials is left unanswered.
 */
public final class DigestCredentials implements AuthInfo {

    record Entry(int status, String realm, String user, String password) { }

    private final List<Entry> entries = new ArrayList<>();
    private String anyUser;
    private String anyPassword;

    @Override
    public synchronized void addAuthInfo(int statusCode, String realm, String username, String password) {
        if (statusCode != 401 && statusCode != 407) {
            throw new IllegalArgumentException("credentials answer 401 or 407, not " + statusCode);
        }
        entries.add(new Entry(statusCode, realm, username, password));
    }

    private synchronized Entry lookup(int status, String realm) {
        for (Entry e : entries) {
            if (e.status() == status && e.realm().equals(realm)) {
                return e;
            }
        }
        return anyUser == null ? null : new Entry(status, realm, anyUser, anyPassword);
    }

    /** Credentials that answer every realm of a challenge with one user name and password. */
    static DigestCredentials single(String user, String password) {
        DigestCredentials c = new DigestCredentials();
        c.anyUser = user;
        c.anyPassword = password;
        return c;
    }

    /** Adds to {@code request} one authorization header per realm of {@code challenge} it has credentials for. */
    void answer(SipServletResponseImpl challenge, SipServletRequestImpl request) {
        int status = challenge.getStatus();
        if (status != 401 && status != 407) {
            throw new IllegalArgumentException("not a challenge: " + status);
        }
        String challengeName = status == 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
        String answerName = status == 401 ? "Authorization" : "Proxy-Authorization";
        ListIterator<?> it = challenge.jainResponse().getHeaders(challengeName);
        java.util.Set<String> answered = new java.util.HashSet<>();
        while (it != null && it.hasNext()) {
            if (!(it.next() instanceof WWWAuthenticateHeader c) || !"Digest".equalsIgnoreCase(c.getScheme())
                    || answered.contains(c.getRealm())) {
                // one answer per realm: to the topmost challenge of an algorithm we do (RFC 8760 2.4)
                continue;
            }
            Entry credentials = lookup(status, c.getRealm());
            String value = credentials == null ? null : authorization(c, credentials, request.getMethod(),
                    request.getRequestURI().toString(), Long.toHexString(ThreadLocalRandom.current().nextLong()));
            if (value != null) {
                request.addHeaderInternal(answerName, value);
                answered.add(c.getRealm());
            }
        }
    }

    /** The header value answering one challenge; null for an algorithm or qop this does not do. */
    static String authorization(WWWAuthenticateHeader c, Entry e, String method, String uri, String cnonce) {
        String algorithm = c.getAlgorithm() == null ? "MD5" : c.getAlgorithm();
        String base = algorithm.toUpperCase(Locale.ROOT).replace("-SESS", "");
        String hash = switch (base) {
            case "MD5" -> "MD5";
            case "SHA-256" -> "SHA-256";
            default -> null;
        };
        String qop = qopAuth(c.getQop());
        if (hash == null || (c.getQop() != null && qop == null)) {
            return null;
        }
        String nc = "00000001";
        String ha1 = hex(hash, e.user() + ":" + c.getRealm() + ":" + e.password());
        if (algorithm.toUpperCase(Locale.ROOT).endsWith("-SESS")) {
            ha1 = hex(hash, ha1 + ":" + c.getNonce() + ":" + cnonce);
        }
        String ha2 = hex(hash, method + ":" + uri);
        String response = qop == null ? hex(hash, ha1 + ":" + c.getNonce() + ":" + ha2)
                : hex(hash, ha1 + ":" + c.getNonce() + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
        StringBuilder h = new StringBuilder("Digest username=\"").append(e.user())
                .append("\", realm=\"").append(c.getRealm())
                .append("\", nonce=\"").append(c.getNonce())
                .append("\", uri=\"").append(uri)
                .append("\", response=\"").append(response)
                .append("\", algorithm=").append(algorithm);
        if (c.getOpaque() != null) {
            h.append(", opaque=\"").append(c.getOpaque()).append('"');
        }
        if (qop != null) {
            h.append(", qop=").append(qop).append(", nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
        }
        return h.toString();
    }

    /** "auth" when the server offers it; null when it offers no qop or only others. */
    private static String qopAuth(String offered) {
        if (offered == null) {
            return null;
        }
        for (String q : offered.split(",")) {
            if (q.strip().equalsIgnoreCase("auth")) {
                return "auth";
            }
        }
        return null;
    }

    static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
