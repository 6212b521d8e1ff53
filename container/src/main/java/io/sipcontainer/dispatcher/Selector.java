package io.sipcontainer.dispatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Kamailio's {@code ds_manage_routes}: the index an algorithm picks in a set, moved on to the
 * next usable destination (wrapping around) when that one is inactive or disabled, then the
 * failover order: the destinations after it, then those before it, skipping unusable ones, up to
 * the limit, with the {@code use_default} destination (the last) kept out of the rotation and
 * appended at the end. Runs under the set's monitor.
 */
final class Selector {
    /** Kamailio's {@code flags} bit 1: hash URIs by their user only. */
    static final int HASH_USER_ONLY = 1;
    /** Kamailio's {@code flags} bit 2: keep the other destinations for failover. */
    static final int FAILOVER = 2;

    /** The chosen destinations in order (empty: none usable) and the algorithm really used. */
    record Choice(List<Dest> dests, int algorithm, boolean parallel) {
    }

    private static final Choice NONE = new Choice(List.of(), -1, false);

    private final int flags;
    private final boolean useDefault;
    private final RandomGenerator random;
    private final LoadTable load;

    Selector(int flags, boolean useDefault, RandomGenerator random, LoadTable load) {
        this.flags = flags;
        this.useDefault = useDefault;
        this.random = random;
        this.load = load;
    }

    Choice select(DestSet set, int alg, RequestKeys req, int limit) {
        synchronized (set) {
            return selectLocked(set, alg, req, limit <= 0 ? Integer.MAX_VALUE : limit);
        }
    }

    private Choice selectLocked(DestSet set, int alg, RequestKeys req, int limit) {
        int nr = set.size();
        if (nr == 0) {
            return NONE;
        }
        int hash;
        boolean roundRobin = false;
        int algorithm = alg;
        switch (alg) {
            case 0 -> hash = SerHash.hash(trim(req.callId()), null);
            case 1, 2, 3 -> {
                HostPort uri = HostPort.of(trim(alg == 1 ? req.fromUri() : alg == 2 ? req.toUri() : req.requestUri()));
                if (uri == null) {
                    return NONE; // Kamailio: "invalid uri", the selection fails
                }
                hash = uriHash(uri);
            }
            case 4 -> {
                hash = set.last;
                set.last = (set.last + 1) % nr;
                roundRobin = true;
            }
            case 5 -> {
                String user = trim(req.authUser());
                if (user == null || user.isEmpty()) { // no credentials: round-robin
                    hash = set.last;
                    set.last = (set.last + 1) % nr;
                    roundRobin = true;
                } else {
                    hash = SerHash.hash(user, null);
                }
            }
            case 6 -> hash = random.nextInt(Integer.MAX_VALUE);
            case 7 -> {
                String value = trim(req.pvar());
                if (value == null || value.isEmpty()) {
                    return NONE; // Kamailio: "String is empty!", the selection fails
                }
                hash = SerHash.hash(value, null);
            }
            case 8, 12 -> hash = 0;
            case 9 -> {
                hash = set.wlist[set.wlast];
                set.wlast = (set.wlast + 1) % 100;
            }
            case 10 -> {
                if (!"INVITE".equals(req.method()) || load == null) {
                    hash = 0; // only an INVITE starts a call: the first entry, as algorithm 0 would fail over
                    algorithm = 0;
                } else {
                    int least = leastLoaded(set);
                    if (least < 0) {
                        return NONE;
                    }
                    hash = least;
                    if (!load.add(req.callId(), set, set.dests[least])) {
                        algorithm = 0; // no duid: classic dispatching
                    }
                }
            }
            case 11 -> {
                hash = set.rwlist[set.rwlast];
                set.rwlast = (set.rwlast + 1) % 100;
            }
            case 13 -> {
                return latency(set, limit);
            }
            default -> hash = 0; // "algo not implemented - using first entry"
        }
        int span = useDefault && nr != 1 ? nr - 1 : nr;
        int start = SerHash.slot(hash, span);
        int i = start;
        while (DsFlags.skip(set.dests[i].flags)) {
            i = (i + 1) % span;
            if (i == start) {
                if (!useDefault) {
                    return NONE;
                }
                i = nr - 1;
                if (DsFlags.skip(set.dests[i].flags)) {
                    return NONE;
                }
                break;
            }
        }
        if (roundRobin) {
            set.last = (i + 1) % nr;
        }
        List<Dest> out = new ArrayList<>();
        out.add(set.dests[i]);
        if (alg == 12) {
            for (int j = i + 1; j < nr; j++) {
                out.add(set.dests[j]); // Kamailio adds every later entry as a branch, whatever its state
            }
            return new Choice(out, algorithm, true);
        }
        if ((flags & FAILOVER) == 0) {
            return new Choice(out, algorithm, false);
        }
        for (int j = i + 1; j < nr && out.size() < limit; j++) {
            addAlternative(set, j, algorithm, out);
        }
        for (int j = 0; j < i && out.size() < limit; j++) {
            addAlternative(set, j, algorithm, out);
        }
        if (useDefault && i != nr - 1 && out.size() < limit) {
            out.add(set.dests[nr - 1]);
        }
        return new Choice(out, algorithm, false);
    }

