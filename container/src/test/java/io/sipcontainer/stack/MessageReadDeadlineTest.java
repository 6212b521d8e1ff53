package io.sipcontainer.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MessageReadDeadlineTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aMessageStillIncompletePastTheTimeoutIsOverdueUntilItEnds() throws Exception {
        MessageReadDeadline deadline = new MessageReadDeadline(0);
        assertEquals(-1, deadline.overdue(bytes("\r\n\r\n")), "keepalives start nothing");
        assertEquals(-1, deadline.overdue(bytes("\r\n")));
        assertEquals(-1, deadline.overdue(bytes("OPT")), "the first bytes start the clock");
        long begun = System.currentTimeMillis();
        while (System.currentTimeMillis() == begun) {
            Thread.onSpinWait(); // a timeout of 0 is past as soon as the clock moves
        }
        assertTrue(deadline.overdue(bytes("IONS")) >= 1, "past the timeout");
        deadline.messageEnded();
        assertEquals(-1, deadline.overdue(bytes("OPTIONS")), "a new message starts afresh");
    }

    @Test
    void withinTheTimeoutNothingIsOverdue() {
        MessageReadDeadline deadline = new MessageReadDeadline(60_000);
        assertEquals(-1, deadline.overdue(bytes("INVITE sip:")));
        assertEquals(-1, deadline.overdue(bytes("x SIP/2.0\r\n")));
    }
}
