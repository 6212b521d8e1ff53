package io.sipcontainer.overload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Kamailio's pike counting on a clock the test moves: density per unit, ban, forgetting, top. */
class PikeTest {
    private final AtomicLong now = new AtomicLong(1_000_000);

    private Pike pike(int density, int maxSources) {
        return new Pike(new PikeSettings(true, Duration.ofSeconds(2), density, Duration.ofSeconds(120),
                Duration.ofSeconds(300), maxSources), now::get);
    }

    @Test
    void aSourcePastTheDensityInOneUnitIsBannedForTheBanTime() {
        Pike pike = pike(3, 100);
        for (int i = 0; i < 3; i++) {
            assertTrue(pike.allow("192.0.2.1"), "request " + (i + 1) + " of 3 per unit");
        }
        assertFalse(pike.allow("192.0.2.1"), "the fourth in the same 2 s");
        assertTrue(pike.allow("192.0.2.2"), "another source is not affected");

        now.addAndGet(10_000); // quiet for five units: still banned
        assertFalse(pike.allow("192.0.2.1"));
        assertTrue(pike.isBanned("192.0.2.1"));
        now.addAndGet(300_000);
        assertTrue(pike.allow("192.0.2.1"), "the ban ends after ban_time");
    }

    @Test
    void requestsSpreadOverUnitsStayUnderTheDensity() {
        Pike pike = pike(3, 100);
        for (int unit = 0; unit < 10; unit++) {
            for (int i = 0; i < 3; i++) {
                assertTrue(pike.allow("192.0.2.1"), "unit " + unit + " request " + i);
            }
            now.addAndGet(2_000);
        }
    }

    @Test
    void topListsSourcesBusiestFirstWithKamailiosStatus() {
        Pike pike = pike(4, 100);
        for (int i = 0; i < 6; i++) {
            pike.allow("192.0.2.9");
        }
        for (int i = 0; i < 3; i++) {
            pike.allow("192.0.2.8");
        }
        pike.allow("192.0.2.7");
        List<Pike.Source> all = pike.top("ALL");
        assertEquals(List.of("192.0.2.9", "192.0.2.8", "192.0.2.7"), all.stream().map(Pike.Source::address).toList());
        assertEquals("HOT", all.get(0).status());
        assertEquals(6, all.get(0).hitsCurrent());
        assertEquals(300, all.get(0).expiresSeconds(), "a banned source expires with its ban");
        assertEquals("WARM", all.get(1).status(), "past half the density");
        assertEquals("COLD", all.get(2).status());
        assertEquals(List.of("192.0.2.9"), pike.top("HOT").stream().map(Pike.Source::address).toList());
    }

    @Test
    void quietSourcesAreForgottenAndTheTableIsBounded() {
        Pike pike = pike(30, 100);
        for (int i = 0; i < 100; i++) {
            pike.allow("198.51.100." + i);
        }
        assertTrue(pike.allow("203.0.113.1"), "a full table lets new sources through rather than grow");
        assertEquals(100, pike.top("ALL").size());
        now.addAndGet(121_000);
        assertEquals(100, pike.sweep());
        assertEquals(0, pike.top("ALL").size());
    }
}
