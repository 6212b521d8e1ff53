package io.sipcontainer.location;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sipcontainer.service.Contact;
import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;

/**
 * usrloc's administration commands with Kamailio's names, parameters, faults and result shapes
 * ({@code ul.dump}, {@code ul.lookup}, {@code ul.rm}, {@code ul.rm_contact}, {@code ul.add},
 * {@code ul.flush}).
 */
final class UlRpc {
    /** What {@code ul.add} stores as Call-ID, User-Agent and CSeq, as Kamailio does. */
    static final String ADD_CALL_ID = "dfjrewr12386fd6-343@kamailio.mi";
    static final String ADD_USER_AGENT = "SIP Router MI Server";
    static final int ADD_CSEQ = 1;
    private static final String NOT_SET = "[not set]";
    private static final List<String> METHODS = List.of("ul.dump", "ul.lookup", "ul.rm", "ul.rm_contact", "ul.add",
            "ul.flush");

    private final Usrloc usrloc;

    private UlRpc(Usrloc usrloc) {
        this.usrloc = usrloc;
    }

    static void register(RpcRegistry rpc, Usrloc usrloc) {
        UlRpc u = new UlRpc(usrloc);
        rpc.registerReadOnly("ul.dump", "Dump user location tables", u::dump);
        rpc.registerReadOnly("ul.lookup", "Lookup one AOR in the usrloc location table", u::lookup);
        rpc.register("ul.rm", "Delete a address of record including its contacts", u::rm);
        rpc.register("ul.rm_contact", "Delete a contact from an AOR record", u::rmContact);
        rpc.register("ul.add", "Add a new contact for an address of record", u::add);
        rpc.register("ul.flush", "Flush the usrloc memory cache to DB", p -> {
            usrloc.flush();
            return null;
        });
    }

    static void unregister(RpcRegistry rpc) {
        METHODS.forEach(rpc::unregister);
    }

