package io.sipcontainer.location;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;

import io.sipcontainer.cluster.SharedState;

/**
 * Where the location service keeps each AOR's bindings: a map of this node, or a map the cluster
 * shares (every node then finds what any node registered). A change is a {@link #compute} whose
 * function may run more than once on a shared table (optimistic retries), so it must have no side
 * effects beyond its result.
 */
abstract class BindingTable {

    abstract ContactRow[] get(String aor);

    /** As {@link ConcurrentMap#compute}: null from the function removes the AOR. */
    abstract ContactRow[] compute(String aor, BiFunction<String, ContactRow[], ContactRow[]> change);

    /** Every AOR stored. */
    abstract Set<String> aors();

    /** The AORs this node's periodic expiry scans (the partitions it owns when shared). */
    abstract Set<String> localAors();

    abstract long aorCount();

    /** Total bindings, for the statistics; in a shared table, every node's. */
    abstract long bindingCount();

    /** True when other nodes change this table too. */
    abstract boolean isShared();

    /**
     * True when this node is to load its database into the table: the first node of the cluster
     * to ask (or a node alone). False when another node of the running cluster loaded its own
     * already, so the cluster's table is newer than anything this node stored.
     */
    boolean claimLoad() {
        return true;
    }

    /**
     * Tells {@code sink} of each change another node makes to the table (the AOR and the ruids of
     * the bindings it had before or has after), on an event thread. A table of one node has none.
     */
    void onChangeByOthers(java.util.function.BiConsumer<String, Set<String>> sink) {
    }

    static BindingTable local() {
        return new Local();
    }

    static BindingTable shared(SharedState state, String name) {
        return state.clustered() ? new LocalUntilShared(state, name) : new Local();
    }

    /**
     * A node alone keeps its bindings in a map of its own, as a Hazelcast call per REGISTER would
     * cost about half again the REGISTER's own CPU for nobody's benefit; when the first other
     * member joins, every binding moves to the cluster map (changes wait meanwhile) and the table
     * stays shared from then on. A newcomer finds an AOR only once that move has finished.
     */
    private static final class LocalUntilShared extends BindingTable {
        private final Local local = new Local();
        private final java.util.concurrent.atomic.AtomicLong localBindings = new java.util.concurrent.atomic.AtomicLong();
        private final Shared shared;
        private final SharedState state;
        private final java.util.concurrent.locks.ReadWriteLock moving = new java.util.concurrent.locks.ReentrantReadWriteLock();
        private volatile BindingTable current;
        private final String name;

        LocalUntilShared(SharedState state, String name) {
            this.state = state;
            this.name = name;
            shared = new Shared(state, state.map(name), state.counter(name + ".bindings"));
            current = state.hasHadCompany() ? shared : local;
            state.whenShared(this::moveToCluster);
        }

        /** A marker in the cluster that lives as long as one member does: the first to set it loads. */
        @Override
        boolean claimLoad() {
            return state.<String, String>map(name + ".loaded").putIfAbsent("loaded", state.localMember()) == null;
        }

        @Override
        void onChangeByOthers(java.util.function.BiConsumer<String, Set<String>> sink) {
            state.<String, byte[]>listen(shared.map, (aor, before, after, byThisNode) -> {
                if (byThisNode) {
                    return; // written by this node's own change already
                }
                Set<String> ruids = new java.util.HashSet<>();
                for (byte[] encoded : new byte[][] { before, after }) {
                    if (encoded != null) {
                        for (ContactRow row : ContactRow.decode(encoded)) {
                            ruids.add(row.ruid());
                        }
                    }
                }
                if (!ruids.isEmpty()) {
                    sink.accept(aor, ruids);
                }
            });
        }

        private void moveToCluster() {
            moving.writeLock().lock();
            try {
                if (current == shared) {
                    return;
                }
                java.util.Map<String, byte[]> batch = new java.util.HashMap<>();
                for (java.util.Map.Entry<String, ContactRow[]> e : local.map.entrySet()) {
                    batch.put(e.getKey(), ContactRow.encode(e.getValue()));
                    if (batch.size() == 1000) {
                        shared.map.putAll(batch);
                        batch.clear();
                    }
                }
                shared.map.putAll(batch);
                shared.bindings.add(localBindings.get());
                current = shared;
                local.map.clear();
            } finally {
                moving.writeLock().unlock();
            }
        }

