package io.sipcontainer.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** Each algorithm spreads or pins requests as Kamailio's ds_manage_routes does. */
class SelectorTest {

    record Keys(String callId, String fromUri, String toUri, String requestUri, String authUser, String method,
            String pvar) implements RequestKeys {
        static Keys callId(String id) {
            return new Keys(id, "sip:alice@atlanta.com", "sip:bob@biloxi.com", "sip:bob@biloxi.com", null, "INVITE", null);
        }
    }

    private static final Keys ANY = Keys.callId("x");

    static DestSet set(String... lines) throws Exception {
        List<String> all = new ArrayList<>();
        for (String l : lines) {
            all.add("1 " + l);
        }
        return DsList.build(ListFile.parse("test.list", all), null, new SplittableRandom(7)).set(1);
    }

    private static Selector selector(int flags) {
        return new Selector(flags, false, new SplittableRandom(11), null);
    }

    private static List<String> uris(Selector.Choice c) {
        return c.dests().stream().map(Dest::uri).toList();
    }

    private static String first(Selector s, DestSet set, int alg, RequestKeys keys) {
        return s.select(set, alg, keys, 0).dests().get(0).uri();
    }

    private static Map<String, Integer> spread(Selector s, DestSet set, int alg, int n, java.util.function.IntFunction<RequestKeys> keys) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(first(s, set, alg, keys.apply(i)), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void setsAreOrderedByPriorityThenReverseFileOrderAsKamailioLeavesThem() throws Exception {
        DestSet set = set("sip:a 0 0", "sip:b 0 5", "sip:c 0 0", "sip:d 0 5");
        assertEquals(List.of("sip:d", "sip:b", "sip:c", "sip:a"),
                java.util.Arrays.stream(set.dests).map(Dest::uri).toList());
    }

    @Test
    void callIdHashPinsACallToKamailiosSlot() throws Exception {
        DestSet set = set("sip:c", "sip:b", "sip:a"); // order a, b, c
        Selector s = selector(0);
        // Kamailio's hash of this Call-ID is 2175018094, slot 1 of 3
        Keys call = Keys.callId("a84b4c76e66710@pc33.atlanta.com");
        for (int i = 0; i < 5; i++) {
            assertEquals("sip:b", first(s, set, 0, call));
        }
    }

    @Test
    void callIdHashSpreadsDistinctCallsEvenly() throws Exception {
        DestSet set = set("sip:c", "sip:b", "sip:a");
        Map<String, Integer> counts = spread(selector(0), set, 0, 3000, i -> Keys.callId("call-" + i + "@10.0.0.1"));
        assertEquals(3, counts.size(), counts.toString());
        counts.values().forEach(n -> assertTrue(n > 800 && n < 1200, "about a third each: " + counts));
    }

    @Test
    void fromToAndRequestUriHashesUseUserHostAndANonDefaultPort() throws Exception {
        DestSet set = set("sip:c", "sip:b", "sip:a");
        Selector s = selector(0);
        // hash("alice", "atlanta.com") = 1053853112, slot 2 of 3
        Keys from = new Keys("c1", "sip:alice@atlanta.com:5060;tag=1", null, null, null, "INVITE", null);
        assertEquals("sip:c", first(s, set, 1, from));
        // hash("bob", "biloxi.com:5070") = 1220057865, slot 0 of 3
        Keys to = new Keys("c1", null, "sip:bob@biloxi.com:5070", null, null, "INVITE", null);
        assertEquals("sip:a", first(s, set, 2, to));
        Keys ruri = new Keys("c1", null, null, "sip:bob@biloxi.com:5070;transport=udp", null, "INVITE", null);
        assertEquals("sip:a", first(s, set, 3, ruri));
        // flags bit 1: the user alone
        int userOnly = SerHash.slot(SerHash.hash("bob", null), 3);
        assertEquals(List.of("sip:a", "sip:b", "sip:c").get(userOnly), first(selector(Selector.HASH_USER_ONLY), set, 3, ruri));
    }

    @Test
    void anInactiveSlotMovesToTheNextActiveOneAndNoneActiveSelectsNothing() throws Exception {
        DestSet set = set("sip:c", "sip:b", "sip:a");
        Selector s = selector(Selector.FAILOVER);
        Keys call = Keys.callId("a84b4c76e66710@pc33.atlanta.com"); // slot 1: sip:b
        set.dests[1].flags = DsFlags.INACTIVE;
        Selector.Choice c = s.select(set, 0, call, 0);
        assertEquals(List.of("sip:c", "sip:a"), uris(c), "next active, then the failover order wraps around");
        set.dests[0].flags = DsFlags.DISABLED;
        set.dests[2].flags = DsFlags.INACTIVE | DsFlags.PROBING;
        assertTrue(s.select(set, 0, call, 0).dests().isEmpty());
    }

    @Test
    void roundRobinCyclesAndSkipsInactiveDestinations() throws Exception {
        DestSet set = set("sip:d", "sip:c", "sip:b", "sip:a");
        Selector s = selector(0);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            seen.add(first(s, set, 4, ANY));
        }
        assertEquals(List.of("sip:a", "sip:b", "sip:c", "sip:d", "sip:a", "sip:b", "sip:c", "sip:d"), seen);
        set.dests[1].flags = DsFlags.INACTIVE;
        seen.clear();
        for (int i = 0; i < 6; i++) {
            seen.add(first(s, set, 4, ANY));
        }
        assertEquals(List.of("sip:a", "sip:c", "sip:d", "sip:a", "sip:c", "sip:d"), seen);
    }

