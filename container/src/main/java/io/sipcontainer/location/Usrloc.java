package io.sipcontainer.location;

import java.sql.Connection;
import java.util.List;
import java.util.function.LongSupplier;

import io.sipcontainer.db.Database;
import io.sipcontainer.service.Contact;
import io.sipcontainer.service.LocationService;

/**
 * usrloc as assembled for one {@code db_mode}: the store apps use through
 * {@link LocationService}, the table behind it, and what the timer, the statistics and the
 * {@code ul.*} commands need. Modes 1, 2 and 4 load the table into memory at start.
 */
final class Usrloc implements AutoCloseable {
    private final UsrlocSettings settings;
    private final LocationStore store;
    private final LocationTable table;
    private final TableSync sync;
    /** Writes the changes other nodes made (a cluster with a database); null otherwise. */
    private java.util.concurrent.ExecutorService othersWriter;

    private Usrloc(UsrlocSettings settings, LocationStore store, LocationTable table, TableSync sync) {
        this.settings = settings;
        this.store = store;
        this.table = table;
        this.sync = sync;
    }

    /** Builds usrloc for {@code settings.dbMode()}; {@code database} may be null in db_mode 0. */
    static Usrloc open(UsrlocSettings settings, Database database, LongSupplier clock) throws Exception {
        return open(settings, database, clock, BindingTable.local());
    }

    /**
     * The same with the in-memory bindings in {@code bindings} (a cluster-wide map). With a
     * database in a cluster, every node's database is a full copy of the shared table: a node
     * writes the changes it makes and those it hears of from the other nodes (entry events). The
     * first node of a cluster to start loads its database into the shared table; a node that
     * joins a running cluster loads nothing (the cluster's table is newer) and rewrites its
     * database from the shared table instead (changes arriving meanwhile are written as they come,
     * each from the table as it is then, so the two converge).
     */
    static Usrloc open(UsrlocSettings settings, Database database, LongSupplier clock, BindingTable bindings)
            throws Exception {
        int mode = settings.dbMode();
        if (mode == UsrlocSettings.NO_DB) {
            return new Usrloc(settings, new MemoryLocationService(settings, clock, bindings), null, null);
        }
        LocationTable table = new LocationTable(database, settings.useDomain());
        if (mode == UsrlocSettings.DB_ONLY) {
            return new Usrloc(settings, new DbLocationService(settings, table, clock), table, null);
        }
        MemoryLocationService memory = new MemoryLocationService(settings, clock, bindings);
        long now = clock.getAsLong();
        if (mode != UsrlocSettings.DB_READONLY) {
            try (Connection c = table.connection()) {
                table.deleteExpired(c, now);
            }
        }
        boolean joined = mode != UsrlocSettings.DB_READONLY && !bindings.claimLoad();
        if (!joined) {
            for (Contact c : table.loadLive(now)) {
                memory.load(c);
            }
        }
        TableSync sync = null;
        java.util.concurrent.ExecutorService writer = null;
        if (mode != UsrlocSettings.DB_READONLY) {
            sync = new TableSync(table, memory, mode == UsrlocSettings.WRITE_BACK);
            memory.changeSink(sync);
            TableSync fromOthers = sync;
            // off Hazelcast's event threads: a write reads the AOR back from the cluster and waits for the disk
            writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "usrloc-cluster-db");
                t.setDaemon(true);
                return t;
            });
            java.util.concurrent.ExecutorService w = writer;
            bindings.onChangeByOthers((aor, ruids) -> {
                if (w.isShutdown()) {
                    return; // stopping: the node's database is rewritten when it joins again
                }
                w.execute(() -> {
                    try {
                        fromOthers.accept(aor, ruids);
                    } catch (RuntimeException e) {
                        // kept and retried by the timer; nobody waits for this write
                    }
                });
            });
            if (joined) {
                sync.resync(bindings.aors());
            }
        }
        Usrloc usrloc = new Usrloc(settings, memory, table, sync);
        usrloc.othersWriter = writer;
        return usrloc;
    }

    UsrlocSettings settings() {
        return settings;
    }

    LocationService service() {
        return store;
    }

    /** The timer: purges expired contacts, then writes pending changes (db_mode 2, retries in 1). */
    void timer() {
        store.purgeExpired();
        flush();
    }

    /** {@code ul.flush}: writes pending changes now. */
    void flush() {
        if (sync != null) {
            sync.flush();
        }
    }

    List<String> storedAors() {
        return store.storedAors();
    }

    /** Every stored contact of an AOR, expired ones included. */
    List<Contact> stored(String aor) {
        return store.stored(aor);
    }

    long users() {
        return store.userCount();
    }

    long contacts() {
        return store.contactCount();
    }

    long expired() {
        return store.expiredCount();
    }

    long now() {
        return store.now();
    }

    /** The dump's State: CS_NEW without a database, CS_DIRTY while a change waits to be written, else CS_SYNC. */
    String state(Contact c) {
        if (table == null || settings.dbMode() == UsrlocSettings.DB_READONLY) {
            return "CS_NEW";
        }
        return sync != null && sync.isPending(c) ? "CS_DIRTY" : "CS_SYNC";
    }

    /** Writes what is pending (db_mode 2 loses nothing on a clean stop). */
    @Override
    public void close() {
        if (othersWriter != null) {
            othersWriter.shutdown();
            try {
                othersWriter.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }
}
