package io.sipcontainer.dispatcher;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The attributes of a destination, written {@code name=value;name=value} in the fifth column of
 * the list file: {@code duid}, {@code maxload}, {@code weight} and {@code rweight} (1-100, another
 * value counts as 0, as Kamailio ignores it), {@code socket}, {@code sockname}, {@code ping_from},
 * {@code obproxy}, {@code cc} and {@code latency}; any other name is kept in {@link #all()} for
 * applications. {@code body} is the text as written, without a trailing ';'.
 */
record Attrs(String body, String duid, int maxload, int weight, int rweight, String socket, String sockname,
        String pingFrom, String obproxy, int initialLatency, Map<String, String> all) {

    static final Attrs NONE = parse("");

    Attrs {
        all = Map.copyOf(all);
    }

    static Attrs parse(String text) {
        String body = text == null ? "" : text.strip();
        if (body.endsWith(";")) {
            body = body.substring(0, body.length() - 1);
        }
        Map<String, String> all = new LinkedHashMap<>();
        for (String part : body.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = (eq < 0 ? part : part.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : part.substring(eq + 1).strip();
            all.putIfAbsent(name, value);
        }
        return new Attrs(body, all.get("duid"), integer(all.get("maxload")), percent(all.get("weight")),
                percent(all.get("rweight")), all.get("socket"), all.get("sockname"), all.get("ping_from"),
                all.get("obproxy"), integer(all.get("latency")), all);
    }

    /** A weight in 1..100, or 0 (Kamailio ignores one out of range). */
    private static int percent(String s) {
        int n = integer(s);
        return n >= 1 && n <= 100 ? n : 0;
    }

    /** Kamailio's str2sint: the leading digits, 0 when there are none. */
    private static int integer(String s) {
        if (s == null) {
            return 0;
        }
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long n = 0;
        for (; i < s.length() && Character.isDigit(s.charAt(i)) && n < Integer.MAX_VALUE; i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        n = Math.min(n, Integer.MAX_VALUE);
        return (int) (negative ? -n : n);
    }
}
