package io.sipcontainer.service;

import java.io.IOException;

import jakarta.servlet.sip.SipServletRequest;

/**
 * Kamailio's auth + auth_db as a container service: checks digest credentials (RFC 2617 /
 * RFC 8760, MD5 and SHA-256) against the {@code subscriber} table, sends challenges, and removes
 * credentials before a request is relayed. Provided only when {@code auth.enabled = yes}.
 */
public interface DigestAuth {

    /** Outcomes with Kamailio's auth_check return values in {@link #code}. */
    enum Result {
        OK(1), ERROR(-1), INVALID_PASSWORD(-2), USER_UNKNOWN(-3), STALE_NONCE(-4), NO_CREDENTIALS(-5),
        NONCE_REUSED(-6), AUTH_USER_MISMATCH(-8);

        public final int code;

        Result(int code) {
            this.code = code;
        }
    }

    /**
     * {@code auth_check(realm, "subscriber", flags)}: Authorization for REGISTER, Proxy-Authorization
     * otherwise; with {@code checkIdentity} (flag 1) the To (REGISTER, PUBLISH) or From user must be
     * the authenticated user, and for REGISTER and PUBLISH the From user the To user
     * ({@link Result#AUTH_USER_MISMATCH} otherwise; Kamailio's sample configurations answer 403).
     * A null or empty realm means the From host ({@code $fd}). ACK, CANCEL and PRACK are always OK.
     */
    Result check(SipServletRequest request, String realm, boolean checkIdentity);

    /**
     * {@code auth_challenge(realm, flags)}: answers 401 (REGISTER) or 407 with one
     * WWW-/Proxy-Authenticate per configured algorithm; {@code stale=true} when the last check
     * found a stale nonce ({@link Result#STALE_NONCE}) or a reused nonce-count
     * ({@link Result#NONCE_REUSED}). A null or empty realm means the From host.
     */
    void challenge(SipServletRequest request, String realm, Result lastCheck) throws IOException;

    /**
     * {@code consume_credentials()}: removes the credentials a successful {@link #check} of this
     * request used, before relaying; does nothing if none succeeded.
     */
    void consumeCredentials(SipServletRequest request);
}
