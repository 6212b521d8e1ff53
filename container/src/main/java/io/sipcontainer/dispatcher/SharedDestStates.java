package io.sipcontainer.dispatcher;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.cluster.SharedState;
import io.sipcontainer.service.ConfigException;

/**
 * The dispatcher's share of the cluster (Kamailio keeps destination states per instance; a
 * cluster here acts as one dispatcher). The state bits of every destination (A/I/T/D and P) sit
 * in the shared map {@code dispatcher.states} under {@code "<set> <uri>"}; a change on any node
 * ({@code dispatcher.set_state}, {@code ds_mark_dst} by an application, a probe's answer) is
 * written there and applied by every other node from the map's entry events. A node that joins
 * takes the cluster's states. {@code dispatcher.reload} on one node makes every node read its
 * list again (each its own file or table, which the operator keeps alike).
 *
 * <p>One node probes for all: the oldest member ({@link SharedState#isCoordinator}); when it
 * leaves, the next oldest takes over at its next round. N nodes probing would send each
 * destination N times the OPTIONS and flip its shared state between their views.
 */
final class SharedDestStates {
    private static final Logger LOG = LoggerFactory.getLogger(SharedDestStates.class);
    static final String STATES = "dispatcher.states";
    static final String RELOADS = "dispatcher.reloads";

    private final SharedState state;
    private final Dispatcher dispatcher;
    private final Runnable listChanged;
    private volatile ConcurrentMap<String, Integer> states;
    private volatile ConcurrentMap<String, String> reloads;
    /** Writes state changes off the message path, in the order they happened. */
    private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
                Thread t = new Thread(r, "dispatcher-cluster");
                t.setDaemon(true);
                return t;
            });

    SharedDestStates(SharedState state, Dispatcher dispatcher, Runnable listChanged) {
        this.state = state;
        this.dispatcher = dispatcher;
        this.listChanged = listChanged;
    }

    /** Shares from the first company on (a node alone shares nothing). */
    void start() {
        if (state != null && state.clustered()) {
            state.whenShared(this::share);
        }
    }

    private void share() {
        ConcurrentMap<String, Integer> shared = state.map(STATES);
        state.listen(shared, (key, before, after, byThisNode) -> {
            if (!byThisNode && after != null) {
                dispatcher.applyState(key, after);
            }
        });
        ConcurrentMap<String, String> r = state.map(RELOADS);
        state.listen(r, (key, before, after, byThisNode) -> {
            if (!byThisNode && after != null) {
                reloadHere();
            }
        });
        states = shared;
        reloads = r;
        applyAll();
        dispatcher.forEachDest((d, set) -> shared.putIfAbsent(key(set, d), d.flags & DsFlags.STATES));
        LOG.info("dispatcher: destination states shared with the cluster ({} known)", shared.size());
    }

    /** A destination's state bits changed on this node. */
    void changed(int setId, Dest d) {
        ConcurrentMap<String, Integer> m = states;
        if (m == null) {
            return;
        }
        String key = key(setId, d);
        int bits = d.flags & DsFlags.STATES;
        try {
            writer.execute(() -> {
                try {
                    m.put(key, bits);
                } catch (RuntimeException e) {
                    LOG.warn("dispatcher: cannot share the state of {}: {}", key, e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    /** The server stops: the state changes asked for are written first. */
    void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Gives every destination the cluster's state (a joining node, a reloaded list). */
    void applyAll() {
        ConcurrentMap<String, Integer> m = states;
        if (m != null) {
            for (Map.Entry<String, Integer> e : m.entrySet()) {
                dispatcher.applyState(e.getKey(), e.getValue());
            }
        }
    }

    /** {@code dispatcher.reload} ran here: the other nodes read their lists again too. */
    void reloaded() {
        ConcurrentMap<String, String> r = reloads;
        if (r != null) {
            r.put("reload", UUID.randomUUID().toString());
        }
    }

    /** True when this node sends the probes (the cluster's coordinator, or a node alone). */
    boolean probes() {
        return state == null || state.isCoordinator();
    }

    private void reloadHere() {
        try {
            dispatcher.reload();
            listChanged.run();
            LOG.info("dispatcher: list reloaded, as another node of the cluster was told to");
        } catch (ConfigException e) {
            LOG.warn("dispatcher: reload asked by another node failed: {}", e.getMessage());
        }
    }

    static String key(int setId, Dest d) {
        return setId + " " + d.uri();
    }
}
