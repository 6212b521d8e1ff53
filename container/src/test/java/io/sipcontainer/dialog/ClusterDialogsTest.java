package io.sipcontainer.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sipcontainer.cluster.SharedState;
import io.sipcontainer.cluster.TwoMembers;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.service.Dialog;
import io.sipcontainer.service.DialogService;
import io.sipcontainer.stats.StatisticsRegistry;

/**
 * The dialog module on two real Hazelcast members in this JVM, as two nodes use it: a dialog
 * confirmed on one is listed, counted in its profiles and ended (BYEs from the node that ended it)
 * on the other; a BYE reaching the other node ends it; when its node leaves, the survivor takes it
 * over and its timeout fires there once.
 */
class ClusterDialogsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    /** Two members the tests that keep both share (each test leaves the map empty). */
    private static TwoMembers shared;

    private final DialogMessages msgs = new DialogMessages();
    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());

    /** One node's dialog module, with the requests it sent. */
    private final class Node {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final StatisticsRegistry statistics = new StatisticsRegistry();
        final DialogTracker tracker;
        final DialogTimer timer;

        Node(SharedState state, boolean sendBye) {
            this(state, sendBye, false);
        }

        Node(SharedState state, boolean sendBye, boolean shareEarly) {
            DialogSettings s = new DialogSettings(60, 30, 20, 300, false, sendBye, 0, 0, 1, 0, 60, 16,
                    Set.of("calls"), Set.of("caller"), true, shareEarly);
            tracker = new DialogTracker(s, new DialogTable(s.hashSize()), new DialogStats(statistics),
                    DialogStore.NONE, (d, method, caller, f) -> {
                        sent.add(method + (caller ? " caller" : " callee"));
                        f.accept(200);
                        return true;
                    }, clock::get, state);
            tracker.share();
            // sharing starts on a thread of its own: a call made before would be written later
            await(() -> tracker.ownership().cluster().active(), () -> "not sharing");
            tracker.stats().clusterGauge(statistics, tracker.ownership()::othersConfirmed);
            timer = new DialogTimer(tracker);
        }

        /** INVITE, 200, ACK through this node, put in profiles "calls" and "caller"=alice. */
        Dialog call() {
            SipServletRequestImpl invite = msgs.invite();
            Dialog d = tracker.manage(invite);
            tracker.setProfile(d, "calls", null);
            tracker.setProfile(d, "caller", "alice");
            tracker.onResponse(msgs.response(invite, 200));
            tracker.onRequest(msgs.inDialog("ACK", 10, false));
            return d;
        }
    }

    @BeforeAll
    static void join() {
        shared = new TwoMembers();
    }

    @AfterAll
    static void leave() {
        shared.close();
    }

    private static void await(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Test
    void aDialogConfirmedOnOneNodeIsListedCountedAndEndedOnTheOther() {
        TwoMembers two = shared;
        {
            Node a = new Node(two.first, false);
            Node b = new Node(two.second, false);
            Dialog onA = a.call();
            // written at the 2xx, then at the ACK
            await(() -> b.tracker.list().size() == 1 && b.tracker.list().get(0).state() == DialogService.CONFIRMED,
                    () -> "B lists " + b.tracker.list());
            Dialog onB = b.tracker.list().get(0);
            assertEquals(onA.callId(), onB.callId());
            assertEquals(onA.hashEntry(), onB.hashEntry());
            assertEquals(onA.hashId(), onB.hashId(), "the same h_entry:h_id on both nodes");
            assertEquals(DialogService.CONFIRMED, onB.state());
            assertEquals(1, b.tracker.profileSize("calls", null), "A's dialog counts in B's profile");
            assertEquals(1, b.tracker.profileSize("caller", "alice"));
            assertEquals(0, b.tracker.profileSize("caller", "bob"));
            assertEquals(1, a.tracker.profileSize("calls", null), "and once only on A");
            assertEquals(1L, b.statistics.snapshot("dialog:cluster_active_dialogs").get("dialog:cluster_active_dialogs"));

            assertTrue(b.tracker.end(onB), "B ends A's dialog");
            assertEquals(List.of("BYE caller", "BYE callee"), b.sent, "the BYEs leave from B");
            assertTrue(a.sent.isEmpty(), "not from A too");
            await(() -> a.tracker.list().isEmpty() && b.tracker.list().isEmpty(),
                    () -> "left: A " + a.tracker.list() + ", B " + b.tracker.list());
            assertEquals(0, a.tracker.profileSize("calls", null));
            assertEquals(0, b.tracker.profileSize("calls", null));
            await(() -> two.first.map(ClusterDialogs.MAP).isEmpty(), () -> "left in the cluster: "
                    + two.first.map(ClusterDialogs.MAP));
        }
    }

    @Test
    void aByeReachingTheOtherNodeEndsTheDialogEverywhere() {
        TwoMembers two = shared;
        {
            Node a = new Node(two.first, false);
            Node b = new Node(two.second, false);
            a.call();
            await(() -> b.tracker.list().size() == 1, () -> "B lists " + b.tracker.list());
            b.tracker.onRequest(msgs.inDialog("BYE", 11, false));
            await(() -> a.tracker.list().isEmpty() && b.tracker.list().isEmpty(),
                    () -> "left: A " + a.tracker.list() + ", B " + b.tracker.list());
            await(() -> two.first.map(ClusterDialogs.MAP).isEmpty(), () -> "left in the cluster");
            assertEquals(0L, a.statistics.snapshot("dialog:active_dialogs").get("dialog:active_dialogs"));
            assertEquals(0L, b.statistics.snapshot("dialog:active_dialogs").get("dialog:active_dialogs"));
        }
    }

    /**
     * With cluster.replicate_early_dialogs, a ringing call through A is listed and counted in its
     * profile on B; its failure takes it away everywhere. Without it, B sees nothing until the 2xx.
     */
    @Test
    void anEarlyDialogIsSharedOnlyWhenConfigured() {
        TwoMembers two = shared;
        for (boolean early : new boolean[] {false, true}) {
            Node a = new Node(two.first, false, early);
            Node b = new Node(two.second, false, early);
            SipServletRequestImpl invite = msgs.invite();
            Dialog d = a.tracker.manage(invite);
            a.tracker.setProfile(d, "calls", null);
            a.tracker.onResponse(msgs.response(invite, 180));
            assertEquals(DialogService.EARLY, d.state());
            if (early) {
                await(() -> b.tracker.list().size() == 1, () -> "B lists " + b.tracker.list());
                assertEquals(DialogService.EARLY, b.tracker.list().get(0).state());
                assertEquals(1, b.tracker.profileSize("calls", null), "A's ringing call counts on B");
                assertEquals(0L, b.statistics.snapshot("dialog:cluster_active_dialogs")
                        .get("dialog:cluster_active_dialogs"), "not an active one");
            } else {
                assertTrue(two.first.map(ClusterDialogs.MAP).isEmpty(), "not shared: " + two.first.map(ClusterDialogs.MAP));
                assertTrue(b.tracker.list().isEmpty());
            }
            a.tracker.onResponse(msgs.response(invite, 486));
            await(() -> a.tracker.list().isEmpty() && b.tracker.list().isEmpty(),
                    () -> "left: A " + a.tracker.list() + ", B " + b.tracker.list());
            await(() -> two.first.map(ClusterDialogs.MAP).isEmpty(), () -> "left in the cluster");
        }
    }

    /** An application on B sets a variable on A's dialog: B takes the dialog over, and keeps and shares it. */
    @Test
    void aVariableSetOnAnotherNodesDialogIsKeptAndSeenEverywhere() {
        TwoMembers two = shared;
        {
            Node a = new Node(two.first, false);
            Node b = new Node(two.second, false);
            a.call();
            await(() -> b.tracker.list().size() == 1, () -> "B lists " + b.tracker.list());
            b.tracker.list().get(0).setVariable("billing", "gold");
            assertEquals("gold", b.tracker.list().get(0).variable("billing"), "B's own now: " + b.tracker.list());
            await(() -> a.tracker.list().size() == 1 && "gold".equals(a.tracker.list().get(0).variable("billing")),
                    () -> "A sees " + a.tracker.list());
            assertEquals(0L, a.statistics.snapshot("dialog:active_dialogs").get("dialog:active_dialogs"),
                    "A let it go");
            assertEquals(1L, b.statistics.snapshot("dialog:active_dialogs").get("dialog:active_dialogs"));
            b.tracker.onRequest(msgs.inDialog("BYE", 11, false));
            await(() -> a.tracker.list().isEmpty() && b.tracker.list().isEmpty(),
                    () -> "left: A " + a.tracker.list() + ", B " + b.tracker.list() + "; A's own " + a.tracker.table().all()
                            + ", map " + two.first.map(ClusterDialogs.MAP).values());
            await(() -> two.first.map(ClusterDialogs.MAP).isEmpty(), () -> "left in the cluster");
        }
    }

    /**
     * The race of a BYE sent to B a moment after the call was confirmed through A: B's view has
     * not heard of the dialog yet. Here B hears of no dialog at all (its entry events are dropped),
     * so only its read of the shared map can find it.
     */
    @Test
    void aByeReachingTheOtherNodeBeforeItHeardOfTheDialogEndsItEverywhere() {
        TwoMembers two = shared;
        {
            Node a = new Node(two.first, false);
            Node b = new Node(deaf(two.second), false);
            a.call();
            String key = DialogCopy.key(a.tracker.list().get(0).callId(), DialogMessages.CALLER_TAG);
            await(() -> two.second.map(ClusterDialogs.MAP).containsKey(key), () -> "A's dialog not written");
            assertTrue(b.tracker.list().isEmpty(), "B has heard of nothing: " + b.tracker.list());
            b.tracker.onRequest(msgs.inDialog("BYE", 11, true)); // from the callee: its tags the other way round
            assertEquals(0L, b.statistics.snapshot("dialog:active_dialogs").get("dialog:active_dialogs"));
            await(() -> a.tracker.list().isEmpty(), () -> "left on A: " + a.tracker.list());
            await(() -> two.first.map(ClusterDialogs.MAP).isEmpty(), () -> "left in the cluster");
            assertEquals(0L, a.statistics.snapshot("dialog:active_dialogs").get("dialog:active_dialogs"));
            b.tracker.onRequest(msgs.inDialog("NOTIFY", 12, true)); // no dialog anywhere: nothing happens
            assertTrue(b.tracker.list().isEmpty());
        }
    }

    /** A node's shared state that gives it no entry events (all else as {@code state}). */
    private static SharedState deaf(SharedState state) {
        return (SharedState) java.lang.reflect.Proxy.newProxyInstance(SharedState.class.getClassLoader(),
                new Class<?>[] {SharedState.class}, (proxy, method, args) -> {
                    if ("listen".equals(method.getName())) {
                        return null;
                    }
                    try {
                        return method.invoke(state, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void theDialogsOfANodeThatLeftTimeOutOnceOnTheSurvivor() {
        TwoMembers two = new TwoMembers();
        try {
            Node a = new Node(two.first, true);
            Node b = new Node(two.second, true);
            Dialog onA = a.call();
            await(() -> b.tracker.list().size() == 1, () -> "B lists " + b.tracker.list());
            two.first.close(); // A leaves
            await(() -> !two.second.isLive(two.first.localMember()), () -> "A still a member");
            b.timer.tick(); // takes it over
            assertEquals(1, b.tracker.list().size(), "still listed on B: " + b.tracker.list());
            assertTrue(b.sent.isEmpty(), "not due yet: " + b.sent);
            clock.addAndGet(61_000); // default_timeout passed
            b.timer.tick();
            assertEquals(List.of("BYE caller", "BYE callee"), b.sent, "the timeout fired on B, once, with send_bye");
            b.timer.tick();
            assertEquals(2, b.sent.size());
            assertTrue(b.tracker.list().isEmpty(), "gone: " + b.tracker.list());
            assertEquals(1L, b.statistics.snapshot("dialog:expired_dialogs").get("dialog:expired_dialogs"));
            assertNotEquals(0, onA.hashId());
            String key = DialogCopy.key(onA.callId(), DialogMessages.CALLER_TAG);
            await(() -> !two.second.map(ClusterDialogs.MAP).containsKey(key), () -> "still in the cluster");

            // A comes back with its database (dialog.db_mode), which still holds the call: not restored
            await(() -> two.second.map(ClusterDialogs.ENDED_ORPHANS).containsKey(key), () -> "its end not remembered");
            DialogImpl row = DialogCopy.of((DialogImpl) onA, "gone").toDialog(new DialogProfiles(Set.of(), Set.of()));
            List<DialogImpl> removedRows = new CopyOnWriteArrayList<>();
            DialogStore database = new DialogStore() {
                @Override
                public List<DialogImpl> load() {
                    return List.of(row);
                }

                @Override
                public void removed(DialogImpl d) {
                    removedRows.add(d);
                }
            };
            DialogSettings s = new DialogSettings(60, 30, 20, 300, false, true, 0, 0, 1, 1, 60, 16, Set.of(), Set.of(),
                    true);
            DialogTracker back = new DialogTracker(s, new DialogTable(16), new DialogStats(new StatisticsRegistry()),
                    database, (d, method, caller, f) -> true, clock::get, two.second);
            assertEquals(1, back.restore());
            back.share();
            await(() -> back.list().isEmpty() && removedRows.size() == 1,
                    () -> "restored though ended: " + back.list() + ", rows removed " + removedRows);
        } finally {
            two.second.close();
        }
    }
}
