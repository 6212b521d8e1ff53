package io.sipcontainer.apps.registrar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.sipcontainer.service.Contact;
import io.sipcontainer.service.LocationService;

/** A list-per-AOR location service for registrar unit tests (no ordering rules, no expiry timer). */
final class FakeLocation implements LocationService {
    private final Map<String, List<Contact>> table = new HashMap<>();
    private int ruids;
    int matchingMode;

    @Override
    public synchronized List<Contact> lookup(String aor) {
        return List.copyOf(table.getOrDefault(aor, List.of()));
    }

    @Override
    public synchronized List<Contact> update(String aor, UnaryOperator<List<Contact>> change) {
        List<Contact> next = new ArrayList<>();
        for (Contact c : change.apply(lookup(aor))) {
            next.add(c.ruid() == null ? c.withRuid("r" + ++ruids) : c);
        }
        table.put(aor, next);
        return List.copyOf(next);
    }

    @Override
    public void save(Contact contact) {
        update(contact.aor(), l -> {
            List<Contact> n = new ArrayList<>(l);
            n.add(contact);
            return n;
        });
    }

    @Override
    public boolean remove(String aor, String contactUri) {
        return false;
    }

    @Override
    public synchronized boolean removeAll(String aor) {
        return table.remove(aor) != null;
    }

    @Override
    public synchronized List<String> aors() {
        return new ArrayList<>(table.keySet());
    }

    @Override
    public long contactCount() {
        return table.values().stream().mapToLong(List::size).sum();
    }

    @Override
    public void onExpired(Consumer<Contact> listener) {
    }

    @Override
    public String aorOf(String user, String host) {
        return user;
    }

    @Override
    public int matchingMode() {
        return matchingMode;
    }
}
