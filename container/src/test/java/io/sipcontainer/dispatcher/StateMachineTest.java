package io.sipcontainer.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Probe answers and ds_mark_dst move states as Kamailio's ds_update_state does. */
class StateMachineTest {

    private static Dest dest(int flags) throws Exception {
        return new Dest(ListFile.parse("t", List.of("1 sip:gw " + flags)).get(0));
    }

    private static StateMachine machine(int mode, int probing, int inactive) {
        return new StateMachine(DsSettings.defaults(Path.of("x")).withProbing(mode, probing, inactive));
    }

    @Test
    void failedProbesMakeItInactiveAfterTheThresholdAndAnswersBringItBack() throws Exception {
        StateMachine m = machine(StateMachine.PROBE_ALL, 3, 2);
        Dest d = dest(0);
        assertFalse(m.probed(d, 408));
        assertEquals("TP", DsFlags.text(d.flags));
        assertFalse(m.probed(d, 503));
        assertTrue(m.probed(d, 408), "third failure: down");
        assertEquals("IP", DsFlags.text(d.flags));
        assertFalse(m.probed(d, 200), "first answer: still inactive (ds_inactive_threshold 2)");
        assertEquals("IP", DsFlags.text(d.flags));
        assertTrue(m.probed(d, 200));
        assertEquals("AP", DsFlags.text(d.flags));
    }

    @Test
    void configuredReplyCodesCountAsAnswers() throws Exception {
        DsSettings s = new DsSettings(Path.of("x"), false, "dispatcher", 2, false, java.time.Duration.ZERO,
                "sip:dispatcher@localhost", 1, 1, 1, Set.of(404), Set.of(4), false, 0.9, 0, 7200, "");
        StateMachine m = new StateMachine(s);
        Dest d = dest(DsFlags.INACTIVE);
        m.probed(d, 404);
        assertEquals("AP", DsFlags.text(d.flags));
        m.probed(d, 486);
        assertEquals("AP", DsFlags.text(d.flags), "class 4");
        m.probed(d, 500);
        assertEquals("IP", DsFlags.text(d.flags));
    }

    @Test
    void probingModesChooseWhoIsProbed() throws Exception {
        assertTrue(machine(1, 1, 1).shouldProbe(dest(0)), "mode 1: all");
        assertFalse(machine(0, 1, 1).shouldProbe(dest(0)), "mode 0: only flagged");
        assertTrue(machine(0, 1, 1).shouldProbe(dest(DsFlags.PROBING)));
        assertFalse(machine(2, 1, 1).shouldProbe(dest(DsFlags.PROBING)), "mode 2: inactive and flagged");
        assertTrue(machine(2, 1, 1).shouldProbe(dest(DsFlags.PROBING | DsFlags.INACTIVE)));
        assertFalse(machine(1, 1, 1).shouldProbe(dest(DsFlags.DISABLED)), "disabled ones never");
        assertFalse(machine(1, 1, 1).shouldProbe(dest(DsFlags.NO_PING)));
    }

    @Test
    void modeThreeKeepsProbingAnActiveFlaggedDestination() throws Exception {
        StateMachine m = machine(StateMachine.PROBE_ONLY_FLAGGED, 1, 1);
        Dest d = dest(DsFlags.PROBING);
        m.probed(d, 200);
        assertEquals("AP", DsFlags.text(d.flags));
        assertTrue(m.shouldProbe(d));
        Dest unflagged = dest(0);
        assertFalse(m.probed(unflagged, 408), "not flagged: the answer is ignored");
        assertEquals("AX", DsFlags.text(unflagged.flags));
    }

    @Test
    void aDisabledDestinationIgnoresProbeAnswersAndSetStateIgnoresThresholds() throws Exception {
        StateMachine m = machine(1, 5, 5);
        Dest d = dest(DsFlags.DISABLED);
        m.probed(d, 200);
        assertEquals("DX", DsFlags.text(d.flags));
        assertFalse(StateMachine.reinit(d, DsFlags.parseState("ip")), "disabled to inactive: still unusable");
        assertEquals("IP", DsFlags.text(d.flags));
        assertTrue(StateMachine.reinit(d, DsFlags.parseState("a")));
        assertEquals("AX", DsFlags.text(d.flags));
    }

    @Test
    void stateLettersParseAsKamailioDoes() {
        assertEquals(DsFlags.INACTIVE | DsFlags.PROBING, DsFlags.parseState("IP"));
        assertEquals(0, DsFlags.parseState("1"));
        assertEquals(DsFlags.DISABLED, DsFlags.parseState("dp"), "p is ignored with d");
        assertEquals(DsFlags.TRYING, DsFlags.parseState("3"));
        assertEquals(-1, DsFlags.parseState("x"));
        assertEquals("TX", DsFlags.text(DsFlags.TRYING));
        assertEquals("AN", DsFlags.text(DsFlags.NO_PING));
    }
}
