package io.sipcontainer.location;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.service.Contact;

/**
 * Keeps the {@code location} table in step with the in-memory table. Write-through (db_mode 1)
 * writes the records a change touched before the change returns; write-back (db_mode 2) only
 * remembers them and {@link #flush} writes them on the timer. Writing always copies the record's
 * state as it is in memory at that moment, under a lock per AOR stripe, so two writers of one
 * AOR cannot leave an older state in the table. A failed write is kept and retried by the timer;
 * in write-through it also fails the change's caller with an {@link IllegalStateException}.
 */
final class TableSync implements BiConsumer<String, Set<String>> {
    private static final Logger LOG = LoggerFactory.getLogger(TableSync.class);
    private static final int STRIPES = 64;

    private final LocationTable table;
    private final MemoryLocationService memory;
    private final boolean writeBack;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    /** AOR to the ruids changed since they were last written. */
    private final Map<String, Set<String>> pending = new ConcurrentHashMap<>();

    TableSync(LocationTable table, MemoryLocationService memory, boolean writeBack) {
        this.table = table;
        this.memory = memory;
        this.writeBack = writeBack;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    @Override
    public void accept(String aor, Set<String> ruids) {
        if (writeBack) {
            remember(aor, ruids);
            return;
        }
        try (Connection c = table.connection()) {
            write(c, aor, ruids);
        } catch (SQLException e) {
            LOG.warn("usrloc: cannot write {} to the location table, retrying on the timer: {}", aor, e.getMessage());
            remember(aor, ruids);
            // write-through promises a change is stored when the caller goes on (the registrar's
            // 200): tell it the change is not, so it answers an error (and the client tries again)
            throw new IllegalStateException("usrloc: the change of " + aor + " is not stored: " + e.getMessage(), e);
        }
    }

    /** Writes every pending change (the timer in db_mode 2, retries in db_mode 1, {@code ul.flush}). */
    synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        try (Connection c = table.connection()) {
            for (String aor : new ArrayList<>(pending.keySet())) {
                Set<String> ruids = pending.remove(aor);
                if (ruids == null) {
                    continue;
                }
                try {
                    write(c, aor, ruids);
                } catch (SQLException e) {
                    LOG.warn("usrloc: cannot write {} to the location table: {}", aor, e.getMessage());
                    remember(aor, ruids);
                }
            }
        } catch (SQLException e) {
            LOG.warn("usrloc: cannot reach the database to flush the location table: {}", e.getMessage());
        }
    }

    /**
     * Makes the table what memory holds now (a node that joined a running cluster): every AOR
     * stored in the table or named in {@code memoryAors} is written from memory.
     */
    void resync(Set<String> memoryAors) {
        try (Connection c = table.connection()) {
            Set<String> aors = new HashSet<>(memoryAors);
            aors.addAll(table.aors(c, -1));
            int n = 0;
            for (String aor : aors) {
                Set<String> ruids = new HashSet<>();
                for (Contact stored : table.select(c, aor, false, false)) {
                    ruids.add(stored.ruid());
                }
                ContactRow[] now = memory.bindings(aor);
                if (now != null) {
                    for (ContactRow b : now) {
                        ruids.add(b.ruid());
                    }
                }
                write(c, aor, ruids);
                n++;
            }
            LOG.info("usrloc: joined a running cluster: the location table rewritten from the cluster's ({} AOR(s))", n);
        } catch (SQLException e) {
            LOG.warn("usrloc: cannot rewrite the location table from the cluster's: {}", e.getMessage());
        }
    }

    /** True when a contact has changes not written yet (the dump's CS_DIRTY). */
    boolean isPending(Contact c) {
        Set<String> ruids = pending.get(c.aor());
        return ruids != null && ruids.contains(c.ruid());
    }

    private void remember(String aor, Set<String> ruids) {
        pending.compute(aor, (k, old) -> {
            Set<String> s = old == null ? ConcurrentHashMap.newKeySet() : old;
            s.addAll(ruids);
            return s;
        });
    }

    private void write(Connection c, String aor, Set<String> ruids) throws SQLException {
        ReentrantLock lock = stripes[Math.floorMod(aor.hashCode(), STRIPES)];
        lock.lock();
        try {
            ContactRow[] now = memory.bindings(aor);
            Set<String> gone = new HashSet<>(ruids);
            if (now != null) {
                for (ContactRow b : now) {
                    if (gone.remove(b.ruid())) { // still stored: write its current state
                        table.upsert(c, b.toContact(aor));
                    }
                }
            }
            if (!gone.isEmpty()) {
                table.delete(c, gone);
            }
        } finally {
            lock.unlock();
        }
    }
}
