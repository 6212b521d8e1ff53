package io.sipcontainer.dns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The order RFC 2782 gives SRV records: lowest priority first; within one priority, with
 * {@code dns_srv_lb}, a weighted random draw (a record's chance to come next is its weight over the
 * sum of those left, weight 0 rarely first), otherwise the higher weight first, as Kamailio does
 * without load balancing.
 */
public final class SrvOrder {

    /** An SRV record's fields that matter for ordering and for the next lookup. */
    public record Srv(int priority, int weight, int port, String target) {
    }

    private SrvOrder() {
    }

    /** The records in the order to try them; {@code random} draws among equal priorities. */
    public static List<Srv> order(List<Srv> records, boolean loadBalance, RandomGenerator random) {
        List<Srv> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingInt(Srv::priority).thenComparing(Comparator.comparingInt(Srv::weight).reversed()));
        if (!loadBalance) {
            return sorted;
        }
        List<Srv> result = new ArrayList<>(sorted.size());
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j < sorted.size() && sorted.get(j).priority() == sorted.get(i).priority()) {
                j++;
            }
            result.addAll(weighted(new ArrayList<>(sorted.subList(i, j)), random));
            i = j;
        }
        return result;
    }

    /** RFC 2782's selection: zero weights first in the list, then running sums against a random number. */
    private static List<Srv> weighted(List<Srv> group, RandomGenerator random) {
        group.sort(Comparator.comparingInt(Srv::weight)); // zero-weight records at the start, as the RFC asks
        List<Srv> out = new ArrayList<>(group.size());
        while (!group.isEmpty()) {
            int total = 0;
            for (Srv s : group) {
                total += s.weight();
            }
            int pick = total == 0 ? 0 : random.nextInt(total + 1);
            int sum = 0;
            int chosen = group.size() - 1;
            for (int k = 0; k < group.size(); k++) {
                sum += group.get(k).weight();
                if (sum >= pick) {
                    chosen = k;
                    break;
                }
            }
            out.add(group.remove(chosen));
        }
        return out;
    }
}
