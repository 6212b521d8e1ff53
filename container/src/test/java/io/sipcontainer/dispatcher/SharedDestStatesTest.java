package io.sipcontainer.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sipcontainer.cluster.SharedState;
import io.sipcontainer.cluster.TwoMembers;

/**
 * Destination states shared by two real Hazelcast members in this JVM: a state set or probed on
 * one node is in force on the other, only one node probes, and a reload on one reloads both.
 */
class SharedDestStatesTest {
    private static final List<String> LIST = List.of("1 sip:gw1.example.com 8", "1 sip:gw2.example.com 8");
    /** Two members both tests use; each test starts with no shared state. */
    private static TwoMembers two;

    @BeforeAll
    static void join() {
        two = new TwoMembers();
    }

    @AfterAll
    static void leave() {
        two.close();
    }

    private static void clearShared() {
        two.first.map(SharedDestStates.STATES).clear();
    }

    /** One node's dispatcher, with the probes it sent and how often it read its list. */
    private static final class Node {
        final List<String> probed = new CopyOnWriteArrayList<>();
        final AtomicInteger loads = new AtomicInteger();
        final AtomicReference<List<String>> lines = new AtomicReference<>(LIST);
        final Dispatcher ds;

        Node(SharedState state) throws Exception {
            ds = new Dispatcher(DsSettings.defaults(Path.of("dispatcher.list")), () -> {
                loads.incrementAndGet();
                return ListFile.parse("dispatcher.list", lines.get());
            }, new SplittableRandom(1), null);
            ds.reload();
            ds.prober((uri, from, done) -> {
                probed.add(uri);
                done.status(408);
            }, null);
            ds.share(new SharedDestStates(state, ds, () -> { }));
        }

        String state(String uri) {
            return ds.destinations(1).stream().filter(d -> d.uri().equals(uri)).findFirst().orElseThrow().state();
        }
    }

    private static void await(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Test
    void aStateSetOnOneNodeIsInForceOnTheOtherAndOneNodeProbes() throws Exception {
        clearShared();
        {
            Node a = new Node(two.first);
            Node b = new Node(two.second);
            await(() -> two.first.map(SharedDestStates.STATES).size() == 2, () -> "states not shared");
            assertTrue(a.ds.setState(1, "sip:gw1.example.com", DsFlags.parseState("ip")));
            await(() -> b.state("sip:gw1.example.com").equals("IP"), () -> "B sees " + b.state("sip:gw1.example.com"));
            assertTrue(b.ds.setState(1, "sip:gw1.example.com", DsFlags.parseState("ap")));
            await(() -> a.state("sip:gw1.example.com").equals("AP"), () -> "A sees " + a.state("sip:gw1.example.com"));

            a.ds.probeRound();
            b.ds.probeRound();
            assertEquals(2, a.probed.size() + b.probed.size(), "one node probed each destination once: A "
                    + a.probed + ", B " + b.probed);
            assertTrue(a.probed.isEmpty() || b.probed.isEmpty(), "only one node probes");
            Node prober = a.probed.isEmpty() ? b : a;
            Node other = prober == a ? b : a;
            String probedState = prober.state("sip:gw2.example.com");
            assertTrue(probedState.startsWith("T") || probedState.startsWith("I"), "a 408 is a failure: " + probedState);
            await(() -> other.state("sip:gw2.example.com").equals(probedState),
                    () -> "the probe's result reached the other node: " + other.state("sip:gw2.example.com"));
        }
    }

    @Test
    void aReloadOnOneNodeReloadsTheOtherAndKeepsTheSharedStates() throws Exception {
        clearShared();
        {
            Node a = new Node(two.first);
            Node b = new Node(two.second);
            await(() -> two.first.map(SharedDestStates.STATES).size() == 2, () -> "states not shared");
            assertTrue(a.ds.setState(1, "sip:gw2.example.com", DsFlags.parseState("d")));
            await(() -> b.state("sip:gw2.example.com").equals("DX"), () -> "B sees " + b.state("sip:gw2.example.com"));
            List<String> more = List.of("1 sip:gw1.example.com 8", "1 sip:gw2.example.com 8", "1 sip:gw3.example.com 8");
            a.lines.set(more);
            b.lines.set(more);
            int before = b.loads.get();
            a.ds.reloadEverywhere();
            await(() -> b.loads.get() > before && b.ds.destinations(1).size() == 3,
                    () -> "B did not reload: " + b.ds.destinations(1));
            assertEquals("DX", b.state("sip:gw2.example.com"), "a kept destination keeps its state");
        }
    }

    @Test
    void aDestinationAddedOrRemovedOnOneNodeIsAddedOrRemovedOnTheOther() throws Exception {
        clearShared();
        {
            Node a = new Node(two.first);
            Node b = new Node(two.second);
            await(() -> two.first.map(SharedDestStates.STATES).size() == 2, () -> "states not shared");
            a.ds.addEverywhere(new String[] {"1", "sip:gw9.example.com", "0"});
            await(() -> b.ds.destinations(1).size() == 3, () -> "B's set 1: " + b.ds.destinations(1));
            assertEquals(3, a.ds.destinations(1).size());
            b.ds.removeEverywhere(1, "sip:gw1.example.com");
            await(() -> a.ds.destinations(1).size() == 2, () -> "A's set 1: " + a.ds.destinations(1));
            assertTrue(a.ds.destinations(1).stream().noneMatch(d -> d.uri().equals("sip:gw1.example.com")));
            assertTrue(b.ds.destinations(1).stream().anyMatch(d -> d.uri().equals("sip:gw9.example.com")));
        }
    }
}
