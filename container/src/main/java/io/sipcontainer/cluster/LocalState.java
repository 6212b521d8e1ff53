package io.sipcontainer.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link SharedState} of a node alone ({@code cluster.enable = no}): plain concurrent maps. */
public final class LocalState implements SharedState {
    private final ConcurrentMap<String, ConcurrentMap<?, ?>> maps = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private volatile List<String> sipAddresses = List.of();

    @Override
    public Counter counter(String name) {
        return counters.computeIfAbsent(name, n -> {
            java.util.concurrent.atomic.AtomicLong value = new java.util.concurrent.atomic.AtomicLong();
            return new Counter() {
                @Override
                public void add(long delta) {
                    value.addAndGet(delta);
                }

                @Override
                public long get() {
                    return value.get();
                }
            };
        });
    }

    @Override
    public boolean clustered() {
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> ConcurrentMap<K, V> map(String name) {
        return (ConcurrentMap<K, V>) maps.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }

    @Override
    public <K, V> void putForAWhile(ConcurrentMap<K, V> map, K key, V value, java.time.Duration ttl) {
        map.put(key, value);
    }

    @Override
    public <K> Set<K> localKeys(ConcurrentMap<K, ?> map) {
        return map.keySet();
    }

    @Override
    public void whenShared(Runnable action) {
        // a node with clustering off never has company
    }

    @Override
    public <K, V> void listen(ConcurrentMap<K, V> map, EntryChanges<K, V> listener) {
        // nobody else changes this node's maps
    }

    @Override
    public boolean isLive(String nodeId) {
        return true;
    }

    @Override
    public boolean isCoordinator() {
        return true;
    }

    @Override
    public boolean hasHadCompany() {
        return false;
    }

    @Override
    public String localMember() {
        return "local";
    }

    @Override
    public List<Map<String, Object>> members() {
        return List.of(Map.of("id", "local", "address", "-", "local", true, "sip", sipAddresses));
    }

    @Override
    public void publishSipAddresses(List<String> hostPorts) {
        sipAddresses = List.copyOf(hostPorts);
    }

    @Override
    public boolean isPeerSipAddress(String host, int port) {
        return false;
    }

    @Override
    public void close() {
        maps.clear();
    }
}
