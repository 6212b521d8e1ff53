package io.sipcontainer.location;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.sipcontainer.service.Contact;

/**
 * Turns an AOR's stored bindings plus the list a change asked for into the new stored array, in
 * Kamailio's order: a new contact goes after every contact with a q at least its own (so q
 * descending, no q last, equal q in registration order), or first with {@code desc_time_order}; an
 * updated contact keeps its place unless its q changed (or desc_time_order moves it first).
 */
final class ContactOrder {
    private ContactOrder() {
    }

    /**
     * @param old the stored bindings (expired ones included), or null
     * @param live the contacts the change was given, as decoded from {@code old}, in the same order
     * @param desired what the change returned
     * @param touched receives the ruid of every binding added, changed or dropped
     * @return the new array, empty when the AOR has no binding left
     */
    static ContactRow[] merge(ContactRow[] old, Map<String, Contact> live, List<Contact> desired, boolean descTimeOrder,
            Supplier<String> ruids, long now, Set<String> touched) {
        Map<String, Contact> wanted = new HashMap<>();
        IdentityHashMap<Contact, Boolean> unchanged = new IdentityHashMap<>();
        List<Contact> fresh = new ArrayList<>();
        for (Contact c : desired) {
            if (c.ruid() != null && live.get(c.ruid()) == c) {
                unchanged.put(c, Boolean.TRUE);
                wanted.put(c.ruid(), c);
            } else if (c.ruid() != null && live.containsKey(c.ruid())) {
                wanted.put(c.ruid(), c);
            } else {
                fresh.add(c);
            }
        }
        List<ContactRow> out = new ArrayList<>((old == null ? 0 : old.length) + fresh.size());
        List<ContactRow> moving = new ArrayList<>();
        if (old != null) {
            for (ContactRow b : old) {
                String ruid = b.ruid();
                Contact c = wanted.remove(ruid);
                if (c == null) {
                    touched.add(ruid);
                } else if (unchanged.containsKey(c)) {
                    out.add(b);
                } else {
                    ContactRow nb = ContactRow.of(stamped(c, c.ruid(), now));
                    touched.add(ruid);
                    if (descTimeOrder || nb.q != b.q) {
                        moving.add(nb);
                    } else {
                        out.add(nb);
                    }
                }
            }
        }
        for (Contact c : fresh) {
            String ruid = c.ruid() != null ? c.ruid() : ruids.get();
            touched.add(ruid);
            moving.add(ContactRow.of(stamped(c, ruid, now)));
        }
        for (ContactRow b : moving) {
            insert(out, b, descTimeOrder);
        }
        return out.toArray(new ContactRow[0]);
    }

    private static Contact stamped(Contact c, String ruid, long now) {
        if (c.lastModified() != 0 && ruid.equals(c.ruid())) {
            return c;
        }
        return new Contact(c.aor(), c.uri(), c.q(), c.expires(), c.callId(), c.cseq(), c.received(), c.path(),
                c.socket(), c.userAgent(), c.instance(), c.regId(), c.methods(), c.flags(), c.cflags(),
                c.lastModified() != 0 ? c.lastModified() : now, ruid);
    }

    private static void insert(List<ContactRow> list, ContactRow b, boolean descTimeOrder) {
        if (descTimeOrder) {
            list.add(0, b);
            return;
        }
        int i = 0;
        while (i < list.size() && list.get(i).q >= b.q) {
            i++;
        }
        list.add(i, b);
    }
}
