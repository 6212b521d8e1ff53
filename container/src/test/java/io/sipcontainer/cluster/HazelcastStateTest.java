package io.sipcontainer.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

import org.junit.jupiter.api.Test;

class HazelcastStateTest {

    @Test
    void whatOneMemberPutsTheOtherReadsAndEachOwnsAShareOfTheKeys() {
        try (TwoMembers two = new TwoMembers()) {
            ConcurrentMap<String, String> onFirst = two.first.map("test.map");
            ConcurrentMap<String, String> onSecond = two.second.map("test.map");
            for (int i = 0; i < 100; i++) {
                onFirst.put("k" + i, "v" + i);
            }
            assertEquals("v42", onSecond.get("k42"));
            int firstOwns = two.first.localKeys(onFirst).size();
            int secondOwns = two.second.localKeys(onSecond).size();
            assertEquals(100, firstOwns + secondOwns, "every key is owned by exactly one member");
            assertTrue(firstOwns > 0 && secondOwns > 0, "both own some: " + firstOwns + "/" + secondOwns);
        }
    }

    @Test
    void sipAddressesOfAMemberAreThePeersOwnEvenAfterItLeaves() {
        try (TwoMembers two = new TwoMembers()) {
            two.first.publishSipAddresses(List.of("127.0.0.1:5071"));
            two.second.publishSipAddresses(List.of("127.0.0.1:5072"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!two.second.isPeerSipAddress("127.0.0.1", 5071) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(two.second.isPeerSipAddress("127.0.0.1", 5071));
            assertFalse(two.second.isPeerSipAddress("127.0.0.1", 5072), "its own address is not a peer's");
            assertFalse(two.second.isPeerSipAddress("127.0.0.1", 5073));
            List<Map<String, Object>> members = two.second.members();
            assertEquals(2, members.size());
            two.first.close();
            assertTrue(two.second.isPeerSipAddress("127.0.0.1", 5071), "dialogs it record-routed go on here");
        }
    }

    @Test
    void aMemberAloneStartsWithoutWaitingForOthers() {
        long started = System.nanoTime();
        HazelcastState alone = TwoMembers.alone();
        try {
            assertEquals(1, alone.members().size());
            assertTrue(alone.clustered());
            assertEquals(1, alone.status().get("members"));
        } finally {
            alone.close();
        }
        System.out.println("a member alone started and stopped in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }
}
