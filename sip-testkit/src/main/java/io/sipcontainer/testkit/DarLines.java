package io.sipcontainer.testkit;

import java.util.StringJoiner;

/**
 * Turns {@link SipContainerTest#dar()} lines into the DAR file's text (JSR 289 appendix C),
 * expanding the short form {@code "METHOD: app1, app2"} into full tuples, so that a test says which
 * applications a method goes through instead of spelling out six fields each.
 */
final class DarLines {

    private DarLines() {
    }

    static String toText(String... lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line.indexOf('(') >= 0 ? line.strip() : expand(line)).append('\n');
        }
        return text.toString();
    }

    /** {@code "INVITE: a, b"} as DAR tuples, each application originating with the From as subscriber. */
    static String expand(String shortLine) {
        int colon = shortLine.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not a DAR line (METHOD: app, ...): '" + shortLine + "'");
        }
        String method = shortLine.substring(0, colon).strip();
        String[] apps = shortLine.substring(colon + 1).split(",");
        StringJoiner tuples = new StringJoiner(", ", method + ": ", "");
        int order = 0;
        for (String app : apps) {
            String name = app.strip();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty application name in DAR line '" + shortLine + "'");
            }
            tuples.add("(\"" + name + "\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"" + order++ + "\")");
        }
        return tuples.toString();
    }
}
