package io.sipcontainer.apps.registrar;

import java.util.List;
import java.util.Set;

/**
 * What the registrar needs from a REGISTER, read once from the message (see
 * {@link RegisterReader}) so the rules in {@link Registrar} work on plain values.
 *
 * @param aor the AOR key (location service form)
 * @param toHost the To URI host (GRUUs are built on it)
 * @param expiresHeader the Expires header value, -1 when absent
 * @param star the REGISTER has {@code Contact: *}
 * @param contacts the contacts in message order (empty for a query or {@code *})
 * @param path the Path values in order (empty without Path or with use_path off)
 * @param pathReceived the {@code received} parameter of the first Path URI (path_use_received), or null
 * @param topPathHasOb the first Path URI has {@code ;ob} (RFC 5626 edge proxy)
 * @param viaCount number of Via values (2 or more: not the first hop)
 * @param supported the option tags of Supported (lower case); {@code supportedPresent} a Supported header exists
 * @param require the option tags of Require (lower case)
 * @param allowMask Kamailio method mask of the Allow header, -1 (all) without one
 * @param userAgent the User-Agent, "n/a" without one
 * @param socket where the REGISTER arrived, {@code proto:ip:port}
 * @param natReceived {@code sip:ip:port[;transport=x]} of the source when the REGISTER came through NAT, else null
 */
record RegisterRequest(String aor, String toHost, String callId, int cseq, int expiresHeader, boolean star,
        List<RegisteredContact> contacts, List<String> path, String pathReceived, boolean topPathHasOb,
        int viaCount, Set<String> supported, boolean supportedPresent, Set<String> require, int allowMask,
        String userAgent, String socket, String natReceived) {

    /**
     * One Contact of the REGISTER with its parameters as written (null when absent).
     *
     * @param uri the contact URI
     * @param instance {@code +sip.instance} without quotes
     */
    record RegisteredContact(String uri, String expires, String q, String instance, String regId, String methods,
            String received) {
    }

    boolean supports(String tag) {
        return supported.contains(tag);
    }

    boolean requires(String tag) {
        return require.contains(tag);
    }
}
