package io.sipcontainer.apps.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The values checked against Kamailio 5.6 with its default configuration (maxfwd "10", max_limit 70). */
class MaxForwardsTest {
    private final MaxForwards kamailio = new MaxForwards(10, 70);

    @Test
    void missingHeaderIsInsertedAsTheConfiguredValue() {
        assertEquals(10, kamailio.forwarded(null));
    }

    @Test
    void ordinaryValuesAreDecremented() {
        assertEquals(69, kamailio.forwarded("70"));
        assertEquals(4, kamailio.forwarded(" 5 "));
        assertEquals(0, kamailio.forwarded("1"), "1 still goes on, as 0");
    }

    @Test
    void valuesAboveTheLimitGoOnAsTheLimit() {
        assertEquals(70, kamailio.forwarded("100"));
        assertEquals(70, kamailio.forwarded("71"));
        assertEquals(70, kamailio.forwarded("300"), "above 255 counts as 255, then the limit applies");
    }

    @Test
    void zeroOrGarbageMeansTooManyHops() {
        assertEquals(MaxForwards.TOO_MANY_HOPS, kamailio.forwarded("0"));
        assertEquals(MaxForwards.TOO_MANY_HOPS, kamailio.forwarded("abc"));
        assertEquals(MaxForwards.TOO_MANY_HOPS, kamailio.forwarded(""));
        assertEquals(MaxForwards.TOO_MANY_HOPS, kamailio.forwarded("-1"));
    }

    @Test
    void aZeroLimitTurnsClampingOff() {
        MaxForwards noLimit = new MaxForwards(10, 0);
        assertEquals(99, noLimit.forwarded("100"));
        assertEquals(254, noLimit.forwarded("255"));
    }
}
