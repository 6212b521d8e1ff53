package io.sipcontainer.apps.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One rule of {@code proxy.dispatch}: requests whose Request-URI matches go to a dispatcher set
 * with an algorithm ({@code ds_select_dst(set, alg, limit)} in Kamailio's README configuration)
 * instead of the location lookup. A rule is {@code set=N alg=N [limit=N] [user=REGEX]
 * [domain=HOST]}; {@code user} must match the whole Request-URI user, {@code domain} equal its host
 * (case-insensitive); a rule with neither matches every request. Rules are separated by ';' and
 * tried in order; the first match wins.
 *
 * <pre>proxy.dispatch = set=1 alg=4 user=^9[0-9]+$ ; set=2 alg=0 domain=media.example.com</pre>
 */
record DispatchRule(int setId, int algorithm, int limit, Pattern user, String domain) {

    boolean matches(String ruriUser, String ruriHost) {
        if (user != null && (ruriUser == null || !user.matcher(ruriUser).matches())) {
            return false;
        }
        return domain == null || ruriHost != null && domain.equalsIgnoreCase(ruriHost);
    }

    /** Parses the setting; IllegalArgumentException naming the bad rule. */
    static List<DispatchRule> parse(String setting) {
        List<DispatchRule> rules = new ArrayList<>();
        if (setting == null || setting.isBlank()) {
            return rules;
        }
        for (String text : setting.split(";")) {
            if (text.isBlank()) {
                continue;
            }
            Integer set = null;
            Integer alg = null;
            int limit = 0;
            Pattern user = null;
            String domain = null;
            for (String item : text.strip().split("\\s+")) {
                int eq = item.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("rule '" + text.strip() + "': '" + item + "' is not name=value");
                }
                String value = item.substring(eq + 1);
                switch (item.substring(0, eq).toLowerCase(Locale.ROOT)) {
                    case "set" -> set = number(value, text);
                    case "alg" -> alg = number(value, text);
                    case "limit" -> limit = number(value, text);
                    case "user" -> user = regex(value, text);
                    case "domain" -> domain = value;
                    default -> throw new IllegalArgumentException("rule '" + text.strip() + "': unknown item '" + item
                            + "' (set, alg, limit, user, domain)");
                }
            }
            if (set == null || alg == null) {
                throw new IllegalArgumentException("rule '" + text.strip() + "' needs set= and alg=");
            }
            if (alg > 13) {
                throw new IllegalArgumentException("rule '" + text.strip() + "': alg must be 0..13");
            }
            rules.add(new DispatchRule(set, alg, limit, user, domain));
        }
        return List.copyOf(rules);
    }

    private static int number(String value, String rule) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("rule '" + rule.strip() + "': '" + value + "' is not a non-negative integer");
    }

    private static Pattern regex(String value, String rule) {
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("rule '" + rule.strip() + "': user is not a regular expression: "
                    + e.getDescription());
        }
    }
}
