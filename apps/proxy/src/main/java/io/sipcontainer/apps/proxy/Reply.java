package io.sipcontainer.apps.proxy;

/**
 * A final response this application sends itself, with Kamailio's exact reason phrase: the
 * replies of its default configuration and of the sanity and maxfwd modules.
 */
record Reply(int status, String reason) {

    static final Reply KEEPALIVE = new Reply(200, "Keepalive");
    static final Reply TOO_MANY_HOPS = new Reply(483, "Too Many Hops");
    static final Reply NOT_HERE = new Reply(404, "Not here");
    static final Reply NOT_RELAYING = new Reply(403, "Not relaying");
    static final Reply NO_VOICEMAIL = new Reply(404, "No voicemail service");
    static final Reply ADDRESS_INCOMPLETE = new Reply(484, "Address Incomplete");
    static final Reply NOT_FOUND = new Reply(404, "Not Found");
    /** Kamailio's README dispatcher configuration when ds_select_dst finds nothing usable. */
    static final Reply NO_DESTINATION = new Reply(404, "No destination");
    static final Reply METHOD_NOT_ALLOWED = new Reply(405, "Method Not Allowed");
    /** sl_reply_error() after a relay that failed for a reason without a code of its own (E_UNSPEC). */
    static final Reply RELAY_ERROR = new Reply(500, "I'm terribly sorry, server error occurred (1/SL)");
}
