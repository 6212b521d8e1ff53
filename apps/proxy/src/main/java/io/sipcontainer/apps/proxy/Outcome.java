package io.sipcontainer.apps.proxy;

import java.util.List;
import java.util.Map;

import io.sipcontainer.service.DigestAuth;

/**
 * What the request route decided for one request: drop it silently, answer it, challenge it for
 * credentials, or relay it. Decisions are plain values so that the route can be tested without a
 * container proxy; {@link ProxyServlet} carries them out.
 */
sealed interface Outcome {

    /** Kamailio's {@code exit} without a reply (ACKs, scanners, malformed requests, CANCEL). */
    Outcome DROP = new Drop();

    /** Ends processing without any answer. */
    record Drop() implements Outcome {
    }

    /** A local final reply, with extra headers (e.g. {@code Unsupported} on a 420). */
    record Respond(Reply reply, Map<String, String> headers) implements Outcome {
        Respond(Reply reply) {
            this(reply, Map.of());
        }
    }

    /** {@code auth_challenge(realm, "0")}: a 401 for REGISTER, a 407 otherwise. */
    record Challenge(String realm, DigestAuth.Result lastCheck) implements Outcome {
    }

    /**
     * {@code ds_select_dst(set, alg, limit)} then {@code t_relay()}: the request goes to
     * destinations of a dispatcher set, the next one on a timeout or failure reply, and is answered
     * {@code 404 No destination} when none is usable.
     */
    record Dispatch(DispatchRule rule, boolean recordRoute, int maxForwards) implements Outcome {
    }

    /**
     * {@code t_relay()}: the targets in groups of equal q, the first group forked in parallel now,
     * each further one only when the previous group failed.
     *
     * @param groups       targets, highest q first; never empty
     * @param recordRoute  whether to stay on the path of the dialog (INVITE and SUBSCRIBE)
     * @param outboundHint whether to add {@code P-Hint: outbound} (a foreign domain)
     * @param maxForwards  the Max-Forwards value the next hop must see
     */
    record Relay(List<List<RelayTarget>> groups, boolean recordRoute, boolean outboundHint, int maxForwards)
            implements Outcome {
        public Relay {
            groups = List.copyOf(groups);
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("a relay needs at least one target");
            }
        }
    }
}