    @Test
    void authUserHashPinsAUserAndFallsBackToRoundRobinWithoutCredentials() throws Exception {
        DestSet set = set("sip:c", "sip:b", "sip:a");
        Selector s = selector(0);
        Keys alice = new Keys("c", null, null, null, "alice", "INVITE", null);
        String pinned = List.of("sip:a", "sip:b", "sip:c").get(SerHash.slot(SerHash.hash("alice", null), 3));
        for (int i = 0; i < 4; i++) {
            assertEquals(pinned, first(s, set, 5, alice));
        }
        assertEquals(List.of("sip:a", "sip:b", "sip:c"),
                List.of(first(s, set, 5, ANY), first(s, set, 5, ANY), first(s, set, 5, ANY)));
    }

    @Test
    void randomSpreadsEvenly() throws Exception {
        DestSet set = set("sip:c", "sip:b", "sip:a");
        Map<String, Integer> counts = spread(selector(0), set, 6, 3000, i -> ANY);
        assertEquals(3, counts.size());
        counts.values().forEach(n -> assertTrue(n > 850 && n < 1150, "about a third each: " + counts));
    }

    @Test
    void pvHashHashesTheTemplateValue() throws Exception {
        DestSet set = set("sip:c", "sip:b", "sip:a");
        Keys k = new Keys("c", null, null, null, null, "INVITE", "a84b4c76e66710@pc33.atlanta.com");
        assertEquals("sip:b", first(selector(0), set, 7, k));
        assertTrue(selector(0).select(set, 7, new Keys("c", null, null, null, null, "INVITE", " "), 0).dests().isEmpty(),
                "an empty value fails the selection, as in Kamailio");
    }

    @Test
    void priorityTakesTheFirstActiveAndFailsOverInOrder() throws Exception {
        DestSet set = set("sip:low 0 1", "sip:high 0 9", "sip:mid 0 5");
        Selector s = selector(Selector.FAILOVER);
        assertEquals(List.of("sip:high", "sip:mid", "sip:low"), uris(s.select(set, 8, ANY, 0)));
        assertEquals(List.of("sip:high", "sip:mid"), uris(s.select(set, 8, ANY, 2)), "limit 2");
        assertEquals(List.of("sip:high"), uris(selector(0).select(set, 8, ANY, 0)), "no failover without flags bit 2");
    }

    @Test
    void weightGivesEachDestinationItsPercentOfEveryHundredCalls() throws Exception {
        DestSet set = set("sip:c 0 0 weight=20", "sip:b 0 0 weight=30", "sip:a 0 0 weight=50");
        Selector s = selector(0);
        Map<String, Integer> first100 = spread(s, set, 9, 100, i -> ANY);
        assertEquals(Map.of("sip:a", 50, "sip:b", 30, "sip:c", 20), first100);
        Map<String, Integer> next200 = spread(s, set, 9, 200, i -> ANY);
        assertEquals(Map.of("sip:a", 100, "sip:b", 60, "sip:c", 40), next200);
    }

    @Test
    void weightsBelowAHundredLeaveTheRestToTheLastDestination() throws Exception {
        DestSet set = set("sip:b 0 0 weight=10", "sip:a 0 0 weight=20");
        assertEquals(Map.of("sip:a", 20, "sip:b", 80), spread(selector(0), set, 9, 100, i -> ANY));
    }