    private void addAlternative(DestSet set, int j, int algorithm, List<Dest> out) {
        Dest d = set.dests[j];
        if (DsFlags.skip(d.flags) || useDefault && j == set.size() - 1) {
            return;
        }
        if (algorithm == 10 && d.attrs().maxload() != 0 && d.load >= d.attrs().maxload()) {
            return;
        }
        out.add(d);
    }

    private static int leastLoaded(DestSet set) {
        int k = -1;
        int t = Integer.MAX_VALUE;
        for (int j = 0; j < set.size(); j++) {
            Dest d = set.dests[j];
            if (!DsFlags.skip(d.flags) && (d.attrs().maxload() == 0 || d.load < d.attrs().maxload()) && d.load < t) {
                k = j;
                t = d.load;
            }
        }
        return k;
    }

    /**
     * Algorithm 13: starting at the round-robin position, each active destination's priority is
     * lowered by its estimated probe latency divided by that priority (to no less than 1); the
     * destinations are ordered by that, highest first (ties keep the rotation order), inactive
     * ones left out. Without probe latency figures it is round-robin within the top priority.
     */
    private Choice latency(DestSet set, int limit) {
        int nr = set.size();
        int span = useDefault && nr != 1 ? nr - 1 : nr;
        List<int[]> sorted = new ArrayList<>(nr); // {index, effective priority}
        int z = set.last;
        for (int y = 0; y < nr; y++) {
            Dest d = set.dests[z];
            if (!DsFlags.skip(d.flags)) {
                int priority = d.priority();
                int latency = (int) (d.attrs().all().containsKey("cc") && !"0".equals(d.attrs().all().get("cc"))
                        ? d.latency.estimate - d.latency.average : d.latency.estimate);
                int handicap = latency > priority && priority > 0 ? latency / priority : 0;
                int effective = priority - handicap;
                if (effective < 1 && priority > 0) {
                    effective = 1;
                }
                sorted.add(new int[] {z, effective});
            } else {
                sorted.add(new int[] {-1, -1});
            }
            z = (z + 1) % span;
        }
        sorted.sort((a, b) -> Integer.compare(b[1], a[1])); // stable, as Kamailio's bubble sort
        int chosen = sorted.get(0)[0];
        set.last = (chosen + 1) % nr;
        if (chosen < 0) {
            return NONE;
        }
        List<Dest> out = new ArrayList<>();
        for (int[] s : sorted) {
            if (out.size() >= limit || s[0] < 0 || useDefault && s[0] == nr - 1) {
                continue;
            }
            Dest d = set.dests[s[0]];
            if ((out.isEmpty() || (flags & FAILOVER) != 0) && !out.contains(d)) {
                out.add(d);
            }
        }
        if (out.isEmpty()) {
            out.add(set.dests[chosen]);
        }
        if ((flags & FAILOVER) != 0 && useDefault && chosen != nr - 1 && out.size() < limit) {
            out.add(set.dests[nr - 1]);
        }
        return new Choice(out, 13, false);
    }

    private int uriHash(HostPort uri) {
        return SerHash.hash(uri.user(), (flags & HASH_USER_ONLY) != 0 ? null : uri.hostKey());
    }

    private static String trim(String s) {
        return s == null ? null : s.strip();
    }
}
