package io.sipcontainer.overload;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LightSourcesTest {
    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void aSourcePastItsAllowanceIsNotLightUntilTheNextSecond() {
        LightSources light = new LightSources(3, 100, 1000, now::get);
        for (int i = 0; i < 3; i++) {
            assertTrue(light.admit("192.0.2.1"), "request " + (i + 1) + " of 3");
        }
        assertFalse(light.admit("192.0.2.1"), "the fourth in the same second");
        assertTrue(light.admit("192.0.2.2"), "another source has its own allowance");
        now.addAndGet(1000);
        assertTrue(light.admit("192.0.2.1"), "a new second, a new allowance");
    }

    @Test
    void manyLightSourcesTogetherGetNoMoreThanTheTotal() {
        LightSources light = new LightSources(5, 10, 1000, now::get);
        int admitted = 0;
        for (int i = 0; i < 50; i++) {
            admitted += light.admit("198.51.100." + i) ? 1 : 0;
        }
        assertTrue(admitted == 10, "a flood spread over addresses is bounded by the total: " + admitted);
    }

    @Test
    void pastTheSourceBoundNewSourcesAreNotLightAndZeroTurnsItOff() {
        LightSources light = new LightSources(5, 1000, 2, now::get);
        assertTrue(light.admit("a"));
        assertTrue(light.admit("b"));
        assertFalse(light.admit("c"), "a third source in a table of two");
        assertTrue(light.admit("a"), "known sources still counted");
        assertFalse(new LightSources(0, 1000, 10, now::get).admit("a"));
    }
}