        /** Once the node knows it has company, the first access moves the table if its thread has not yet. */
        private boolean stillLocal() {
            if (current == shared) {
                return false;
            }
            if (state.hasHadCompany()) {
                moveToCluster();
                return false;
            }
            return true;
        }

        @Override
        ContactRow[] get(String aor) {
            if (!stillLocal()) {
                return shared.get(aor);
            }
            moving.readLock().lock();
            try {
                return current.get(aor);
            } finally {
                moving.readLock().unlock();
            }
        }

        @Override
        ContactRow[] compute(String aor, BiFunction<String, ContactRow[], ContactRow[]> change) {
            if (!stillLocal()) {
                return shared.compute(aor, change);
            }
            moving.readLock().lock();
            try {
                if (current == shared) {
                    return shared.compute(aor, change);
                }
                int[] delta = new int[1];
                ContactRow[] result = local.compute(aor, (k, old) -> {
                    ContactRow[] next = change.apply(k, old);
                    delta[0] = (next == null ? 0 : next.length) - (old == null ? 0 : old.length);
                    return next;
                });
                localBindings.addAndGet(delta[0]);
                return result;
            } finally {
                moving.readLock().unlock();
            }
        }

        @Override
        Set<String> aors() {
            return current.aors();
        }

        @Override
        Set<String> localAors() {
            return current.localAors();
        }

        @Override
        long aorCount() {
            return current.aorCount();
        }

        @Override
        long bindingCount() {
            BindingTable table = current;
            return table == shared ? shared.bindingCount() : localBindings.get();
        }

        @Override
        boolean isShared() {
            return true; // a change may run on the cluster map, with retries, at any time
        }
    }

    private static final class Local extends BindingTable {
        private final ConcurrentHashMap<String, ContactRow[]> map = new ConcurrentHashMap<>();

        @Override
        ContactRow[] get(String aor) {
            return map.get(aor);
        }

        @Override
        ContactRow[] compute(String aor, BiFunction<String, ContactRow[], ContactRow[]> change) {
            return map.compute(aor, change);
        }

        @Override
        Set<String> aors() {
            return map.keySet();
        }

        @Override
        Set<String> localAors() {
            return map.keySet();
        }

        @Override
        long aorCount() {
            return map.mappingCount();
        }

        @Override
        boolean isShared() {
            return false;
        }

        @Override
        long bindingCount() {
            long n = 0;
            for (ContactRow[] rows : map.values()) {
                n += rows.length;
            }
            return n;
        }
    }

    /** Encoded arrays ({@link ContactRow#encode}) in a cluster map. */
    private static final class Shared extends BindingTable {
        private final SharedState state;
        private final ConcurrentMap<String, byte[]> map;
        /** Kept as changes happen: counting means reading every AOR, as slow as the table is big. */
        private final SharedState.Counter bindings;

        Shared(SharedState state, ConcurrentMap<String, byte[]> map, SharedState.Counter bindings) {
            this.state = state;
            this.map = map;
            this.bindings = bindings;
        }

        @Override
        ContactRow[] get(String aor) {
            byte[] encoded = map.get(aor);
            return encoded == null ? null : ContactRow.decode(encoded);
        }

        @Override
        ContactRow[] compute(String aor, BiFunction<String, ContactRow[], ContactRow[]> change) {
            while (true) {
                byte[] old = map.get(aor);
                ContactRow[] next = change.apply(aor, old == null ? null : ContactRow.decode(old));
                int before = old == null ? 0 : ContactRow.encodedCount(old);
                if (next == null) {
                    if (old == null || map.remove(aor, old)) {
                        bindings.add(-before);
                        return null;
                    }
                } else {
                    byte[] encoded = ContactRow.encode(next);
                    if (old == null ? map.putIfAbsent(aor, encoded) == null : map.replace(aor, old, encoded)) {
                        bindings.add(next.length - before);
                        return next;
                    }
                }
            }
        }

        @Override
        Set<String> aors() {
            return map.keySet();
        }

        @Override
        Set<String> localAors() {
            return state.localKeys(map);
        }

        @Override
        long aorCount() {
            return map.size();
        }

        @Override
        boolean isShared() {
            return true;
        }

        @Override
        long bindingCount() {
            return bindings.get();
        }
    }
}
