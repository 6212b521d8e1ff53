package io.sipcontainer.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Two real Hazelcast members in this JVM, joined over TCP on loopback under a cluster name of
 * their own, for tests of what the members share.
 */
public final class TwoMembers implements AutoCloseable {
    public final HazelcastState first;
    public final HazelcastState second;

    public TwoMembers() {
        String name = "test-" + UUID.randomUUID();
        int p1 = freePort();
        int p2 = freePort();
        List<String> members = List.of("127.0.0.1:" + p1, "127.0.0.1:" + p2);
        CompletableFuture<HazelcastState> a = CompletableFuture.supplyAsync(() -> HazelcastState.start(
                new ClusterSettings(true, false, name, "127.0.0.1", p1, members, 1, false)));
        CompletableFuture<HazelcastState> b = CompletableFuture.supplyAsync(() -> HazelcastState.start(
                new ClusterSettings(true, false, name, "127.0.0.1", p2, members, 1, false)));
        first = a.join();
        second = b.join();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (first.members().size() < 2 || second.members().size() < 2 || !first.hasHadCompany()
                || !second.hasHadCompany()) {
            if (System.nanoTime() > deadline) {
                close();
                throw new AssertionError("the two members did not join: " + first.members());
            }
            Thread.onSpinWait();
        }
    }

    /** A single member alone (no members to join). */
    public static HazelcastState alone() {
        return HazelcastState.start(new ClusterSettings(true, false, "test-" + UUID.randomUUID(), "127.0.0.1",
                freePort(), List.of(), 1, false));
    }

    /** A member of cluster {@code name} on {@code port} that looks for {@code members}. */
    public static HazelcastState member(String name, int port, List<String> members) {
        return HazelcastState.start(new ClusterSettings(true, false, name, "127.0.0.1", port, members, 1, false));
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }
}
