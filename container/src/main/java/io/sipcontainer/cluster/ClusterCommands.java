package io.sipcontainer.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.service.Statistics;

/**
 * {@code cluster.members}, {@code cluster.status} and {@code cluster.stats}. Each node publishes a
 * snapshot of its statistics to the cluster every few seconds, so any node can list every
 * member's figures without asking the others synchronously.
 */
public final class ClusterCommands {
    static final String STATS_MAP = "cluster.member-stats";
    private static final long PUBLISH_SECONDS = 5;

    private ClusterCommands() {
    }

    /** Registers the commands; returns the statistics publisher to cancel at stop (null when alone). */
    public static ScheduledFuture<?> register(RpcRegistry rpc, SharedState shared, Object sessionStore,
            Statistics statistics, ScheduledExecutorService scheduler) {
        rpc.registerReadOnly("cluster.members", "Lists the members of the cluster: id, address, local, SIP addresses.",
                p -> shared.members());
        rpc.registerReadOnly("cluster.status", "Returns the cluster's state: members, partitions owned here, sessions.",
                p -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("clustered", shared.clustered());
                    if (shared instanceof HazelcastState hz) {
                        out.putAll(hz.status());
                    } else {
                        out.put("members", 1);
                    }
                    if (sessionStore instanceof ReplicatedSessionStore replicated) {
                        out.put("sessions", replicated.status());
                    }
                    return out;
                });
        ConcurrentMap<String, Map<String, Long>> published = shared.map(STATS_MAP);
        rpc.registerReadOnly("cluster.stats", "Returns each member's statistics (all, or a group: / group:name selector), "
                + "as last published (every " + PUBLISH_SECONDS + " s).", p -> {
                    String selector = p.size() > 0 ? p.string(0) : "all";
                    Map<String, Object> out = new LinkedHashMap<>();
                    publish(shared, statistics, published);
                    for (Map<String, Object> member : shared.members()) {
                        String id = (String) member.get("id");
                        Map<String, Long> stats = published.get(id);
                        out.put(id, stats == null ? Map.of() : select(stats, selector));
                    }
                    if (!shared.clustered()) {
                        out.put("local", select(statistics.snapshot("all"), selector));
                    }
                    return out;
                });
        if (!shared.clustered()) {
            return null;
        }
        return scheduler.scheduleWithFixedDelay(() -> publish(shared, statistics, published), 1, PUBLISH_SECONDS,
                TimeUnit.SECONDS);
    }

    public static void unregister(RpcRegistry rpc) {
        for (String name : List.of("cluster.members", "cluster.status", "cluster.stats")) {
            rpc.unregister(name);
        }
    }

    private static void publish(SharedState shared, Statistics statistics, ConcurrentMap<String, Map<String, Long>> to) {
        try {
            to.put(shared.localMember(), new LinkedHashMap<>(statistics.snapshot("all")));
        } catch (RuntimeException e) {
            // the cluster is shutting down or partitioned: the next round publishes again
        }
    }

    private static Map<String, Long> select(Map<String, Long> stats, String selector) {
        if ("all".equals(selector)) {
            return stats;
        }
        Map<String, Long> out = new LinkedHashMap<>();
        stats.forEach((k, v) -> {
            if (selector.endsWith(":") ? k.startsWith(selector) : k.equals(selector)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
