package io.sipcontainer.dialog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.db.Database;
import io.sipcontainer.service.DialogService;

/**
 * The {@code dialog} table per Kamailio's {@code db_mode}. Every write runs on one writer thread
 * of its own, in the order asked, so the message path never waits for the database and holds no
 * lock while it is written: 1 (realtime) queues each change at once; 2 (delayed) writes changed
 * dialogs and deletes ended ones every {@code db_update_period}; 3 (shutdown) writes every live
 * dialog when the server stops. Start-up reads the stored dialogs back (db_mode 3 then empties
 * the table, which the next stop fills again).
 */
final class DbDialogStore implements DialogStore {
    private static final Logger LOG = LoggerFactory.getLogger(DbDialogStore.class);

    private final Database db;
    private final int mode;
    private final Supplier<Collection<DialogImpl>> live;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dialog-db");
        t.setDaemon(true);
        return t;
    });
    /** db_mode 2: the keys of stored dialogs that ended since the last period. */
    private final Queue<long[]> ended = new ConcurrentLinkedQueue<>();

    DbDialogStore(Database db, int mode, Supplier<Collection<DialogImpl>> live) throws SQLException {
        this.db = db;
        this.mode = mode;
        this.live = live;
        db.migrate("dialog", DialogTableSql.SCHEMA);
    }

    @Override
    public List<DialogImpl> load() {
        try (Connection c = db.connection()) {
            List<DialogImpl> stored = DialogTableSql.readAll(c);
            if (mode == 3) {
                DialogTableSql.deleteAll(c);
            }
            return stored;
        } catch (SQLException e) {
            LOG.error("Cannot read the stored dialogs: {}", e.toString());
            return List.of();
        }
    }

    @Override
    public void changed(DialogImpl d) {
        if (mode == 1 && stored(d)) {
            writer.execute(() -> write(d));
        } else if (mode == 2) {
            d.markDirty();
        }
    }

    @Override
    public void removed(DialogImpl d) {
        long[] key = {d.hashEntry(), d.hashId()};
        if (mode == 1) {
            writer.execute(() -> delete(key));
        } else if (mode == 2) {
            ended.add(key);
        }
    }

    /** db_mode 2: one period's writes (called by the component's timer). */
    void flush() {
        writer.execute(this::writeChanged);
    }

    @Override
    public void close(Collection<DialogImpl> dialogs) {
        if (mode == 2 || mode == 3) {
            writer.execute(mode == 2 ? this::writeChanged : () -> dialogs.forEach(this::write));
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Dialogs not all written to the database within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeChanged() {
        for (long[] key; (key = ended.poll()) != null; ) {
            delete(key);
        }
        for (DialogImpl d : live.get()) {
            if (d.takeDirty() && stored(d)) {
                write(d);
            }
        }
    }

    /** Only confirmed dialogs are stored (Kamailio leaves out states 1, 2 and 5). */
    private static boolean stored(DialogImpl d) {
        int s = d.state();
        return s == DialogService.CONFIRMED || s == DialogService.CONFIRMED_NO_ACK;
    }

    private void write(DialogImpl d) {
        if (!stored(d)) {
            return; // ended before its turn came: its delete follows
        }
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                DialogTableSql.write(c, d);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            LOG.warn("Cannot store {}: {}", d, e.toString());
        }
    }

    private void delete(long[] key) {
        try (Connection c = db.connection()) {
            DialogTableSql.delete(c, key[0], key[1]);
        } catch (SQLException e) {
            LOG.warn("Cannot delete dialog {}:{}: {}", key[0], key[1], e.toString());
        }
    }
}
