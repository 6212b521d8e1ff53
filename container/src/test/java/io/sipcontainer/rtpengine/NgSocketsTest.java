package io.sipcontainer.rtpengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class NgSocketsTest {

    @Test
    void kamailioSyntaxWithWeightsAndSets() {
        Map<Integer, List<NgNode>> sets = NgSockets.parse("udp:127.0.0.1:2223=2 127.0.0.1:2224 ; 1 == udp6:[::1]:2225");
        List<NgNode> first = sets.get(0);
        assertEquals("udp:127.0.0.1:2223", first.get(0).url());
        assertEquals(2, first.get(0).weight());
        assertEquals("udp:127.0.0.1:2224", first.get(1).url());
        assertEquals(1, first.get(1).weight());
        NgNode v6 = sets.get(1).get(0);
        assertEquals("udp6:[::1]:2225", v6.url());
        assertEquals(1, v6.setId());
        assertEquals(2, v6.index());
    }

    @Test
    void unusableSocketsAreRefusedWithTheReason() {
        Map<String, String> bad = Map.of(
                "tcp:127.0.0.1:2223", "only udp",
                "udp:127.0.0.1", "expected udp:host:port",
                "udp:127.0.0.1:99999", "between 1 and 65535",
                "udp:127.0.0.1:2223=x", "weight",
                "udp:[::1]:2223", "udp6",
                "x == udp:127.0.0.1:1", "set id",
                "1 == udp:127.0.0.1:1; 1 == udp:127.0.0.1:2", "twice");
        bad.forEach((text, reason) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NgSockets.parse(text), text);
            assertTrue(e.getMessage().contains(reason), text + ": " + e.getMessage());
        });
    }

    @Test
    void callsSpreadByWeightAndSkipDisabledInstances() {
        long[] now = {1_000};
        NgClient client = new NgClient(RtpengineSettings.of("udp:127.0.0.1:1=3 udp:127.0.0.1:2=1"), null, () -> now[0]);
        List<NgNode> nodes = client.nodes();
        Map<NgNode, Integer> counts = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            counts.merge(client.select("call-" + i, Set.of()), 1, Integer::sum);
        }
        int heavy = counts.get(nodes.get(0));
        assertTrue(heavy > 2700 && heavy < 3300, "weight 3 of 4 got " + heavy + " of 4000");
        assertSame(client.select("same", new HashSet<>()), client.select("same", new HashSet<>()),
                "one Call-ID, one instance");

        nodes.get(0).disableUntil(now[0] + 60_000);
        for (int i = 0; i < 100; i++) {
            assertSame(nodes.get(1), client.select("call-" + i, Set.of()));
        }
        assertEquals(null, client.select("x", Set.of(nodes.get(1))), "nothing left to try");
        now[0] += 60_000;
        assertTrue(nodes.get(0).usable(now[0]), "tried again once rtpengine_disable_tout has passed");
        nodes.get(0).setEnabled(false);
        now[0] = Long.MAX_VALUE - 1;
        assertTrue(!nodes.get(0).usable(now[0]), "disabled by hand until enabled by hand");
    }
}
