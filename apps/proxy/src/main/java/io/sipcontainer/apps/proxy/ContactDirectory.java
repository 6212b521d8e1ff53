package io.sipcontainer.apps.proxy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where the proxy finds the contacts of a local user: Kamailio's {@code lookup("location")}
 * without its side effects. Implementations are the location service (what the registrar saved)
 * and the static table from the configuration.
 */
@FunctionalInterface
interface ContactDirectory {

    /** Orders bindings by q, highest first, keeping the order of equal ones; unspecified q comes last. */
    Comparator<RelayTarget> BY_Q = Comparator.comparingDouble((RelayTarget b) -> b.q()).reversed();

    /**
     * The bindings of a user, highest q first; empty when the user has none.
     *
     * @param user the Request-URI user
     * @param host the Request-URI host (used when AORs include the domain)
     */
    List<RelayTarget> lookup(String user, String host);

    /** The bindings of both directories, this one's first, in q order. */
    default ContactDirectory and(ContactDirectory other) {
        return (user, host) -> {
            List<RelayTarget> first = lookup(user, host);
            List<RelayTarget> second = other.lookup(user, host);
            if (second.isEmpty()) {
                return first;
            }
            if (first.isEmpty()) {
                return second;
            }
            List<RelayTarget> all = new ArrayList<>(first.size() + second.size());
            all.addAll(first);
            all.addAll(second);
            all.sort(BY_Q);
            return all;
        };
    }

    /** A directory that knows nobody. */
    static ContactDirectory empty() {
        return (user, host) -> List.of();
    }
}
