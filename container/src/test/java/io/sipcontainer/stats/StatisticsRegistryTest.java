package io.sipcontainer.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class StatisticsRegistryTest {

    @Test
    void countersAndGaugesAreSelectedByAllGroupOrExactName() {
        StatisticsRegistry stats = new StatisticsRegistry();
        stats.counter("sl", "200_replies").add(3);
        stats.counter("tmx", "UAS_transactions").increment();
        AtomicLong active = new AtomicLong(7);
        stats.gauge("dialog", "active_dialogs", active::get);

        assertEquals(Map.of("sl:200_replies", 3L, "tmx:UAS_transactions", 1L, "dialog:active_dialogs", 7L),
                stats.snapshot("all"));
        assertEquals(Map.of("sl:200_replies", 3L), stats.snapshot("sl:"));
        assertEquals(Map.of("sl:200_replies", 3L), stats.snapshot("sl"));
        assertEquals(Map.of("tmx:UAS_transactions", 1L), stats.snapshot("tmx:UAS_transactions"));
        active.set(2);
        assertEquals(2L, stats.snapshot("dialog:active_dialogs").get("dialog:active_dialogs"));
    }

    @Test
    void resetClearsCountersButNotGauges() {
        StatisticsRegistry stats = new StatisticsRegistry();
        stats.counter("sl", "200_replies").add(3);
        stats.gauge("usrloc", "location-contacts", () -> 5);
        stats.reset("all");
        assertEquals(0L, stats.snapshot("sl:200_replies").get("sl:200_replies"));
        assertEquals(5L, stats.snapshot("usrloc:location-contacts").get("usrloc:location-contacts"));
        stats.remove("usrloc", "location-contacts");
        assertFalse(stats.snapshot("all").containsKey("usrloc:location-contacts"));
    }

    @Test
    void slAndTmxCountersFollowKamailiosNames() {
        StatisticsRegistry stats = new StatisticsRegistry();
        SipCounters counters = new SipCounters(stats);
        counters.serverTransactionCreated();
        counters.replySent(404, false);
        counters.replySent(180, true);
        counters.replySent(200, true);
        Map<String, Long> s = stats.snapshot("all");
        assertEquals(1L, s.get("sl:404_replies"));
        assertEquals(1L, s.get("sl:4xx_replies"));
        assertEquals(1L, s.get("sl:sent_err_replies"));
        assertEquals(2L, s.get("tmx:rpl_relayed"));
        assertEquals(1L, s.get("tmx:rpl_generated"));
        assertEquals(1L, s.get("tmx:2xx_transactions"));
        assertEquals(1L, s.get("tmx:inuse_transactions"));
        assertTrue(s.containsKey("tmx:UAC_transactions"));
    }
}
