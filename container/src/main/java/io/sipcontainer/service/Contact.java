package io.sipcontainer.service;

import java.io.Serializable;
import java.util.List;

/**
 * One registered contact of an address-of-record, as Kamailio's usrloc keeps it (its
 * {@code location} table columns). Immutable; {@code expires} is an absolute time in epoch
 * milliseconds (0 = permanent, as {@code ul.add} with expires 0).
 *
 * @param aor the address-of-record key ("user" or "user@domain", by {@code usrloc.use_domain})
 * @param uri the contact URI as registered
 * @param q priority 0.0-1.0, -1 when the client gave none
 * @param received the source the REGISTER came from when it differs (NAT): {@code sip:ip:port;transport=t}, or null
 * @param path the Path header values to use as Route towards the contact (RFC 3327), possibly empty
 * @param socket the local socket it registered through, {@code proto:host:port}, or null
 * @param instance the {@code +sip.instance} value (RFC 5626), or null
 * @param regId the {@code reg-id} (RFC 5626), 0 when none
 * @param methods the methods the contact accepts (bitmask of Kamailio's method ids), -1 for all
 * @param flags Kamailio's contact flags; {@code cflags} the branch flags
 */
public record Contact(String aor, String uri, float q, long expires, String callId, int cseq, String received,
        List<String> path, String socket, String userAgent, String instance, int regId, int methods, int flags,
        int cflags, long lastModified, String ruid) implements Serializable {

    public Contact {
        path = path == null ? List.of() : List.copyOf(path);
    }

    /** True when the binding has expired at {@code nowMillis}. */
    public boolean isExpired(long nowMillis) {
        return expires != 0 && expires <= nowMillis;
    }

    /** Seconds left at {@code nowMillis}, 0 when permanent or expired. */
    public long remainingSeconds(long nowMillis) {
        return expires == 0 ? 0 : Math.max(0, (expires - nowMillis + 999) / 1000);
    }

    /** Where requests for this contact are sent: the received address when behind NAT, else the URI. */
    public String destination() {
        return received != null ? received : uri;
    }
}
