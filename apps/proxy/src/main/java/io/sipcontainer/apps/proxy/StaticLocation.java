package io.sipcontainer.apps.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fixed table of contacts from the {@code proxy.static_location} setting, for tests and for
 * users that never register (a gateway, a fixed phone). Entries are {@code aor=uri[;q=x]},
 * separated by spaces or commas; the AOR is a user or {@code user@domain}, a user may have several
 * entries, and {@code ;q=} at the end of the URI sets the contact's q (it is not part of the URI).
 *
 * <pre>proxy.static_location = alice=sip:alice@192.0.2.10:5060 bob=sip:bob@192.0.2.11;q=0.5</pre>
 */
final class StaticLocation implements ContactDirectory {

    private final Map<String, List<RelayTarget>> table;

    private StaticLocation(Map<String, List<RelayTarget>> table) {
        this.table = table;
    }

    /**
     * Parses the setting.
     *
     * @throws IllegalArgumentException naming the entry that is not {@code aor=sip-uri[;q=x]}
     */
    static StaticLocation parse(String setting) {
        Map<String, List<RelayTarget>> table = new LinkedHashMap<>();
        if (setting != null) {
            for (String entry : setting.trim().split("[\\s,]+")) {
                if (entry.isEmpty()) {
                    continue;
                }
                int eq = entry.indexOf('=');
                if (eq <= 0 || eq == entry.length() - 1) {
                    throw new IllegalArgumentException("entry '" + entry + "' is not aor=uri");
                }
                String aor = aorKey(entry.substring(0, eq));
                RelayTarget binding = binding(entry.substring(eq + 1), entry);
                table.computeIfAbsent(aor, k -> new ArrayList<>()).add(binding);
            }
        }
        table.replaceAll((aor, bindings) -> {
            List<RelayTarget> sorted = new ArrayList<>(bindings);
            sorted.sort(BY_Q);
            return List.copyOf(sorted);
        });
        return new StaticLocation(Map.copyOf(table));
    }

    private static RelayTarget binding(String value, String entry) {
        String uri = value;
        float q = RelayTarget.Q_UNSPECIFIED;
        int qAt = value.toLowerCase(Locale.ROOT).lastIndexOf(";q=");
        if (qAt > 0) {
            uri = value.substring(0, qAt);
            try {
                q = Float.parseFloat(value.substring(qAt + 3));
            } catch (NumberFormatException e) {
                q = Float.NaN;
            }
            if (!(q >= 0f && q <= 1f)) {
                throw new IllegalArgumentException("entry '" + entry + "' has a q that is not between 0 and 1");
            }
        }
        String lower = uri.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("sip:") || lower.startsWith("sips:")) || uri.length() < 6) {
            throw new IllegalArgumentException("entry '" + entry + "' needs a sip: or sips: URI");
        }
        return new RelayTarget(uri, q, null, List.of(), RelayTarget.MethodFilter.ALL);
    }

    /** The user as written (user parts are case-sensitive), the domain lower-cased. */
    private static String aorKey(String aor) {
        int at = aor.lastIndexOf('@');
        return at < 0 ? aor : aor.substring(0, at) + "@" + aor.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /** Entries for {@code user@host} first, then those for the bare user. */
    @Override
    public List<RelayTarget> lookup(String user, String host) {
        if (table.isEmpty() || user == null) {
            return List.of();
        }
        List<RelayTarget> withDomain = host == null ? null : table.get(user + "@" + host.toLowerCase(Locale.ROOT));
        List<RelayTarget> bare = table.get(user);
        if (withDomain == null) {
            return bare == null ? List.of() : bare;
        }
        if (bare == null) {
            return withDomain;
        }
        List<RelayTarget> all = new ArrayList<>(withDomain);
        all.addAll(bare);
        all.sort(BY_Q);
        return all;
    }

    boolean isEmpty() {
        return table.isEmpty();
    }

    int size() {
        return table.values().stream().mapToInt(List::size).sum();
    }
}
