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
 * list again (each its own file or table, which the operator keeps alike), and {@code
 * dispatcher.add} or {@code dispatcher.remove} on one node changes every node's list in memory.
 *
 * <p>One node probes for all: the oldest member ({@link SharedState#isCoordinator}); when it
 * leaves, the next oldest takes over at its next round. N nodes probing would send each
 * destination N times the OPTIONS and flip its shared state between their views.
 */
final class SharedDestStates {
    private static final Logger LOG = LoggerFactory.getLogger(SharedDestStates.class);
    static final String STATES = "dispatcher.states";
    static final String RELOADS = "dispatcher.reloads";
    /** The last {@code dispatcher.add} or {@code remove} of any node; every update event is one edit. */
    static final String EDITS = "dispatcher.edits";

    private final SharedState state;
    private final Dispatcher dispatcher;
    private final Runnable listChanged;
    private volatile ConcurrentMap<String, Integer> states;
    private volatile ConcurrentMap<String, String> reloads;
    private volatile ConcurrentMap<String, String> edits;
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
        ConcurrentMap<String, String> e = state.map(EDITS);
        state.listen(e, (key, before, after, byThisNode) -> {
            if (!byThisNode && after != null) {
                editHere(after);
            }
        });
        states = shared;
        reloads = r;
        edits = e;
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

    /**
     * {@code dispatcher.add} or {@code dispatcher.remove} ran here: the other nodes make the same
     * change to their lists in memory ({@code fields}: the command's parameters). A node that joins
     * later, or reloads its list, does not get it: as on one node, such a change lasts until the
     * next reload.
     */
    void edited(String command, java.util.List<String> fields) {
        ConcurrentMap<String, String> e = edits;
        if (e != null) {
            // a fresh first line: the same edit made twice is two events
            e.put("edit", UUID.randomUUID() + "\n" + command + "\n" + String.join("\n", fields));
        }
    }

    private void editHere(String edit) {
        String[] lines = edit.split("\n", -1);
        String command = lines.length > 1 ? lines[1] : "";
        String[] fields = java.util.Arrays.copyOfRange(lines, Math.min(2, lines.length), lines.length);
        try {
            if ("add".equals(command)) {
                dispatcher.add(ListFile.entry(fields, "dispatcher.add", 0));
            } else if ("remove".equals(command) && fields.length == 2) {
                dispatcher.remove(Integer.parseInt(fields[0]), ListFile.uri(fields[1], "dispatcher.remove", 0));
            } else {
                return;
            }
            applyAll();
            listChanged.run();
            LOG.info("dispatcher: {} {}, as another node of the cluster was told to", command, String.join(" ", fields));
        } catch (ConfigException | RuntimeException e) {
            LOG.warn("dispatcher: {} asked by another node failed: {}", command, e.getMessage());
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
