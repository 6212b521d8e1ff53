package io.sipcontainer.dispatcher;

/**
 * What the hashing algorithms read from a request, so that selection can be tested without a SIP
 * message. Each returns null when the request has no such value.
 */
interface RequestKeys {
    String callId();

    String fromUri();

    String toUri();

    String requestUri();

    /** The user of the digest credentials (Proxy-Authorization first, then Authorization). */
    String authUser();

    String method();

    /** The {@code hash_pvar} template with this request's values in it (algorithm 7). */
    String pvar();
}
