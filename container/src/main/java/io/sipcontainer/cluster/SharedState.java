package io.sipcontainer.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;

/**
 * Where the state several nodes share lives: named concurrent maps that are cluster-wide when the
 * node is part of a Hazelcast cluster and plain in-memory maps otherwise. Values must be
 * serializable. A map's operations are atomic per key across the cluster ({@code putIfAbsent},
 * {@code replace(k, old, new)}, {@code compute} by retrying), which is all the users here need.
 */
public interface SharedState {

    /** True when maps are shared with other nodes. */
    boolean clustered();

    /** The map of that name, created on first use. */
    <K, V> ConcurrentMap<K, V> map(String name);

    /**
     * The keys of {@code map} this node is responsible for (the partitions it owns in a cluster;
     * every key otherwise): periodic jobs such as expiry scan these, so each entry is handled once
     * in the cluster.
     */
    <K> Set<K> localKeys(ConcurrentMap<K, ?> map);

    /**
     * A cluster-wide counter of that name, created on first use at 0. Increments from every node
     * add up; a node's death may lose its last few. For statistics, never for decisions.
     */
    Counter counter(String name);

    /** See {@link #counter(String)}. */
    interface Counter {
        void add(long delta);

        long get();
    }

    /**
     * Puts an entry that {@code map} (one of {@link #map}) forgets by itself after {@code ttl}: a
     * mark that matters only for a while. Where nothing is shared, a plain put.
     */
    <K, V> void putForAWhile(ConcurrentMap<K, V> map, K key, V value, java.time.Duration ttl);

    /**
     * Runs {@code action} once, on a thread of its own, when this node first has company (another
     * member joined, or it is a client of a cluster): state kept node-local until then must move
     * to the shared maps. Never runs on a node that stays alone; at once if it has company now.
     */
    void whenShared(Runnable action);

    /**
     * Tells {@code listener} of every change to {@code map} from now on (Hazelcast's entry events,
     * with the old and new values), on an event thread; changes of one key arrive in order. A node
     * with nobody to share with has no events to give: nothing is called.
     */
    <K, V> void listen(ConcurrentMap<K, V> map, EntryChanges<K, V> listener);

    /** See {@link #listen}. */
    @FunctionalInterface
    interface EntryChanges<K, V> {
        /**
         * {@code oldValue} null for an added entry, {@code newValue} null for a removed one;
         * {@code local} when this node made the change.
         */
        void changed(K key, V oldValue, V newValue, boolean local);
    }

    /**
     * True while the node of that id ({@link #localMember()} of a node) is in the cluster: a
     * member, or a client connected to it. A client asks nobody and answers true.
     */
    boolean isLive(String nodeId);

    /**
     * True on exactly one node of the cluster at a time (the oldest member; every node alone):
     * for work one node does for all, such as probing the dispatcher's destinations.
     */
    boolean isCoordinator();

    /** True once this node has had company (see {@link #whenShared}). */
    boolean hasHadCompany();

    /** This node's id in the cluster ("local" when alone). */
    String localMember();

    /** The members of the cluster as maps of facts (id, address, local, SIP addresses). */
    List<Map<String, Object>> members();

    /** Adds what this node's SIP sockets are called, so other nodes take them as their own. */
    void publishSipAddresses(List<String> hostPorts);

    /** True when {@code host:port} is a SIP address of another live member of the cluster. */
    boolean isPeerSipAddress(String host, int port);

    /** Stops the member (or client); maps are unusable afterwards. */
    void close();
}
