package io.sipcontainer.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.parser.StringMsgParser;

import io.sipcontainer.service.DigestAuth.Result;

/**
 * The digest check of Kamailio's auth + auth_db, on plain values so it can be tested without a
 * SIP stack: find the credentials of the realm among the header values, check they are complete
 * and use an enabled algorithm, check the nonce (signature, then freshness: a stale nonce is
 * reported without looking at the password, as Kamailio does), look the user up, recompute the
 * response from the stored or computed HA1 and compare in constant time, and finally, with
 * {@code nonce_count}, refuse an nc not higher than the last accepted for that nonce. The count is
 * recorded only for a correct response, so a forged request cannot use up a client's counts.
 * With {@code one_time_nonce} a nonce authorises one request only, whatever its nc: its second use
 * is {@link Result#NONCE_REUSED}, answered with a fresh challenge marked {@code stale=true}. Both use
 * the same table, shared by the cluster, so a nonce used on one node is used up on every node. A
 * retransmission never gets this far: the server transaction absorbs it and repeats its answer.
 */
final class DigestVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(DigestVerifier.class);

    /** The subscriber's stored secrets by user part and domain (the realm when the username has none). */
    @FunctionalInterface
    interface SubscriberLookup {
        Optional<SubscriberStore.Secrets> find(String user, String domain) throws SQLException;
    }

    /**
     * The outcome, with the credentials checked and their position among the header values (-1 if
     * none), and for an OK with {@code add_authinfo_hdr} the Authentication-Info value (else null).
     */
    record Verdict(Result result, int index, DigestCredentials credentials, String authenticationInfo) {
        Verdict(Result result, int index, DigestCredentials credentials) {
            this(result, index, credentials, null);
        }
    }

    private final AuthSettings settings;
    private final NonceCodec nonces;
    private final NonceCounter counter;
    private final SubscriberLookup subscribers;

    DigestVerifier(AuthSettings settings, NonceCodec nonces, NonceCounter counter, SubscriberLookup subscribers) {
        this.settings = settings;
        this.nonces = nonces;
        this.counter = counter;
        this.subscribers = subscribers;
    }

    /**
     * Checks the credentials of {@code realm} among {@code headerValues} for a request with this
     * method and Request-URI (whose text is compared with the digest {@code uri}).
     */
    Verdict verify(String method, String requestUri, List<String> headerValues, String realm, Supplier<byte[]> body) {
        DigestCredentials c = null;
        int index = -1;
        for (int i = 0; i < headerValues.size(); i++) {
            DigestCredentials parsed = DigestCredentials.parse(headerValues.get(i));
            if (parsed != null && realm.equals(parsed.realm())) {
                c = parsed;
                index = i;
                break;
            }
        }
        if (c == null) {
            return new Verdict(Result.NO_CREDENTIALS, -1, null);
        }
        String[] info = new String[1];
        Result result = verify(method, requestUri, c, realm, body, info);
        return new Verdict(result, index, c, result == Result.OK ? info[0] : null);
    }

    private Result verify(String method, String requestUri, DigestCredentials c, String realm, Supplier<byte[]> body,
            String[] authenticationInfo) {
        if (!c.isComplete()) {
            LOG.debug("auth: incomplete credentials from {}", c.username());
            return Result.ERROR;
        }
        // RFC 2617 3.2.2.5: a response computed for another resource must not authorise this one,
        // or a captured Authorization could be replayed against a different Request-URI
        if (settings.checkUri() && !sameUri(c.uri(), requestUri)) {
            LOG.debug("auth: digest uri {} is not the Request-URI {}", c.uri(), requestUri);
            return Result.ERROR;
        }
        DigestAlgorithm algorithm = c.algorithm() == null ? DigestAlgorithm.MD5 : DigestAlgorithm.fromToken(c.algorithm());
        if (algorithm == null || !settings.algorithms().contains(algorithm)) {
            LOG.debug("auth: algorithm {} not enabled", c.algorithm());
            return Result.ERROR;
        }
        if (c.qop() != null && !c.qop().equalsIgnoreCase("auth") && !c.qop().equalsIgnoreCase("auth-int")) {
            return Result.ERROR;
        }
        if (c.response().length() != algorithm.hexLength()) {
            return Result.ERROR;
        }
        switch (nonces.check(c.nonce())) {
            case INVALID:
                LOG.debug("auth: nonce not issued with this secret");
                return Result.ERROR;
            case STALE:
                return Result.STALE_NONCE;
            default:
                break;
        }
        long nc = 0;
        boolean oneTime = counter != null && settings.oneTimeNonce();
        boolean countNonce = counter != null && !oneTime && c.qop() != null;
        if (countNonce) {
            nc = parseNonceCount(c.nc());
            if (nc <= 0) {
                return Result.ERROR;
            }
        }
        String domain = c.userDomain() != null ? c.userDomain() : realm;
        Optional<SubscriberStore.Secrets> found;
        try {
            found = subscribers.find(c.user(), domain);
        } catch (SQLException e) {
            LOG.warn("auth: cannot read the subscriber table: {}", e.getMessage());
            return Result.ERROR;
        }
        if (found.isEmpty()) {
            return Result.USER_UNKNOWN;
        }
        String ha1 = ha1(found.get(), c, realm, algorithm);
        if (ha1 == null || ha1.isEmpty()) {
            return Result.INVALID_PASSWORD;
        }
        byte[] entity = "auth-int".equalsIgnoreCase(c.qop()) ? body.get() : null; // read only when hashed
        String expected = algorithm.response(ha1.toLowerCase(Locale.ROOT), c.nonce(), c.nc(), c.cnonce(), c.qop(),
                method, c.uri(), entity);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                c.response().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return Result.INVALID_PASSWORD;
        }
        if (countNonce && !counter.accept(c.nonce(), NonceCodec.expiresAt(c.nonce()), nc)) {
            return Result.NONCE_REUSED;
        }
        if (oneTime && !counter.accept(c.nonce(), NonceCodec.expiresAt(c.nonce()), 1)) {
            return Result.NONCE_REUSED; // any second use, whatever nc it claims
        }
        if (settings.addAuthinfoHdr()) {
            authenticationInfo[0] = authenticationInfo(algorithm, ha1.toLowerCase(Locale.ROOT), c);
        }
        return Result.OK;
    }

    /**
     * RFC 2617 3.2.3: with a qop, {@code qop=auth, rspauth="...", cnonce="...", nc=...}, where
     * rspauth is the response computed with an empty method, proving the server knows the secret
     * too; for auth-int the reply body is taken as empty (a REGISTER's 200 has none). With
     * one-time nonces a {@code nextnonce} lets the client skip the next challenge. Null when there
     * is nothing to say (no qop, no one-time nonces).
     */
    private String authenticationInfo(DigestAlgorithm algorithm, String ha1, DigestCredentials c) {
        List<String> parts = new ArrayList<>(5);
        if (c.qop() != null) {
            String qop = c.qop().toLowerCase(Locale.ROOT);
            String rspauth = algorithm.response(ha1, c.nonce(), c.nc(), c.cnonce(), qop, "", c.uri(), new byte[0]);
            parts.add("qop=" + qop);
            parts.add("rspauth=\"" + rspauth + "\"");
            parts.add("cnonce=\"" + c.cnonce().replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            parts.add("nc=" + c.nc());
        }
        if (settings.oneTimeNonce()) {
            parts.add("nextnonce=\"" + nonces.issue() + "\"");
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    /**
     * Whether the digest {@code uri} names the Request-URI: the same text (clients copy it), or
     * equal SIP URIs by RFC 3261 19.1.4 (case of host and scheme, parameter order).
     */
    static boolean sameUri(String digestUri, String requestUri) {
        if (digestUri.equalsIgnoreCase(requestUri)) {
            return true;
        }
        try {
            StringMsgParser parser = new StringMsgParser();
            return parser.parseUrl(digestUri.trim()).equals(parser.parseUrl(requestUri.trim()));
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }

    /** auth_db: HA1 from the plaintext with calculate_ha1, else the stored column for the algorithm. */
    private String ha1(SubscriberStore.Secrets s, DigestCredentials c, String realm, DigestAlgorithm algorithm) {
        if (settings.calculateHa1()) {
            return s.password().isEmpty() ? null : algorithm.ha1(c.username(), realm, s.password());
        }
        boolean withDomain = c.userDomain() != null;
        if (algorithm == DigestAlgorithm.MD5) {
            return withDomain ? s.ha1b() : s.ha1();
        }
        return withDomain ? s.ha1bSha256() : s.ha1Sha256();
    }

    /** nc is 8 hex digits (RFC 2617 3.2.2); 0 or -1 for a missing or malformed one. */
    private static long parseNonceCount(String nc) {
        if (nc == null || nc.isEmpty() || nc.length() > 8) {
            return -1;
        }
        try {
            return Long.parseLong(nc, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
