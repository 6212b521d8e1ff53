package io.sipcontainer.dispatcher;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One destination set: its destinations in Kamailio's order (priority, highest first; equal
 * priorities in the reverse of the file order, as Kamailio's list insertion leaves them), the
 * round-robin position, and the 100-slot tables of algorithms 9 (weight) and 11 (relative weight).
 * Every read or change of its destinations' state holds this object's monitor.
 */
final class DestSet {
    final int id;
    final Dest[] dests;
    /** The next round-robin position (Kamailio's {@code last}). */
    int last;
    final int[] wlist = new int[100];
    int wlast;
    final int[] rwlist = new int[100];
    int rwlast;
    private final RandomGenerator random;

    DestSet(int id, List<Dest> ordered, RandomGenerator random) {
        this.id = id;
        this.dests = ordered.toArray(new Dest[0]);
        this.random = random;
        initWeights();
        initRelativeWeights();
    }

    int size() {
        return dests.length;
    }

    Dest find(String uri) {
        for (Dest d : dests) {
            if (d.uri().equalsIgnoreCase(uri)) {
                return d;
            }
        }
        return null;
    }

    /**
     * Algorithm 9's table: each destination's index as many times as its weight, the first
     * destinations first when the weights pass 100, the last one filling what they leave, then
     * shuffled so that the share holds over every 100 calls without runs. No table (all slots 0)
     * when the first destination has no weight.
     */
    private void initWeights() {
        if (dests.length == 0 || dests[0].attrs().weight() == 0) {
            return;
        }
        int t = 0;
        fill:
        for (int j = 0; j < dests.length; j++) {
            for (int k = 0; k < dests[j].attrs().weight(); k++) {
                if (t >= 100) {
                    break fill;
                }
                wlist[t++] = j;
            }
        }
        for (; t < 100; t++) {
            wlist[t] = dests.length - 1;
        }
        shuffle(wlist);
    }

    /**
     * Algorithm 11's table over the active destinations: each gets rweight * 100 / sum slots,
     * the last one filled in gets what truncation leaves; rebuilt whenever a destination with an
     * rweight becomes usable or unusable. Caller holds the monitor (or the set is not shared yet).
     */
    void initRelativeWeights() {
        if (dests.length < 2) {
            return;
        }
        int sum = 0;
        for (Dest d : dests) {
            if (!DsFlags.skip(d.flags)) {
                sum += d.attrs().rweight();
            }
        }
        if (sum == 0) {
            return;
        }
        int t = 0;
        for (int j = 0; j < dests.length; j++) {
            if (DsFlags.skip(dests[j].flags)) {
                continue;
            }
            int slice = dests[j].attrs().rweight() * 100 / sum;
            for (int k = 0; k < slice; k++) {
                rwlist[t++] = j;
            }
        }
        int lastInsert = t > 0 ? rwlist[t - 1] : dests.length - 1;
        for (int j = t; j < 100; j++) {
            rwlist[j] = lastInsert;
        }
        shuffle(rwlist);
    }

    private void shuffle(int[] a) {
        for (int j = 0; j < a.length; j++) {
            int k = j + random.nextInt(a.length - j);
            int x = a[j];
            a[j] = a[k];
            a[k] = x;
        }
    }
}
