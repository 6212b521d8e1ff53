package io.sipcontainer.location;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    private final ConcurrentHashMap<String, ContactRow[]> table = new ConcurrentHashMap<>();
    private final AtomicLong contacts = new AtomicLong();
    private final LongAdder expired = new LongAdder();
    private final List<Consumer<Contact>> expiredListeners = new CopyOnWriteArrayList<>();
    /** Told (aor, ruids added, changed or removed) after each change; persistence hooks in here. */
    private volatile BiConsumer<String, Set<String>> changeSink = (aor, touched) -> { };

    MemoryLocationService(UsrlocSettings settings, LongSupplier clock) {
        this.settings = settings;
        this.clock = clock;
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
        ContactRow[][] result = new ContactRow[1][];
        table.compute(aor, (key, old) -> {
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
            contacts.addAndGet(next.length - (old == null ? 0 : old.length));
            result[0] = next;
            return next.length == 0 ? null : next;
        });
        if (!touched.isEmpty()) {
            changeSink.accept(aor, touched);
        }
        List<Contact> out = new ArrayList<>(result[0].length);
        long now = clock.getAsLong();
        for (ContactRow b : result[0]) {
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
        table.forEach((aor, bindings) -> {
            for (ContactRow b : bindings) {
                if (!b.isExpired(now)) {
                    out.add(aor);
                    return;
                }
            }
        });
        return out;
    }

    /** Every AOR stored, expired or not (for {@code ul.dump}). */
    @Override
    public List<String> storedAors() {
        return new ArrayList<>(table.keySet());
    }

    @Override
    public long contactCount() {
        return contacts.get();
    }

    /** {@code usrloc:location-users}: AORs in the table. */
    @Override
    public long userCount() {
        return table.mappingCount();
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

    /** Loads a stored contact as is (start-up in db_mode 1, 2 and 4); no change is reported. */
    void load(Contact c) {
        table.compute(c.aor(), (key, old) -> {
            ContactRow b = ContactRow.of(c);
            ContactRow[] next;
            if (old == null) {
                next = new ContactRow[] { b };
            } else {
                List<ContactRow> list = new ArrayList<>(List.of(old));
                int i = 0;
                while (i < list.size() && list.get(i).q >= b.q) {
                    i++;
                }
                list.add(i, b);
                next = list.toArray(new ContactRow[0]);
            }
            contacts.incrementAndGet();
            return next;
        });
    }

    /** Removes the expired contacts (the usrloc timer); returns how many. */
    @Override
    public int purgeExpired() {
        long now = clock.getAsLong();
        int purged = 0;
        for (Map.Entry<String, ContactRow[]> e : table.entrySet()) {
            if (!anyExpired(e.getValue(), now)) {
                continue;
            }
            List<Contact> gone = new ArrayList<>();
            Set<String> touched = new HashSet<>();
            table.computeIfPresent(e.getKey(), (aor, old) -> {
                List<ContactRow> keep = new ArrayList<>(old.length);
                for (ContactRow b : old) {
                    if (b.isExpired(now)) {
                        gone.add(b.toContact(aor));
                        touched.add(b.ruid());
                    } else {
                        keep.add(b);
                    }
                }
                contacts.addAndGet(keep.size() - old.length);
                return keep.isEmpty() ? null : keep.toArray(new ContactRow[0]);
            });
            if (!touched.isEmpty()) {
                try {
                    changeSink.accept(e.getKey(), touched);
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
