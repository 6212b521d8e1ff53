package io.sipcontainer.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.cluster.HazelcastState;
import io.sipcontainer.cluster.TwoMembers;
import io.sipcontainer.db.Database;

/**
 * {@code usrloc.db_mode} 1 with two nodes, each with its own H2 database: every node's database
 * is a full copy of the shared table (a node writes what other nodes change too), and a node that
 * joins a running cluster rewrites its database from the cluster's table instead of loading it.
 */
class SharedLocationDbTest {
    @TempDir
    Path dir;
    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());

    private Database db(String name) {
        return new Database("jdbc:h2:file:" + dir.resolve(name) + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
    }

    private Usrloc open(HazelcastState node, Database db) throws Exception {
        return Usrloc.open(UsrlocSettings.memory().withDbMode(1), db, clock::get,
                BindingTable.shared(node, "usrloc.location"));
    }

    private static List<String> rows(Database db) {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("SELECT username FROM location ORDER BY username");
                ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitRows(List<String> expected, Supplier<List<String>> rows, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!rows.get().equals(expected)) {
            if (System.nanoTime() > deadline) {
                assertEquals(expected, rows.get(), what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Test
    void eachNodeWritesTheChangesOfTheOtherToItsOwnDatabase() throws Exception {
        Database dbA = db("a");
        Database dbB = db("b");
        try (TwoMembers two = new TwoMembers()) {
            Usrloc a = open(two.first, dbA);
            Usrloc b = open(two.second, dbB);
            a.service().save(MemoryLocationServiceTest.contact("alice", "sip:alice@10.0.0.1", 1f, clock.get() + 600_000));
            assertEquals(List.of("alice"), rows(dbA), "written through by the node that saved it");
            awaitRows(List.of("alice"), () -> rows(dbB), "B's database has what A saved");
            assertTrue(b.service().remove("alice", "sip:alice@10.0.0.1"));
            assertEquals(List.of(), rows(dbB));
            awaitRows(List.of(), () -> rows(dbA), "A's database lost what B removed");
            a.close();
            b.close();
        } finally {
            dbA.close();
            dbB.close();
        }
    }

    @Test
    void aNodeJoiningARunningClusterRewritesItsDatabaseFromTheClusterInsteadOfLoadingIt() throws Exception {
        Database dbB = db("b");
        Usrloc before = Usrloc.open(UsrlocSettings.memory().withDbMode(1), dbB, clock::get);
        before.service().save(MemoryLocationServiceTest.contact("stale", "sip:stale@10.0.0.9", 1f,
                clock.get() + 600_000)); // B's last run knew of a binding the cluster removed since
        before.close();
        Database dbA = db("a");
        String name = "test-" + UUID.randomUUID();
        int p1 = TwoMembers.freePort();
        int p2 = TwoMembers.freePort();
        List<String> members = List.of("127.0.0.1:" + p1, "127.0.0.1:" + p2);
        HazelcastState first = TwoMembers.member(name, p1, members);
        HazelcastState second = null;
        try {
            Usrloc a = open(first, dbA);
            a.service().save(MemoryLocationServiceTest.contact("alice", "sip:alice@10.0.0.1", 1f, clock.get() + 600_000));
            second = TwoMembers.member(name, p2, members);
            HazelcastState joined = second;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!(first.hasHadCompany() && joined.hasHadCompany())) {
                assertTrue(System.nanoTime() < deadline, "the second member did not join");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            Usrloc b = open(second, dbB);
            awaitRows(List.of("alice"), () -> rows(dbB), "B's database is the cluster's table");
            assertTrue(b.service().lookup("stale").isEmpty(), "B did not bring its stale binding back");
            assertEquals(1, b.service().lookup("alice").size());
            a.close();
            b.close();
        } finally {
            if (second != null) {
                second.close();
            }
            first.close();
            dbA.close();
            dbB.close();
        }
    }
}
