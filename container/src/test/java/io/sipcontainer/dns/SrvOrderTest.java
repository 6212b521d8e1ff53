package io.sipcontainer.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.sipcontainer.dns.SrvOrder.Srv;

/** RFC 2782 ordering of SRV records: priority first, then weight (drawn at random with {@code dns_srv_lb}). */
class SrvOrderTest {
    private static final Srv LOW_A = new Srv(10, 60, 5060, "a.example.test");
    private static final Srv LOW_B = new Srv(10, 30, 5060, "b.example.test");
    private static final Srv LOW_C = new Srv(10, 10, 5060, "c.example.test");
    private static final Srv HIGH = new Srv(20, 100, 5060, "backup.example.test");

    @Test
    void lowerPriorityAlwaysComesFirstAndWithoutLoadBalancingHeavierWeightLeads() {
        List<Srv> ordered = SrvOrder.order(List.of(HIGH, LOW_C, LOW_A, LOW_B), false, new Random(1));
        assertEquals(List.of(LOW_A, LOW_B, LOW_C, HIGH), ordered);
    }

    @Test
    void withLoadBalancingTheFirstTargetIsDrawnInProportionToWeight() {
        Random random = new Random(42);
        int[] first = new int[3];
        int draws = 10_000;
        for (int i = 0; i < draws; i++) {
            List<Srv> ordered = SrvOrder.order(List.of(LOW_A, LOW_B, LOW_C, HIGH), true, random);
            assertEquals(HIGH, ordered.get(3), "priority 20 stays behind every priority 10 record");
            first[List.of(LOW_A, LOW_B, LOW_C).indexOf(ordered.get(0))]++;
        }
        assertShare(first[0], draws, 0.60);
        assertShare(first[1], draws, 0.30);
        assertShare(first[2], draws, 0.10);
    }

    @Test
    void zeroWeightRecordsAreStillTriedAfterTheWeightedOnes() {
        Srv zero = new Srv(10, 0, 5060, "zero.example.test");
        Random random = new Random(7);
        int zeroFirst = 0;
        for (int i = 0; i < 1000; i++) {
            List<Srv> ordered = SrvOrder.order(List.of(zero, LOW_A), true, random);
            assertEquals(2, ordered.size());
            if (ordered.get(0) == zero) {
                zeroFirst++;
            }
        }
        assertTrue(zeroFirst < 50, "weight 0 is rarely first (RFC 2782): " + zeroFirst + " of 1000");
    }

    private static void assertShare(int count, int total, double expected) {
        double share = (double) count / total;
        assertTrue(Math.abs(share - expected) < 0.03, "share " + share + ", expected about " + expected);
    }
}
