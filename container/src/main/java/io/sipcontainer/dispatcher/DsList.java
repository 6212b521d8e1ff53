package io.sipcontainer.dispatcher;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The destination sets in force: built whole from the entries of the list file (or table) and
 * replaced whole by a reload, {@code dispatcher.add} or {@code dispatcher.remove}, as Kamailio
 * switches between its two lists. A destination whose line did not change keeps its run-time
 * state across the switch (Kamailio keeps only the latency figures).
 */
final class DsList {
    static final DsList EMPTY = new DsList(List.of(), Map.of());

    private final List<ListEntry> entries;
    private final Map<Integer, DestSet> sets;

    private DsList(List<ListEntry> entries, Map<Integer, DestSet> sets) {
        this.entries = List.copyOf(entries);
        this.sets = Collections.unmodifiableMap(sets);
    }

    /** The sets of {@code entries}, taking over the destinations of {@code previous} that did not change. */
    static DsList build(List<ListEntry> entries, DsList previous, RandomGenerator random) {
        Map<Integer, List<Dest>> bySet = new LinkedHashMap<>();
        Set<Dest> claimed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ListEntry e : entries) {
            Dest kept = previous == null ? null : previous.reusable(e, claimed);
            bySet.computeIfAbsent(e.setId(), k -> new ArrayList<>()).add(kept != null ? kept : new Dest(e));
        }
        Map<Integer, DestSet> sets = new TreeMap<>();
        bySet.forEach((id, dests) -> {
            List<Dest> ordered = new ArrayList<>(dests);
            Collections.reverse(ordered); // equal priorities end up in the reverse of the file order
            ordered.sort(Comparator.comparingInt(Dest::priority).reversed()); // stable
            sets.put(id, new DestSet(id, ordered, random));
        });
        return new DsList(entries, sets);
    }

    private Dest reusable(ListEntry e, Set<Dest> claimed) {
        DestSet old = sets.get(e.setId());
        if (old == null) {
            return null;
        }
        synchronized (old) {
            for (Dest d : old.dests) {
                if (!claimed.contains(d) && d.entry.sameAs(e)) {
                    claimed.add(d);
                    return d;
                }
            }
        }
        return null;
    }

    List<ListEntry> entries() {
        return entries;
    }

    DestSet set(int id) {
        return sets.get(id);
    }

    /** The sets by id, ascending. */
    Map<Integer, DestSet> sets() {
        return sets;
    }
}
