package io.sipcontainer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DarLinesTest {

    @Test
    void theShortFormListsEachApplicationInOrder() {
        assertEquals("INVITE: (\"a\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"0\"), "
                + "(\"b\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"1\")\n", DarLines.toText("INVITE: a, b"));
    }

    @Test
    void aFullLineIsKeptAsWritten() {
        String full = "REGISTER: (\"registrar\", \"DAR:To\", \"TERMINATING\", \"\", \"NO_ROUTE\", \"0\")";
        assertEquals(full + "\n", DarLines.toText(full));
    }

    @Test
    void aLineWithoutMethodOrApplicationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DarLines.toText("hello"));
        assertThrows(IllegalArgumentException.class, () -> DarLines.toText("INVITE: a,,b"));
    }
}
