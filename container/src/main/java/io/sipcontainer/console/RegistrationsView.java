package io.sipcontainer.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;

/**
 * The registrations page's search over usrloc, made of the {@code ul.dump} command called in
 * process: the address-of-records whose name contains the search text (ignoring case), each with
 * its contacts in Kamailio's shape ({@code Address}, {@code Expires}, {@code Q}, {@code Received},
 * {@code User-Agent} ...), at most {@code limit} of them, and the total number matched. Only the
 * page's share is sent to the browser, so a table of a hundred thousand bindings stays usable.
 */
final class RegistrationsView {
    static final int MAX_LIMIT = 500;

    private RegistrationsView() {
    }

    static Map<String, Object> search(RpcRegistry rpc, String query, int limit) throws RpcException {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!rpc.methods().containsKey("ul.dump")) {
            out.put("available", false);
            out.put("reason", "the location service (usrloc) is not running");
            return out;
        }
        String needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        int max = Math.max(1, Math.min(limit, MAX_LIMIT));
        Object dump = rpc.call("ul.dump", new RpcParams(List.of()));
        List<Map<?, ?>> found = new ArrayList<>();
        String domainName = "location";
        for (Object d : list(map(dump).get("Domains"))) {
            Map<?, ?> domain = map(map(d).get("Domain"));
            domainName = String.valueOf(domain.get("Domain"));
            for (Object a : list(domain.get("AoRs"))) {
                Map<?, ?> info = map(map(a).get("Info"));
                if (String.valueOf(info.get("AoR")).toLowerCase(Locale.ROOT).contains(needle)) {
                    found.add(info);
                }
            }
        }
        found.sort(Comparator.comparing(info -> String.valueOf(info.get("AoR"))));
        List<Object> aors = new ArrayList<>();
        for (Map<?, ?> info : found.subList(0, Math.min(max, found.size()))) {
            List<Object> contacts = new ArrayList<>();
            for (Object c : list(info.get("Contacts"))) {
                contacts.add(map(c).get("Contact"));
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("aor", String.valueOf(info.get("AoR")));
            entry.put("contacts", contacts);
            aors.add(entry);
        }
        out.put("available", true);
        out.put("table", domainName);
        out.put("matched", found.size());
        out.put("aors", aors);
        return out;
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }
}
