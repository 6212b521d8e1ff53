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

    static BindingTable local() {
        return new Local();
    }

    static BindingTable shared(SharedState state, String name) {
        return state.clustered() ? new Shared(state, state.map(name), state.counter(name + ".bindings")) : new Local();
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
