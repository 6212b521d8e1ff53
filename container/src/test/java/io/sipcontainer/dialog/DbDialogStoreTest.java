package io.sipcontainer.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sipcontainer.db.Database;
import io.sipcontainer.service.Dialog;
import io.sipcontainer.service.DialogService;
import io.sipcontainer.stats.StatisticsRegistry;

/**
 * The dialog table on a real (in-memory) H2 database per db_mode: a confirmed dialog written by
 * one tracker is tracked again, with its ids, legs, state and variables, by the next one; an
 * ended one is not; early dialogs are never written.
 */
class DbDialogStoreTest {
    private final Database db = Database.inMemory("dialogs-" + System.nanoTime());
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final DialogMessages msgs = new DialogMessages();

    @AfterEach
    void close() {
        db.close();
    }

    private DialogTracker tracker(int mode) throws Exception {
        DialogSettings s = new DialogSettings(3600, 30, 20, 300, false, false, 0, 0, 1, mode, 60, 16, Set.of(),
                Set.of(), true);
        DialogTable table = new DialogTable(s.hashSize());
        DbDialogStore store = new DbDialogStore(db, mode, table::all);
        return new DialogTracker(s, table, new DialogStats(new StatisticsRegistry()), store, (d, m, c, f) -> true,
                clock::get);
    }

    private static void closeStore(DialogTracker t) {
        t.close();
    }

    private Dialog confirmedCall(DialogTracker t) {
        var invite = msgs.invite();
        Dialog d = t.manage(invite);
        t.onResponse(msgs.response(invite, 200));
        t.onRequest(msgs.inDialog("ACK", 10, false));
        d.setVariable("account", "42");
        return d;
    }

    @Test
    void realtimeModeRestoresConfirmedDialogs() throws Exception {
        for (int mode = 1; mode <= 3; mode++) {
            DialogTracker first = tracker(mode);
            first.restore();
            Dialog d = confirmedCall(first);
            first.manage(msgs.invite()); // a spiral: nothing new
            closeStore(first);

            DialogTracker second = tracker(mode);
            assertEquals(1, second.restore(), "db_mode " + mode);
            Dialog back = second.find(d.hashEntry(), d.hashId()).orElseThrow();
            assertEquals(DialogService.CONFIRMED, back.state());
            assertEquals(d.callId(), back.callId());
            assertEquals(d.caller(), back.caller());
            assertEquals(d.callee(), back.callee());
            assertEquals(d.startTime(), back.startTime());
            assertEquals("42", back.variable("account"));

            second.onRequest(msgs.inDialog("BYE", 11, false));
            closeStore(second);
            DialogTracker third = tracker(mode);
            assertEquals(0, third.restore(), "an ended dialog is not restored (db_mode " + mode + ")");
            closeStore(third);
        }
    }

    @Test
    void earlyDialogsAreNotWritten() throws Exception {
        DialogTracker t = tracker(1);
        var invite = msgs.invite();
        t.manage(invite);
        t.onResponse(msgs.response(invite, 180));
        closeStore(t);
        assertTrue(tracker(1).restore() == 0);
        List<DialogImpl> none = new DbDialogStore(db, 1, List::of).load();
        assertTrue(none.isEmpty());
    }
}
