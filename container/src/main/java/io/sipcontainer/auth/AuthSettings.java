package io.sipcontainer.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

/**
 * The {@code auth.*} and {@code auth_db.*} settings, Kamailio's modparams of the same names where
 * Kamailio has one: {@code auth.algorithms} (Kamailio has a single {@code algorithm}; this server
 * offers one challenge per listed algorithm), {@code auth.qop}, {@code auth.nonce_expire},
 * {@code auth.nonce_auth_max_drift}, {@code auth.nonce_count}, {@code auth.secret},
 * {@code auth_db.calculate_ha1} and {@code auth_db.use_domain}; {@code auth.check_uri} (on by default)
 * compares the digest {@code uri} with the Request-URI as RFC 2617 3.2.2.5 asks;
 * {@code auth.one_time_nonce} (a nonce authorises one request only) and
 * {@code auth.add_authinfo_hdr} (Authentication-Info on the 2xx) as in Kamailio;
 * {@code auth_db.cache_ttl} (this server's own) keeps looked-up secrets in memory. Every value is read, and checked,
 * even when authentication is disabled, so a mistake is reported at start-up either way.
 */
public record AuthSettings(boolean enabled, List<DigestAlgorithm> algorithms, String qop, int nonceExpire,
        int nonceMaxDrift, boolean nonceCount, String secret, boolean calculateHa1, boolean useDomain,
        boolean checkUri, boolean oneTimeNonce, boolean addAuthinfoHdr, int cacheTtl) {

    /** Settings without a cache of the subscribers' secrets. */
    public AuthSettings(boolean enabled, List<DigestAlgorithm> algorithms, String qop, int nonceExpire,
            int nonceMaxDrift, boolean nonceCount, String secret, boolean calculateHa1, boolean useDomain,
            boolean checkUri, boolean oneTimeNonce, boolean addAuthinfoHdr) {
        this(enabled, algorithms, qop, nonceExpire, nonceMaxDrift, nonceCount, secret, calculateHa1, useDomain,
                checkUri, oneTimeNonce, addAuthinfoHdr, 0);
    }

    /** Settings without one-time nonces nor Authentication-Info. */
    public AuthSettings(boolean enabled, List<DigestAlgorithm> algorithms, String qop, int nonceExpire,
            int nonceMaxDrift, boolean nonceCount, String secret, boolean calculateHa1, boolean useDomain,
            boolean checkUri) {
        this(enabled, algorithms, qop, nonceExpire, nonceMaxDrift, nonceCount, secret, calculateHa1, useDomain,
                checkUri, false, false);
    }

    /** Whether the nonces seen must be remembered: for nonce-count or one-time nonces. */
    public boolean tracksNonces() {
        return nonceCount || oneTimeNonce;
    }

    /** Reads and checks the settings; the secret is null when {@code auth.secret} is not set. */
    public static AuthSettings read(ModuleParams auth, ModuleParams authDb) throws ConfigException {
        boolean enabled = auth.bool("enabled", false);
        List<DigestAlgorithm> algorithms = new ArrayList<>();
        for (String token : auth.string("algorithms", "MD5").split(",")) {
            DigestAlgorithm a = DigestAlgorithm.fromToken(token);
            if (a == null) {
                throw auth.invalid("algorithms", "lists an unsupported algorithm '" + token.strip()
                        + "' (supported: MD5, SHA-256)");
            }
            if (algorithms.contains(a)) {
                throw auth.invalid("algorithms", "lists " + a.token() + " twice");
            }
            algorithms.add(a);
        }
        String qop = qop(auth);
        int expire = auth.integer("nonce_expire", 300, 1, 86_400);
        int drift = auth.integer("nonce_auth_max_drift", 3, 0, 3600);
        boolean nonceCount = auth.bool("nonce_count", false);
        if (nonceCount && qop.isEmpty()) {
            throw auth.invalid("nonce_count", "needs auth.qop = auth: nc is only sent with a qop");
        }
        String secret = auth.string("secret", null);
        if (secret != null && secret.length() < 16) {
            throw auth.invalid("secret", "must be at least 16 characters");
        }
        boolean calculateHa1 = authDb.bool("calculate_ha1", false);
        boolean useDomain = authDb.bool("use_domain", false);
        boolean checkUri = auth.bool("check_uri", true);
        boolean oneTimeNonce = auth.bool("one_time_nonce", false);
        boolean addAuthinfoHdr = auth.bool("add_authinfo_hdr", false);
        int cacheTtl = authDb.integer("cache_ttl", 60, 0, 3600);
        return new AuthSettings(enabled, List.copyOf(algorithms), qop, expire, drift, nonceCount, secret,
                calculateHa1, useDomain, checkUri, oneTimeNonce, addAuthinfoHdr, cacheTtl);
    }

    /** "" (no qop, Kamailio's default), "auth", "auth-int" or "auth,auth-int". */
    private static String qop(ModuleParams auth) throws ConfigException {
        String raw = auth.string("qop", "").strip().toLowerCase(Locale.ROOT);
        List<String> values = new ArrayList<>();
        for (String v : raw.split(",")) {
            String t = v.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (!t.equals("auth") && !t.equals("auth-int")) {
                throw auth.invalid("qop", "expected auth, auth-int, both or \"\", got '" + raw + "'");
            }
            if (!values.contains(t)) {
                values.add(t);
            }
        }
        return String.join(",", values);
    }
}
