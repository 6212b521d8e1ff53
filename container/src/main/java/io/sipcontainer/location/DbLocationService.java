package io.sipcontainer.location;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.service.Contact;

/**
 * The location service without a memory cache (db_mode 3): every lookup and change goes to the
 * {@code location} table. A change reads the AOR's rows, applies the change and writes the
 * difference in one transaction, under a lock per AOR stripe so two changes of one AOR on this
 * server cannot interleave (the table is the only state, so the lock has to cover the I/O).
 * Database failures surface as {@link IllegalStateException}.
 */
final class DbLocationService implements LocationStore {
    private static final Logger LOG = LoggerFactory.getLogger(DbLocationService.class);
    private static final int STRIPES = 64;

    private final UsrlocSettings settings;
    private final LocationTable table;
    private final LongSupplier clock;
    private final RuidGenerator ruids = new RuidGenerator();
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final LongAdder expired = new LongAdder();
    private final List<Consumer<Contact>> expiredListeners = new CopyOnWriteArrayList<>();

    DbLocationService(UsrlocSettings settings, LocationTable table, LongSupplier clock) {
        this.settings = settings;
        this.table = table;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    @Override
    public List<Contact> lookup(String aor) {
        long now = clock.getAsLong();
        return stored(aor).stream().filter(c -> !c.isExpired(now)).toList();
    }

    @Override
    public List<Contact> stored(String aor) {
        try (Connection c = table.connection()) {
            return table.select(c, aor, settings.descTimeOrder(), false);
        } catch (SQLException e) {
            throw failure("lookup", e);
        }
    }

    @Override
    public List<Contact> update(String aor, UnaryOperator<List<Contact>> change) {
        ReentrantLock lock = stripes[Math.floorMod(aor.hashCode(), STRIPES)];
        lock.lock();
        try (Connection c = table.connection()) {
            c.setAutoCommit(false);
            try {
                List<Contact> result = apply(c, aor, change);
                c.commit();
                return result;
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("update", e);
        } finally {
            lock.unlock();
        }
    }

    private List<Contact> apply(Connection c, String aor, UnaryOperator<List<Contact>> change) throws SQLException {
        long now = clock.getAsLong();
        Map<String, Contact> live = new LinkedHashMap<>();
        Set<String> gone = new HashSet<>();
        for (Contact row : table.select(c, aor, settings.descTimeOrder(), true)) {
            if (row.isExpired(now)) {
                gone.add(row.ruid());
            } else {
                live.put(row.ruid(), row);
            }
        }
        List<Contact> desired = change.apply(Collections.unmodifiableList(new ArrayList<>(live.values())));
        Set<String> kept = new HashSet<>();
        for (Contact d : desired) {
            Contact old = d.ruid() == null ? null : live.get(d.ruid());
            if (old == null) {
                table.insert(c, stamp(d, d.ruid() != null ? d.ruid() : ruids.next(), now));
            } else {
                kept.add(d.ruid());
                if (d != old) {
                    table.upsert(c, stamp(d, d.ruid(), now));
                }
            }
        }
        for (String ruid : live.keySet()) {
            if (!kept.contains(ruid)) {
                gone.add(ruid);
            }
        }
        if (!gone.isEmpty()) {
            table.delete(c, gone);
        }
        return table.select(c, aor, settings.descTimeOrder(), false).stream().filter(x -> !x.isExpired(now)).toList();
    }

    private static Contact stamp(Contact c, String ruid, long now) {
        return new Contact(c.aor(), c.uri(), c.q(), c.expires(), c.callId(), c.cseq(), c.received(), c.path(),
                c.socket(), c.userAgent(), c.instance(), c.regId(), c.methods(), c.flags(), c.cflags(),
                c.lastModified() != 0 ? c.lastModified() : now, ruid);
    }

    @Override
    public void save(Contact contact) {
        update(contact.aor(), list -> {
            List<Contact> next = new ArrayList<>(list);
            for (int i = 0; i < next.size(); i++) {
                if (next.get(i).uri().equals(contact.uri())) {
                    next.set(i, contact.withRuid(next.get(i).ruid()));
                    return next;
                }
            }
            next.add(contact.withRuid(null));
            return next;
        });
    }

    @Override
    public boolean remove(String aor, String contactUri) {
        boolean[] found = new boolean[1];
        update(aor, list -> {
            List<Contact> next = new ArrayList<>(list);
            found[0] = next.removeIf(x -> x.uri().equals(contactUri));
            return next;
        });
        return found[0];
    }

    @Override
    public boolean removeAll(String aor) {
        boolean[] found = new boolean[1];
        update(aor, list -> {
            found[0] = !list.isEmpty();
            return List.of();
        });
        return found[0];
    }

    @Override
    public List<String> aors() {
        try (Connection c = table.connection()) {
            return table.aors(c, clock.getAsLong());
        } catch (SQLException e) {
            throw failure("list", e);
        }
    }

    @Override
    public List<String> storedAors() {
        try (Connection c = table.connection()) {
            return table.aors(c, -1);
        } catch (SQLException e) {
            throw failure("list", e);
        }
    }

    @Override
    public long contactCount() {
        try (Connection c = table.connection()) {
            return table.count(c, "SELECT COUNT(*) FROM location");
        } catch (SQLException e) {
            throw failure("count", e);
        }
    }

    @Override
    public long userCount() {
        try (Connection c = table.connection()) {
            return table.count(c, "SELECT COUNT(*) FROM (SELECT DISTINCT username, domain FROM location) u");
        } catch (SQLException e) {
            throw failure("count", e);
        }
    }

    @Override
    public long expiredCount() {
        return expired.sum();
    }

    @Override
    public int purgeExpired() {
        long now = clock.getAsLong();
        List<Contact> gone;
        try (Connection c = table.connection()) {
            gone = table.expired(c, now);
            if (gone.isEmpty()) {
                return 0;
            }
            table.delete(c, gone.stream().map(Contact::ruid).toList());
        } catch (SQLException e) {
            LOG.warn("usrloc: cannot purge expired contacts: {}", e.getMessage());
            return 0;
        }
        for (Contact x : gone) {
            expired.increment();
            for (Consumer<Contact> l : expiredListeners) {
                try {
                    l.accept(x);
                } catch (RuntimeException ex) {
                    LOG.warn("contact-expired listener failed for {}", x.aor(), ex);
                }
            }
        }
        return gone.size();
    }

    @Override
    public void onExpired(Consumer<Contact> listener) {
        expiredListeners.add(listener);
    }

    @Override
    public String aorOf(String user, String host) {
        return settings.aorOf(user, host);
    }

    @Override
    public int matchingMode() {
        return settings.matchingMode();
    }

    @Override
    public long now() {
        return clock.getAsLong();
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("usrloc database " + what + " failed: " + e.getMessage(), e);
    }
}
