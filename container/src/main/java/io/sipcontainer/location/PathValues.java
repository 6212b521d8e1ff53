package io.sipcontainer.location;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a stored Path ("<sip:a;lr>,<sip:b;lr>") back into its values: at commas outside angle
 * brackets and quotes, because a URI parameter or display name may itself hold a comma.
 */
final class PathValues {
    private PathValues() {
    }

    static List<String> split(String joined) {
        if (joined == null || joined.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(2);
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < joined.length(); i++) {
            char ch = joined.charAt(i);
            if (ch == '"' && (i == 0 || joined.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && ch == '<') {
                depth++;
            } else if (!quoted && ch == '>') {
                depth = Math.max(0, depth - 1);
            } else if (!quoted && depth == 0 && ch == ',') {
                add(out, joined.substring(start, i));
                start = i + 1;
            }
        }
        add(out, joined.substring(start));
        return out;
    }

    private static void add(List<String> out, String value) {
        String v = value.trim();
        if (!v.isEmpty()) {
            out.add(v);
        }
    }
}
