package io.sipcontainer.it.support;

import java.util.StringJoiner;

/**
 * Writes Default Application Router configuration lines (JSR 289 appendix C) for tests, so a test
 * states "route OPTIONS to app" instead of spelling out six-field tuples.
 */
public final class DarText {

    private DarText() {
    }

    /**
     * One DAR line sending initial {@code method} requests through {@code apps} in order, each as
     * originating with the From as subscriber, e.g.
     * {@code OPTIONS: ("a", "DAR:From", "ORIGINATING", "", "NO_ROUTE", "0")}.
     */
    public static String route(String method, String... apps) {
        if (apps.length == 0) {
            throw new IllegalArgumentException("route " + method + " to at least one application");
        }
        StringJoiner tuples = new StringJoiner(", ", method + ": ", "\n");
        for (int i = 0; i < apps.length; i++) {
            tuples.add("(\"" + apps[i] + "\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"" + i + "\")");
        }
        return tuples.toString();
    }
}
