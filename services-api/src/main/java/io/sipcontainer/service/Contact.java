package io.sipcontainer.service;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

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
 * @param methods the methods the contact accepts (bitmask of Kamailio's method ids, see
 *        {@link #methodBit}), -1 for all
 * @param flags Kamailio's contact flags; {@code cflags} the branch flags
 * @param ruid the record's unique id (null for a contact not stored yet)
 */
public record Contact(String aor, String uri, float q, long expires, String callId, int cseq, String received,
        List<String> path, String socket, String userAgent, String instance, int regId, int methods, int flags,
        int cflags, long lastModified, String ruid) implements Serializable {

    /** q when the client gave none (Kamailio's Q_UNSPECIFIED). */
    public static final float Q_UNSPECIFIED = -1f;
    /** {@link #methods} of a contact that accepts every method (no Allow header). */
    public static final int ALL_METHODS = -1;

    /** Kamailio's method ids (parser/msg_parser.h), the bits of {@link #methods}. */
    private static final List<String> METHOD_BITS = List.of("INVITE", "CANCEL", "ACK", "BYE", "INFO", "REGISTER",
            "SUBSCRIBE", "NOTIFY", "MESSAGE", "OPTIONS", "PRACK", "UPDATE", "REFER", "PUBLISH", "KDMQ", "GET", "POST",
            "PUT", "DELETE");
    private static final int METHOD_OTHER = 1 << METHOD_BITS.size();

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

    /** True when the contact registered {@code method} in its Allow list (Kamailio's method_filtering). */
    public boolean allows(String method) {
        return (methods & methodBit(method)) != 0;
    }

    /** The same contact with another ruid (how the location service stamps a new one). */
    public Contact withRuid(String newRuid) {
        return new Contact(aor, uri, q, expires, callId, cseq, received, path, socket, userAgent, instance, regId,
                methods, flags, cflags, lastModified, newRuid);
    }

    /** Kamailio's bit of a method name (METHOD_OTHER for an extension method). */
    public static int methodBit(String method) {
        int i = METHOD_BITS.indexOf(method.toUpperCase(Locale.ROOT));
        return i < 0 ? METHOD_OTHER : 1 << i;
    }

    /** The {@link #methods} mask of an Allow list, e.g. {@code ["INVITE", "ACK", "BYE"]}. */
    public static int methodMask(Iterable<String> methods) {
        int mask = 0;
        for (String m : methods) {
            mask |= methodBit(m.trim());
        }
        return mask;
    }
}
