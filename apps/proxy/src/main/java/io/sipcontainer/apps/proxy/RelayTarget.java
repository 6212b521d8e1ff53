package io.sipcontainer.apps.proxy;

import java.io.Serializable;
import java.util.List;
import java.util.function.Predicate;

/**
 * One place a request can be relayed to: a contact of a user (from the location service or the
 * static table) or the Request-URI itself. {@code received} (the source of a REGISTER behind NAT)
 * and {@code path} (RFC 3327) say how to reach it when the URI alone does not; Kamailio's lookup()
 * puts the first path hop, or else the received address, into the destination URI.
 *
 * @param uri      the target, which becomes the Request-URI of the branch
 * @param q        the contact's priority, {@link #Q_UNSPECIFIED} when it gave none
 * @param received {@code sip:ip:port[;transport=t]} to send to instead of the URI's host, or null
 * @param path     Route values to put in front of the request, possibly empty
 * @param accepts  which methods the contact registered in its Allow list
 */
record RelayTarget(String uri, float q, String received, List<String> path, MethodFilter accepts)
        implements Serializable {

    /** q of a contact registered without one. */
    static final float Q_UNSPECIFIED = -1f;

    /** Whether a contact accepts a method; serializable because bindings wait in the session for failover. */
    @FunctionalInterface
    interface MethodFilter extends Predicate<String>, Serializable {
        MethodFilter ALL = method -> true;
    }

    RelayTarget {
        path = path == null ? List.of() : List.copyOf(path);
        accepts = accepts == null ? MethodFilter.ALL : accepts;
    }

    /** The Request-URI as a target of its own, reached by its host (and any Route the request carries). */
    static RelayTarget of(String uri) {
        return new RelayTarget(uri, Q_UNSPECIFIED, null, List.of(), MethodFilter.ALL);
    }
}
