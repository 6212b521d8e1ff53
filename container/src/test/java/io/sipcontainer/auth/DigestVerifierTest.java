package io.sipcontainer.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sipcontainer.db.Database;
import io.sipcontainer.service.DigestAuth.Result;

/**
 * The auth_check outcomes, with Kamailio's return values, against a real subscriber table. The
 * client side is computed here with {@link MessageDigest} directly, not with the code under test.
 */
class DigestVerifierTest {
    private static final String REALM = "example.com";
    private static final String URI = "sip:example.com";
    private final AtomicLong now = new AtomicLong(1_700_000_000L);
    private final Database db = Database.inMemory("verifier-" + UUID.randomUUID());
    private final NonceCodec nonces = new NonceCodec("0123456789abcdef".getBytes(StandardCharsets.UTF_8), 300, 3,
            now::get);

    DigestVerifierTest() throws Exception {
        SubscriberStore store = new SubscriberStore(db, true);
        store.migrate();
        store.add("alice", REALM, "wonderland");
        store.add("bob", "other.org", "builder");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private DigestVerifier verifier(boolean calculateHa1, boolean useDomain, boolean nonceCount, DigestAlgorithm... algs) {
        AuthSettings s = new AuthSettings(true, List.of(algs), "auth", 300, 3, nonceCount, null, calculateHa1,
                useDomain, true);
        SubscriberStore store = new SubscriberStore(db, calculateHa1);
        return new DigestVerifier(s, nonces, nonceCount ? new NonceCounter(100, now::get) : null,
                (user, domain) -> store.secrets(user, domain, useDomain));
    }

    private DigestVerifier md5() {
        return verifier(false, false, false, DigestAlgorithm.MD5, DigestAlgorithm.SHA_256);
    }

    private static String h(String alg, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a client sends; qop null for the RFC 2069 form. */
    private static String credentials(String alg, String user, String realm, String password, String nonce,
            String method, String qop, String nc) {
        String jca = alg == null || alg.equals("MD5") ? "MD5" : "SHA-256";
        String ha1 = h(jca, user + ":" + realm + ":" + password);
        String ha2 = h(jca, method + ":" + URI);
        String response = qop == null ? h(jca, ha1 + ":" + nonce + ":" + ha2)
                : h(jca, ha1 + ":" + nonce + ":" + nc + ":c0ffee:" + qop + ":" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + URI
                + "\", response=\"" + response + "\"" + (alg == null ? "" : ", algorithm=" + alg)
                + (qop == null ? "" : ", qop=" + qop + ", nc=" + nc + ", cnonce=\"c0ffee\"");
    }

    private Result check(DigestVerifier v, String method, String... headers) {
        return v.verify(method, URI, List.of(headers), REALM, () -> new byte[0]).result();
    }

    @Test
    void aResponseForAnotherRequestUriIsRefusedEvenWithTheRightPassword() {
        String header = credentials(null, "alice", REALM, "wonderland", nonces.issue(), "INVITE", null, null);
        assertEquals(Result.OK, md5().verify("INVITE", "SIP:EXAMPLE.COM", List.of(header), REALM,
                () -> new byte[0]).result(), "equal SIP URIs in another case");
        assertEquals(Result.ERROR, md5().verify("INVITE", "sip:premium@example.com", List.of(header), REALM,
                () -> new byte[0]).result(), "RFC 2617 3.2.2.5: the uri must name the Request-URI");
    }

    @Test
    void correctMd5ResponseWithAndWithoutQopIsAccepted() {
        assertEquals(Result.OK, check(md5(), "REGISTER",
                credentials(null, "alice", REALM, "wonderland", nonces.issue(), "REGISTER", null, null)));
        assertEquals(Result.OK, check(md5(), "MESSAGE",
                credentials("MD5", "alice", REALM, "wonderland", nonces.issue(), "MESSAGE", "auth", "00000001")));
    }

    @Test
    void sha256ResponseIsAcceptedOnlyWhenEnabled() {
        String sha = credentials("SHA-256", "alice", REALM, "wonderland", nonces.issue(), "INVITE", "auth", "00000001");
        assertEquals(Result.OK, check(md5(), "INVITE", sha));
        assertEquals(Result.ERROR, check(verifier(false, false, false, DigestAlgorithm.MD5), "INVITE", sha));
    }

    @Test
    void wrongPasswordUnknownUserAndMissingCredentialsHaveKamailiosCodes() {
        assertEquals(Result.INVALID_PASSWORD, check(md5(), "REGISTER",
                credentials(null, "alice", REALM, "guess", nonces.issue(), "REGISTER", null, null)));
        assertEquals(Result.USER_UNKNOWN, check(md5(), "REGISTER",
                credentials(null, "mallory", REALM, "x", nonces.issue(), "REGISTER", null, null)));
        assertEquals(Result.NO_CREDENTIALS, check(md5(), "REGISTER",
                credentials(null, "alice", "elsewhere.net", "wonderland", nonces.issue(), "REGISTER", null, null)));
        assertEquals(-2, Result.INVALID_PASSWORD.code);
        assertEquals(-3, Result.USER_UNKNOWN.code);
        assertEquals(-5, Result.NO_CREDENTIALS.code);
    }

    @Test
    void credentialsOfTheRealmArePickedAmongSeveral() {
        DigestVerifier.Verdict v = md5().verify("MESSAGE", URI, List.of(
                credentials(null, "alice", "elsewhere.net", "x", "n", "MESSAGE", null, null),
                credentials(null, "alice", REALM, "wonderland", nonces.issue(), "MESSAGE", null, null)),
                REALM, () -> null);
        assertEquals(Result.OK, v.result());
        assertEquals(1, v.index());
    }

    @Test
    void responseForAnotherMethodFails() {
        assertEquals(Result.INVALID_PASSWORD, check(md5(), "INVITE",
                credentials(null, "alice", REALM, "wonderland", nonces.issue(), "MESSAGE", null, null)));
    }

    @Test
    void expiredNonceIsStaleAndForgedNonceIsAnError() {
        String nonce = nonces.issue();
        now.addAndGet(301);
        assertEquals(Result.STALE_NONCE, check(md5(), "REGISTER",
                credentials(null, "alice", REALM, "wonderland", nonce, "REGISTER", null, null)));
        assertEquals(Result.ERROR, check(md5(), "REGISTER",
                credentials(null, "alice", REALM, "wonderland", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "REGISTER", null,
                        null)));
    }

    @Test
    void incompleteOrMalformedCredentialsAreAnError() {
        String good = credentials(null, "alice", REALM, "wonderland", nonces.issue(), "REGISTER", null, null);
        assertEquals(Result.ERROR, check(md5(), "REGISTER", good.replace(", uri=\"" + URI + "\"", "")));
        assertEquals(Result.ERROR, check(md5(), "REGISTER", good.replaceAll("response=\"[0-9a-f]+\"", "response=\"abc\"")));
        assertEquals(Result.ERROR, check(md5(), "REGISTER", good + ", algorithm=MD5-sess"));
    }

    @Test
    void upperCaseHexResponseIsAccepted() {
        String c = credentials(null, "alice", REALM, "wonderland", nonces.issue(), "REGISTER", null, null);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("response=\"([0-9a-f]+)\"").matcher(c);
        m.find();
        assertEquals(Result.OK, check(md5(), "REGISTER", c.replace(m.group(1), m.group(1).toUpperCase())));
    }

    @Test
    void storedHa1ColumnsServeBothAlgorithmsAndUsernamesWithDomain() {
        DigestVerifier stored = verifier(false, false, false, DigestAlgorithm.MD5, DigestAlgorithm.SHA_256);
        assertEquals(Result.OK, check(stored, "MESSAGE",
                credentials("SHA-256", "alice", REALM, "wonderland", nonces.issue(), "MESSAGE", null, null)));
        assertEquals(Result.OK, check(stored, "MESSAGE",
                credentials(null, "alice@example.com", REALM, "wonderland", nonces.issue(), "MESSAGE", null, null)),
                "ha1b");
        assertEquals(Result.OK, check(stored, "MESSAGE",
                credentials("SHA-256", "alice@example.com", REALM, "wonderland", nonces.issue(), "MESSAGE", null, null)),
                "ha1b_sha256");
    }

    @Test
    void calculatedHa1UsesTheRealmSoAUserOfAnotherDomainAuthenticatesWithoutUseDomain() {
        String bob = credentials(null, "bob", REALM, "builder", nonces.issue(), "REGISTER", null, null);
        assertEquals(Result.OK, check(verifier(true, false, false, DigestAlgorithm.MD5), "REGISTER", bob));
        assertEquals(Result.USER_UNKNOWN, check(verifier(true, true, false, DigestAlgorithm.MD5), "REGISTER", bob));
        assertEquals(Result.INVALID_PASSWORD, check(verifier(false, false, false, DigestAlgorithm.MD5), "REGISTER", bob),
                "the stored ha1 was computed with bob's own domain as realm");
    }

    @Test
    void calculatedHa1WithoutStoredPlaintextFails() throws Exception {
        SubscriberStore hashesOnly = new SubscriberStore(db, false);
        hashesOnly.add("dave", REALM, "pw");
        assertEquals(Result.INVALID_PASSWORD, check(verifier(true, false, false, DigestAlgorithm.MD5), "REGISTER",
                credentials(null, "dave", REALM, "pw", nonces.issue(), "REGISTER", null, null)));
    }

    @Test
    void nonceCountReplayIsRefusedOnlyAfterACorrectResponse() {
        DigestVerifier v = verifier(false, false, true, DigestAlgorithm.MD5);
        String nonce = nonces.issue();
        assertEquals(Result.INVALID_PASSWORD, check(v, "MESSAGE",
                credentials("MD5", "alice", REALM, "wrong", nonce, "MESSAGE", "auth", "00000001")));
        String first = credentials("MD5", "alice", REALM, "wonderland", nonce, "MESSAGE", "auth", "00000001");
        assertEquals(Result.OK, check(v, "MESSAGE", first), "a failed attempt does not use up nc 1");
        assertEquals(Result.NONCE_REUSED, check(v, "MESSAGE", first));
        assertEquals(Result.OK, check(v, "MESSAGE",
                credentials("MD5", "alice", REALM, "wonderland", nonce, "MESSAGE", "auth", "00000002")));
        assertEquals(-6, Result.NONCE_REUSED.code);
    }

    private DigestVerifier oneTimeWithAuthInfo() {
        return oneTimeWithAuthInfo(new NonceCounter(100, now::get));
    }

    private DigestVerifier oneTimeWithAuthInfo(NonceCounter counter) {
        AuthSettings s = new AuthSettings(true, List.of(DigestAlgorithm.MD5), "auth", 300, 3, false, null, true,
                false, true, true, true);
        SubscriberStore store = new SubscriberStore(db, true);
        return new DigestVerifier(s, nonces, counter, (user, domain) -> store.secrets(user, domain, false));
    }

    @Test
    void aOneTimeNonceUsedOnOneNodeIsUsedUpOnTheOther() {
        try (io.sipcontainer.cluster.TwoMembers two = new io.sipcontainer.cluster.TwoMembers()) {
            DigestVerifier a = oneTimeWithAuthInfo(
                    NonceCounter.shared(now::get, two.first.map("auth.nonce-count"), two.first::localKeys));
            DigestVerifier b = oneTimeWithAuthInfo(
                    NonceCounter.shared(now::get, two.second.map("auth.nonce-count"), two.second::localKeys));
            String nonce = nonces.issue();
            assertEquals(Result.OK, check(a, "REGISTER",
                    credentials(null, "alice", REALM, "wonderland", nonce, "REGISTER", "auth", "00000001")));
            assertEquals(Result.NONCE_REUSED, check(b, "REGISTER",
                    credentials(null, "alice", REALM, "wonderland", nonce, "REGISTER", "auth", "00000002")),
                    "replayed to the other node");
        }
    }

    @Test
    void aOneTimeNonceAuthorisesOneRequestWhateverItsNonceCount() {
        DigestVerifier v = oneTimeWithAuthInfo();
        String nonce = nonces.issue();
        assertEquals(Result.OK, check(v, "REGISTER",
                credentials(null, "alice", REALM, "wonderland", nonce, "REGISTER", "auth", "00000001")));
        assertEquals(Result.NONCE_REUSED, check(v, "REGISTER",
                credentials(null, "alice", REALM, "wonderland", nonce, "REGISTER", "auth", "00000002")),
                "a higher nc does not help: the nonce is used up");
        assertEquals(Result.NONCE_REUSED, check(v, "REGISTER",
                credentials(null, "alice", REALM, "wonderland", nonce, "REGISTER", null, null)), "nor leaving qop out");
        assertEquals(Result.OK, check(v, "REGISTER",
                credentials(null, "alice", REALM, "wonderland", nonces.issue(), "REGISTER", "auth", "00000001")),
                "a fresh nonce works");
    }

    @Test
    void authenticationInfoCarriesRspauthCnonceNcAndANextNonce() {
        DigestVerifier.Verdict v = oneTimeWithAuthInfo().verify("REGISTER", URI, List.of(
                credentials(null, "alice", REALM, "wonderland", "PLACEHOLDER", "REGISTER", "auth", "00000001")
                        .replace("PLACEHOLDER", "x")), REALM, () -> new byte[0]);
        assertEquals(Result.ERROR, v.result());
        assertEquals(null, v.authenticationInfo(), "nothing on a failure");

        String nonce = nonces.issue();
        v = oneTimeWithAuthInfo().verify("REGISTER", URI, List.of(
                credentials(null, "alice", REALM, "wonderland", nonce, "REGISTER", "auth", "00000001")),
                REALM, () -> new byte[0]);
        assertEquals(Result.OK, v.result());
        String ha1 = h("MD5", "alice:" + REALM + ":wonderland");
        String rspauth = h("MD5", ha1 + ":" + nonce + ":00000001:c0ffee:auth:" + h("MD5", ":" + URI));
        assertTrue(v.authenticationInfo().startsWith("qop=auth, rspauth=\"" + rspauth + "\", cnonce=\"c0ffee\", "
                + "nc=00000001, nextnonce=\""), v.authenticationInfo());
        String next = v.authenticationInfo().replaceAll(".*nextnonce=\"([^\"]+)\".*", "$1");
        assertEquals(NonceCodec.Status.VALID, nonces.check(next), "the next nonce is one of ours");
    }

    @Test
    void authIntCoversTheBody() {
        String nonce = nonces.issue();
        String ha1 = h("MD5", "alice:" + REALM + ":wonderland");
        String ha2 = h("MD5", "MESSAGE:" + URI + ":" + h("MD5", "hello"));
        String response = h("MD5", ha1 + ":" + nonce + ":00000001:c0ffee:auth-int:" + ha2);
        String header = "Digest username=\"alice\", realm=\"" + REALM + "\", nonce=\"" + nonce + "\", uri=\"" + URI
                + "\", response=\"" + response + "\", qop=auth-int, nc=00000001, cnonce=\"c0ffee\"";
        assertEquals(Result.OK, md5().verify("MESSAGE", URI, List.of(header), REALM,
                () -> "hello".getBytes(StandardCharsets.UTF_8)).result());
        assertEquals(Result.INVALID_PASSWORD, md5().verify("MESSAGE", URI, List.of(header), REALM,
                () -> "tampered".getBytes(StandardCharsets.UTF_8)).result());
    }
}
