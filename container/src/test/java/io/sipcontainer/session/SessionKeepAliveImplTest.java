package io.sipcontainer.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** When the RFC 4028 timer of a session fires after a 2xx (RFC 4028 10). */
class SessionKeepAliveImplTest {

    @Test
    void theRefresherRefreshesAtHalfTheInterval() {
        assertEquals(45_000, SessionKeepAliveImpl.delayMillis(90, true));
        assertEquals(900_000, SessionKeepAliveImpl.delayMillis(1800, true));
    }

    @Test
    void theOtherSideEndsTheSessionAThirdOr32SecondsBeforeTheIntervalEnds() {
        assertEquals(60_000, SessionKeepAliveImpl.delayMillis(90, false), "a third of 90 s is less than 32 s");
        assertEquals(1_768_000, SessionKeepAliveImpl.delayMillis(1800, false), "32 s before the end");
    }
}