    @Test
    void relativeWeightIsSharedByTheActiveDestinationsOnly() throws Exception {
        DestSet set = set("sip:c 0 0 rweight=25", "sip:b 0 0 rweight=25", "sip:a 0 0 rweight=50");
        Selector s = selector(0);
        assertEquals(Map.of("sip:a", 50, "sip:b", 25, "sip:c", 25), spread(s, set, 11, 100, i -> ANY));
        synchronized (set) {
            set.dests[2].flags = DsFlags.INACTIVE; // sip:c
            set.initRelativeWeights();
        }
        // 50/75 and 25/75 of 100 slots, truncated: 66 and 33, the last one filled in takes the rest
        assertEquals(Map.of("sip:a", 66, "sip:b", 34), spread(s, set, 11, 100, i -> ANY));
    }

    @Test
    void callLoadGoesToTheLeastLoadedDuidAndIsReleasedWhenTheCallEnds() throws Exception {
        DestSet set = set("sip:b 0 0 duid=b;maxload=2", "sip:a 0 0 duid=a;maxload=2");
        LoadTable load = new LoadTable(3600);
        Selector s = new Selector(0, false, new SplittableRandom(1), load);
        assertEquals("sip:a", first(s, set, 10, Keys.callId("c1")));
        assertEquals("sip:b", first(s, set, 10, Keys.callId("c2")));
        assertEquals("sip:a", first(s, set, 10, Keys.callId("c3")));
        assertEquals("sip:b", first(s, set, 10, Keys.callId("c4")));
        assertTrue(s.select(set, 10, Keys.callId("c5"), 0).dests().isEmpty(), "both at maxload");
        load.remove("c2");
        assertEquals("sip:b", first(s, set, 10, Keys.callId("c6")));
        Keys options = new Keys("o1", null, null, null, null, "OPTIONS", null);
        assertEquals("sip:a", first(s, set, 10, options), "only an INVITE is load balanced: the first entry");
    }

    @Test
    void parallelTakesEveryDestinationFromTheFirstActiveOne() throws Exception {
        DestSet set = set("sip:c", "sip:b", "sip:a");
        set.dests[0].flags = DsFlags.INACTIVE;
        Selector.Choice c = selector(Selector.FAILOVER).select(set, 12, ANY, 0);
        assertTrue(c.parallel());
        assertEquals(List.of("sip:b", "sip:c"), uris(c));
    }

    @Test
    void latencyLowersThePriorityOfASlowDestination() throws Exception {
        DestSet set = set("sip:slow 0 10", "sip:fast 0 10", "sip:other 0 5"); // order fast, slow, other
        Selector s = selector(Selector.FAILOVER);
        assertEquals(List.of("sip:fast", "sip:slow", "sip:other"), uris(s.select(set, 13, ANY, 0)));
        assertEquals(List.of("sip:slow", "sip:fast", "sip:other"), uris(s.select(set, 13, ANY, 0)),
                "equal priorities rotate");
        set.dests[1].latency.init(80, 20); // sip:slow: 80 ms / priority 10 = a handicap of 8, priority 2
        assertEquals(List.of("sip:fast", "sip:other", "sip:slow"), uris(s.select(set, 13, ANY, 0)));
    }

    @Test
    void useDefaultKeepsTheLastDestinationOutOfTheRotationAndAppendsIt() throws Exception {
        DestSet set = set("sip:fallback 0 0", "sip:b 0 1", "sip:a 0 2"); // order a, b, fallback
        Selector s = new Selector(Selector.FAILOVER, true, new SplittableRandom(3), null);
        assertEquals(List.of("sip:a", "sip:b", "sip:fallback"), uris(s.select(set, 4, ANY, 0)));
        assertEquals(List.of("sip:b", "sip:a", "sip:fallback"), uris(s.select(set, 4, ANY, 0)));
        assertEquals(List.of("sip:a", "sip:b", "sip:fallback"), uris(s.select(set, 4, ANY, 0)), "never starts at the default");
        set.dests[0].flags = DsFlags.INACTIVE;
        set.dests[1].flags = DsFlags.INACTIVE;
        assertEquals(List.of("sip:fallback"), uris(s.select(set, 4, ANY, 0)), "the default when nothing else is usable");
    }
}
