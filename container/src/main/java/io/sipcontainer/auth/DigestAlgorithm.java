package io.sipcontainer.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The digest hash functions SIP uses (RFC 2617 for MD5, RFC 8760 for SHA-256) and the RFC 2617 /
 * RFC 7616 computations built on them: HA1, HA2 and the request-digest, all lower-case hex. The
 * {@link MessageDigest} of each algorithm is kept per thread, since worker threads authenticate
 * many requests and the instances are not thread-safe.
 */
public enum DigestAlgorithm {
    MD5("MD5", "MD5"),
    SHA_256("SHA-256", "SHA-256");

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String token;
    private final ThreadLocal<MessageDigest> digest;

    DigestAlgorithm(String token, String jcaName) {
        this.token = token;
        this.digest = ThreadLocal.withInitial(() -> {
            try {
                return MessageDigest.getInstance(jcaName);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(jcaName + " is required of every Java platform", e);
            }
        });
    }

    /** The name used in the {@code algorithm} parameter: {@code MD5} or {@code SHA-256}. */
    public String token() {
        return token;
    }

    /** Length of a hash of this algorithm in hex digits (32 or 64). */
    public int hexLength() {
        return this == MD5 ? 32 : 64;
    }

    /** The algorithm named by an {@code algorithm} parameter (case-insensitive), or null if unsupported. */
    public static DigestAlgorithm fromToken(String token) {
        for (DigestAlgorithm a : values()) {
            if (a.token.equalsIgnoreCase(token.strip())) {
                return a;
            }
        }
        return null;
    }

    /** H(data): the hex hash of the UTF-8 bytes of {@code data}. */
    public String hash(String data) {
        return hash(data.getBytes(StandardCharsets.UTF_8));
    }

    /** H(data) of raw bytes (the entity body for qop=auth-int). */
    public String hash(byte[] data) {
        MessageDigest md = digest.get();
        md.reset();
        return hex(md.digest(data));
    }

    /** HA1 = H(username ":" realm ":" password). */
    public String ha1(String username, String realm, String password) {
        return hash(username + ":" + realm + ":" + password);
    }

    /**
     * The request-digest (RFC 2617 3.2.2.1, RFC 7616 3.4.1). Without {@code qop} it is
     * H(HA1:nonce:HA2) (RFC 2069); with qop {@code auth} or {@code auth-int} it is
     * H(HA1:nonce:nc:cnonce:qop:HA2). HA2 is H(method:uri), or H(method:uri:H(body)) for auth-int.
     */
    public String response(String ha1, String nonce, String nc, String cnonce, String qop, String method,
            String uri, byte[] body) {
        String a2 = method + ":" + uri;
        if (qop != null && qop.equalsIgnoreCase("auth-int")) {
            a2 = a2 + ":" + hash(body == null ? new byte[0] : body);
        }
        String ha2 = hash(a2);
        if (qop == null || qop.isEmpty()) {
            return hash(ha1 + ":" + nonce + ":" + ha2);
        }
        return hash(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
