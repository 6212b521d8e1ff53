package io.sipcontainer.location;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.service.Contact;

/**
 * The location service with its contacts in memory (db_mode 0, 1, 2 and 4). Each AOR maps to an
 * immutable array of {@link ContactRow}s that a change replaces as a whole, so lookups read without
 * locking and never see half a change; changes to one AOR are serialised by the map. Whatever
 * persists the table (db_mode 1 and 2) is told which records a change touched, after the change.
 */
final class MemoryLocationService implements LocationStore {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryLocationService.class);

    private final UsrlocSettings settings;
    private final LongSupplier clock;
    private final RuidGenerator ruids = new RuidGenerator();
    private final BindingTable table;
    /** True when other nodes change the table too: counts are then taken from the table itself. */
    private final boolean shared;
    private final AtomicLong contacts = new AtomicLong();
    private final LongAdder expired = new LongAdder();
    private final List<Consumer<Contact>> expiredListeners = new CopyOnWriteArrayList<>();
    /** Told (aor, ruids added, changed or removed) after each change; persistence hooks in here. */
    private volatile BiConsumer<String, Set<String>> changeSink = (aor, touched) -> { };

    MemoryLocationService(UsrlocSettings settings, LongSupplier clock) {
        this(settings, clock, BindingTable.local());
    }

    MemoryLocationService(UsrlocSettings settings, LongSupplier clock, BindingTable table) {
        this.settings = settings;
        this.clock = clock;
        this.table = table;
        this.shared = table.isShared();
    }

    void changeSink(BiConsumer<String, Set<String>> sink) {
        this.changeSink = sink;
    }

    UsrlocSettings settings() {
        return settings;
    }

    @Override
    public List<Contact> lookup(String aor) {
        ContactRow[] bindings = table.get(aor);
        if (bindings == null) {
            return List.of();
        }
        long now = clock.getAsLong();
        List<Contact> out = new ArrayList<>(bindings.length);
        for (ContactRow b : bindings) {
            if (!b.isExpired(now)) {
                out.add(b.toContact(aor));
            }
        }
        return out;
    }

    /** Every stored contact of an AOR, expired ones included (for {@code ul.dump}). */
    @Override
    public List<Contact> stored(String aor) {
        ContactRow[] bindings = table.get(aor);
        if (bindings == null) {
            return List.of();
        }
        List<Contact> out = new ArrayList<>(bindings.length);
        for (ContactRow b : bindings) {
            out.add(b.toContact(aor));
        }
        return out;
    }

    @Override
    public List<Contact> update(String aor, UnaryOperator<List<Contact>> change) {
        Set<String> touched = new HashSet<>();
        int[] oldLength = new int[1];
        // on a shared table the function may run again after another node's change: no side effects
        ContactRow[] result = table.compute(aor, (key, old) -> {
            touched.clear();
            oldLength[0] = old == null ? 0 : old.length;
            long now = clock.getAsLong();
            Map<String, Contact> live = new LinkedHashMap<>();
            if (old != null) {
                for (ContactRow b : old) {
                    if (!b.isExpired(now)) {
                        Contact c = b.toContact(key);
                        live.put(c.ruid(), c);
                    }
                }
            }
            List<Contact> desired = change.apply(Collections.unmodifiableList(new ArrayList<>(live.values())));
            ContactRow[] next = ContactOrder.merge(old, live, desired, settings.descTimeOrder(), ruids::next, now,
                    touched);
            return next.length == 0 ? null : next;
        });
        contacts.addAndGet((result == null ? 0 : result.length) - oldLength[0]);
        if (!touched.isEmpty()) {
            changeSink.accept(aor, touched);
        }
        if (result == null) {
            return List.of();
        }
        List<Contact> out = new ArrayList<>(result.length);
        long now = clock.getAsLong();
        for (ContactRow b : result) {
            if (!b.isExpired(now)) {
                out.add(b.toContact(aor));
            }
        }
        return out;
    }

    @Override
    public void save(Contact contact) {
        update(contact.aor(), list -> {
            List<Contact> next = new ArrayList<>(list.size() + 1);
            Contact replaced = null;
            for (Contact c : list) {
                if (replaced == null && c.uri().equals(contact.uri())) {
                    replaced = c;
                    next.add(contact.withRuid(c.ruid()));
                } else {
                    next.add(c);
                }
            }
            if (replaced == null) {
                next.add(contact.withRuid(null));
            }
            return next;
        });
    }

    @Override
    public boolean remove(String aor, String contactUri) {
        boolean[] found = new boolean[1];
        update(aor, list -> {
            List<Contact> next = new ArrayList<>(list);
            found[0] = next.removeIf(c -> c.uri().equals(contactUri));
            return found[0] ? next : list;
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
        long now = clock.getAsLong();
        List<String> out = new ArrayList<>();
        for (String aor : table.aors()) {
            ContactRow[] bindings = table.get(aor);
            if (bindings == null) {
                continue;
            }
            for (ContactRow b : bindings) {
                if (!b.isExpired(now)) {
                    out.add(aor);
                    break;
                }
            }
        }
        return out;
    }

    /** Every AOR stored, expired or not (for {@code ul.dump}). */
    @Override
    public List<String> storedAors() {
        return new ArrayList<>(table.aors());
    }

    @Override
    public long contactCount() {
        return shared ? table.bindingCount() : contacts.get();
    }

    /** {@code usrloc:location-users}: AORs in the table. */
    @Override
    public long userCount() {
        return table.aorCount();
    }

    /** {@code usrloc:location-expires}: contacts the timer found expired. */
    @Override
    public long expiredCount() {
        return expired.sum();
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

    /**
     * Loads a stored contact as is (start-up in db_mode 1, 2 and 4); no change is reported. A
     * binding the (shared) table already holds under the same ruid is kept as it is.
     */
    void load(Contact c) {
        boolean[] added = new boolean[1];
        table.compute(c.aor(), (key, old) -> {
            added[0] = false;
            ContactRow b = ContactRow.of(c);
            if (old == null) {
                added[0] = true;
                return new ContactRow[] { b };
            }
            List<ContactRow> list = new ArrayList<>(List.of(old));
            for (ContactRow existing : old) {
                if (c.ruid() != null && c.ruid().equals(existing.ruid())) {
                    return old;
                }
            }
            int i = 0;
            while (i < list.size() && list.get(i).q >= b.q) {
                i++;
            }
            list.add(i, b);
            added[0] = true;
            return list.toArray(new ContactRow[0]);
        });
        if (added[0]) {
            contacts.incrementAndGet();
        }
    }

    /**
     * Removes the expired contacts (the usrloc timer); returns how many. On a shared table each
     * node scans the AORs it owns, so an expiry is reported once in the cluster.
     */
    @Override
    public int purgeExpired() {
        long now = clock.getAsLong();
        int purged = 0;
        for (String aor : List.copyOf(table.localAors())) {
            ContactRow[] current = table.get(aor);
            if (current == null || !anyExpired(current, now)) {
                continue;
            }
            List<Contact> gone = new ArrayList<>();
            Set<String> touched = new HashSet<>();
            int[] delta = new int[1];
            table.compute(aor, (key, old) -> {
                gone.clear();
                touched.clear();
                delta[0] = 0;
                if (old == null) {
                    return null;
                }
                List<ContactRow> keep = new ArrayList<>(old.length);
                for (ContactRow b : old) {
                    if (b.isExpired(now)) {
                        gone.add(b.toContact(key));
                        touched.add(b.ruid());
                    } else {
                        keep.add(b);
                    }
                }
                delta[0] = keep.size() - old.length;
                return keep.isEmpty() ? null : keep.toArray(new ContactRow[0]);
            });
            contacts.addAndGet(delta[0]);
            if (!touched.isEmpty()) {
                try {
                    changeSink.accept(aor, touched);
                } catch (IllegalStateException notStored) {
                    // kept for the timer's retry; the purge goes on with the other AORs
                }
            }
            for (Contact c : gone) {
                expired.increment();
                purged++;
                for (Consumer<Contact> l : expiredListeners) {
                    try {
                        l.accept(c);
                    } catch (RuntimeException ex) {
                        LOG.warn("contact-expired listener failed for {}", c.aor(), ex);
                    }
                }
            }
        }
        return purged;
    }

    private static boolean anyExpired(ContactRow[] bindings, long now) {
        for (ContactRow b : bindings) {
            if (b.isExpired(now)) {
                return true;
            }
        }
        return false;
    }

    /** The stored bindings of an AOR as they are now (for persistence), or null. */
    ContactRow[] bindings(String aor) {
        return table.get(aor);
    }

    @Override
    public long now() {
        return clock.getAsLong();
    }
}
