package io.sipcontainer.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The SER hash gives Kamailio's values. The expected numbers were computed by compiling the
 * {@code ds_get_hash} function of Kamailio's {@code dispatch.c} (gcc, x86-64, signed char) on
 * these inputs; they are what {@code kamctl rpc dispatcher.hash} prints there.
 */
class SerHashTest {

    private static long unsigned(int h) {
        return Integer.toUnsignedLong(h);
    }

    @Test
    void callIdHashesAsInKamailio() {
        assertEquals(2175018094L, unsigned(SerHash.hash("a84b4c76e66710@pc33.atlanta.com", null)));
        assertEquals(4164117998L, unsigned(SerHash.hash("call-1@127.0.0.1", null)));
        assertEquals(1790332925L, unsigned(SerHash.hash("1234567890", null)));
    }

    @Test
    void shortKeysUseTheTailLoopOnly() {
        assertEquals(7167810L, unsigned(SerHash.hash("abc", null)));
        assertEquals(1834959896L, unsigned(SerHash.hash("abcd", null)));
    }

    @Test
    void userAndHostKeysAddUp() {
        assertEquals(1053853112L, unsigned(SerHash.hash("alice", "atlanta.com")));
        assertEquals(1220057865L, unsigned(SerHash.hash("bob", "biloxi.com:5070")));
        assertEquals(1272520390L, unsigned(SerHash.hash("carol", "chicago.com")));
    }

    @Test
    void bytesAboveAsciiAreSignedAsInC() {
        assertEquals(3139016441L, unsigned(SerHash.hash("\u00e9t\u00e9", null)));
    }

    @Test
    void zeroBecomesOne() {
        assertEquals(1L, unsigned(SerHash.hash("", null)));
        assertEquals(1L, unsigned(SerHash.hash(null, null)));
    }

    @Test
    void slotIsTheUnsignedRemainder() {
        int h = SerHash.hash("a84b4c76e66710@pc33.atlanta.com", null); // above 2^31: negative as a Java int
        assertEquals(0, SerHash.slot(h, 2));
        assertEquals(1, SerHash.slot(h, 3));
        assertEquals(2, SerHash.slot(SerHash.hash("alice", "atlanta.com"), 3));
    }
}
