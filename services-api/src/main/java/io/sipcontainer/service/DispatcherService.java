package io.sipcontainer.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.sip.SipServletRequest;

/**
 * Kamailio's {@code dispatcher} module as a container service: destination sets read from a
 * Kamailio-format list file ({@code dispatcher.list_file}), a destination chosen for a request by
 * one of Kamailio's algorithms 0-13 ({@code ds_select_dst}), the rest of the set kept in order for
 * failover ({@code ds_next_dst}), destination states A/I/T/D with P (probing) set by OPTIONS probes,
 * by the administration commands ({@code dispatcher.*}) and by applications ({@code ds_mark_dst}).
 *
 * <p>The container owns the sets, their states, the probing timer and thresholds; it does not send
 * SIP itself. The OPTIONS probes go out through a {@link Prober} that an application registers
 * (the default routing application does), because only an application can send a SIP request.
 *
 * <pre>{@code
 * DispatcherService ds = Services.get(getServletContext(), DispatcherService.class);
 * DispatcherService.Selection s = ds.select(1, DispatcherService.ALG_ROUND_ROBIN, request, 0);
 * if (s.isEmpty()) { request.createResponse(404, "No destination").send(); }
 * }</pre>
 */
public interface DispatcherService {
    /** Algorithm 0: hash of the Call-ID. */
    int ALG_HASH_CALL_ID = 0;
    /** Algorithm 1: hash of the From URI (user, host and a port other than 5060). */
    int ALG_HASH_FROM_URI = 1;
    /** Algorithm 2: hash of the To URI. */
    int ALG_HASH_TO_URI = 2;
    /** Algorithm 3: hash of the Request-URI. */
    int ALG_HASH_REQUEST_URI = 3;
    /** Algorithm 4: round-robin. */
    int ALG_ROUND_ROBIN = 4;
    /** Algorithm 5: hash of the digest user name; round-robin without credentials. */
    int ALG_HASH_AUTH_USER = 5;
    /** Algorithm 6: random. */
    int ALG_RANDOM = 6;
    /** Algorithm 7: hash of the {@code dispatcher.hash_pvar} template. */
    int ALG_HASH_PV = 7;
    /** Algorithm 8: the first (highest priority) active destination. */
    int ALG_PRIORITY = 8;
    /** Algorithm 9: the {@code weight} attributes, in percent. */
    int ALG_WEIGHT = 9;
    /** Algorithm 10: the fewest active calls per {@code duid} (INVITE only). */
    int ALG_CALL_LOAD = 10;
    /** Algorithm 11: the {@code rweight} attributes over the active destinations. */
    int ALG_RELATIVE_WEIGHT = 11;
    /** Algorithm 12: every destination at once (parallel forking). */
    int ALG_PARALLEL = 12;
    /** Algorithm 13: round-robin by priority lowered by the probed latency. */
    int ALG_LATENCY = 13;

    /** One destination as chosen for a request. */
    record Target(int setId, String uri, String duid, Map<String, String> attrs) {
        public Target {
            attrs = Map.copyOf(attrs);
        }
    }

    /**
     * The outcome of {@link #select}: the destinations in the order to try them, the first being
     * the selected one ({@code $du}); empty when the set is unknown or has no usable destination.
     * With {@link #parallel()} (algorithm 12) they are all tried at once.
     */
    record Selection(int setId, int algorithm, List<Target> targets, boolean parallel) {
        public Selection {
            targets = List.copyOf(targets);
        }

        public boolean isEmpty() {
            return targets.isEmpty();
        }
    }

    /** A destination with its state, as {@code dispatcher.list} and the console show it. */
    record Destination(int setId, String uri, int flags, int priority, String attrs, String state) {
    }

    /**
     * Sends OPTIONS probes for the dispatcher. {@link #ping} sends one OPTIONS request with the
     * destination as Request-URI and To, and {@code from} as From, and calls {@code done} once with
     * the final status code (never for a provisional one). The dispatcher itself treats a probe
     * unanswered within the registered timeout as 408.
     */
    interface Prober {
        void ping(String uri, String from, ProbeResult done);
    }

    /** Where a probe's final status code goes. */
    @FunctionalInterface
    interface ProbeResult {
        void status(int code);
    }

    /**
     * Chooses destinations of set {@code setId} for {@code request} with {@code algorithm}
     * (Kamailio's {@code ds_select_dst(set, alg, limit)}): the selected one first, then, when
     * failover is on ({@code dispatcher.flags} bit 2), the other active ones in Kamailio's order,
     * {@code limit} in all (0: no limit), with the {@code use_default} entry last.
     */
    Selection select(int setId, int algorithm, SipServletRequest request, int limit);

    /**
     * {@code ds_mark_dst}: sets the state of a destination as a probe or an application sees it,
     * with the thresholds ({@code a}, {@code i}, {@code t}, {@code d}, followed by {@code p} to keep
     * probing it). False when the set or URI is unknown or the state letter is not one of those.
     */
    boolean mark(int setId, String uri, String state);

    /**
     * {@code ds_next_dst}: tells the dispatcher that a call sent to {@code failedUri} of a set
     * failed there (timeout or failure reply) and goes on to {@code nextUri} (null when none is
     * left). Counted in the statistics; the call's load (algorithm 10) moves with it.
     */
    void failedOver(int setId, String failedUri, String nextUri, String callId);

    /** {@code ds_load_unset}: the call with this Call-ID no longer loads its destination (algorithm 10). */
    void callEnded(String callId);

    /** Every set id, in ascending order. */
    List<Integer> setIds();

    /** The destinations of a set in selection order (priority, highest first); empty when unknown. */
    List<Destination> destinations(int setId);

    /**
     * Registers the application that sends the OPTIONS probes, and how long a probe may go
     * unanswered before it counts as a 408 (the application's {@code fr_timer}). The last
     * registration wins; {@code null} stops probing until another one registers.
     */
    void prober(Prober prober, Duration timeout);
}