    private Object dump(RpcParams p) throws RpcException {
        boolean brief = "brief".equals(p.string(0, ""));
        long now = usrloc.now();
        List<Object> aors = new ArrayList<>();
        int slots = 1 << 10; // Kamailio's hash_size 10
        int[] perSlot = new int[slots];
        int records = 0;
        for (String aor : usrloc.storedAors()) {
            List<Contact> contacts = usrloc.stored(aor);
            if (contacts.isEmpty()) {
                continue;
            }
            records++;
            perSlot[(int) (aorHash(aor) & (slots - 1))]++;
            if (brief) {
                aors.add(map("AoR", aor));
                continue;
            }
            List<Object> list = new ArrayList<>();
            for (Contact c : contacts) {
                list.add(map("Contact", contact(c, now)));
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("AoR", aor);
            info.put("HashID", aorHash(aor));
            info.put("Contacts", list);
            aors.add(map("Info", info));
        }
        int max = 0;
        for (int n : perSlot) {
            max = Math.max(max, n);
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("Records", records);
        stats.put("Max-Slots", max);
        Map<String, Object> domain = new LinkedHashMap<>();
        domain.put("Domain", usrloc.settings().table());
        domain.put("Size", slots);
        domain.put("AoRs", aors);
        domain.put("Stats", stats);
        return map("Domains", List.of(map("Domain", domain)));
    }

    private Object lookup(RpcParams p) throws RpcException {
        if (p.size() < 2) {
            throw new RpcException(500, "Not enough parameters (table and AOR to lookup)");
        }
        table(p.string(0));
        String aor = fixAor(p.string(1));
        List<Contact> contacts = usrloc.stored(aor);
        if (contacts.isEmpty()) {
            throw new RpcException(500, "AOR not found in location table");
        }
        long now = usrloc.now();
        List<Object> list = new ArrayList<>();
        for (Contact c : contacts) {
            if (!c.isExpired(now)) {
                list.add(map("Contact", contact(c, now)));
            }
        }
        if (list.isEmpty()) {
            throw new RpcException(500, "AOR has no contacts");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("AoR", aor);
        out.put("Contacts", list);
        return out;
    }

    private Object rm(RpcParams p) throws RpcException {
        if (p.size() < 2) {
            throw new RpcException(500, "Not enough parameters (table and AOR to lookup)");
        }
        table(p.string(0));
        usrloc.service().removeAll(fixAor(p.string(1)));
        return null;
    }

    private Object rmContact(RpcParams p) throws RpcException {
        if (p.size() < 3) {
            throw new RpcException(500, "Not enough parameters (table, AOR and contact)");
        }
        table(p.string(0));
        String aor = fixAor(p.string(1));
        if (usrloc.stored(aor).isEmpty()) {
            throw new RpcException(404, "AOR not found");
        }
        if (!usrloc.service().remove(aor, p.string(2))) {
            throw new RpcException(404, "Contact not found");
        }
        return null;
    }

    private Object add(RpcParams p) throws RpcException {
        if (p.size() < 9) {
            throw new RpcException(500, "Not enough parameters or wrong format");
        }
        table(p.string(0));
        String aor = fixAor(p.string(1));
        String uri = p.string(2);
        long expires;
        float q;
        int flags;
        int cflags;
        int methods;
        try {
            expires = p.integer(3);
            q = Float.parseFloat(p.string(4).trim());
            flags = (int) p.integer(6);
            cflags = (int) p.integer(7);
            methods = (int) p.integer(8);
        } catch (RpcException | NumberFormatException e) {
            throw new RpcException(500, "Not enough parameters or wrong format");
        }
        String path = unset(p.string(5));
        String received = unset(p.string(9, "."));
        String socket = unset(p.string(10, "."));
        long now = usrloc.now();
        long absolute = expires == 0 ? 0 : now + expires * 1000;
        usrloc.service().save(new Contact(aor, uri, q, absolute, ADD_CALL_ID, ADD_CSEQ, received,
                path == null ? List.of() : List.of(path), socket, ADD_USER_AGENT, null, 0, methods, flags, cflags,
                now, null));
        return null;
    }

    private static String unset(String value) {
        return value == null || value.isEmpty() || ".".equals(value) || "0".equals(value) ? null : value;
    }

    private void table(String name) throws RpcException {
        if (!usrloc.settings().table().equals(name)) {
            throw new RpcException(500, "Domain not found");
        }
    }

    /** Kamailio's rpc_fix_aor: user@domain required with use_domain, the domain dropped without. */
    private String fixAor(String aor) throws RpcException {
        int at = aor.indexOf('@');
        if (usrloc.settings().useDomain()) {
            if (at < 0) {
                throw new RpcException(500, "Domain missing in AOR");
            }
            return usrloc.service().aorOf(aor.substring(0, at), aor.substring(at + 1));
        }
        return at < 0 ? aor : aor.substring(0, at);
    }

    private Map<String, Object> contact(Contact c, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Address", c.uri());
        if (c.expires() == 0) {
            m.put("Expires", "permanent");
        } else if (c.isExpired(now)) {
            m.put("Expires", "expired");
        } else {
            m.put("Expires", (int) ((c.expires() - now) / 1000));
        }
        m.put("Q", c.q() < 0 ? -0.001 : Math.round(c.q() * 1000) / 1000.0);
        m.put("Call-ID", c.callId());
        m.put("CSeq", c.cseq());
        m.put("User-Agent", orNotSet(c.userAgent()));
        m.put("Received", orNotSet(c.received()));
        m.put("Path", c.path().isEmpty() ? NOT_SET : String.join(",", c.path()));
        m.put("State", usrloc.state(c));
        m.put("Flags", c.flags());
        m.put("CFlags", c.cflags());
        m.put("Socket", orNotSet(c.socket()));
        m.put("Methods", c.methods());
        m.put("Ruid", orNotSet(c.ruid()));
        m.put("Instance", orNotSet(c.instance()));
        m.put("Reg-Id", c.regId());
        m.put("Server-Id", 0);
        m.put("Tcpconn-Id", -1);
        m.put("Keepalive", 0);
        m.put("Last-Keepalive", (int) (c.lastModified() / 1000));
        m.put("KA-Roundtrip", 0);
        m.put("Last-Modified", (int) (c.lastModified() / 1000));
        return m;
    }

    private static String orNotSet(String s) {
        return s == null || s.isEmpty() ? NOT_SET : s;
    }

    /** The AOR's hash id (Kamailio's aorhash: unsigned 32 bits). */
    static long aorHash(String aor) {
        int h = 0;
        for (int i = 0; i < aor.length(); i++) {
            h = 31 * h + aor.charAt(i);
        }
        h ^= h >>> 16;
        return h & 0xFFFFFFFFL;
    }

    private static Map<String, Object> map(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        return m;
    }
}
