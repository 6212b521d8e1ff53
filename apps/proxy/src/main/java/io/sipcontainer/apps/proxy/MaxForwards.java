package io.sipcontainer.apps.proxy;

/**
 * Kamailio's {@code mf_process_maxfwd_header(N)} with the maxfwd module's {@code max_limit}: the
 * Max-Forwards value a relayed request carries on. A missing header is inserted as N; a value above
 * the limit goes on as the limit (100 leaves as 70, as does 71); any other value is decremented. A
 * request that arrives with 0, or with a value that is not a number, must not be relayed: the
 * default configuration answers it 483.
 */
final class MaxForwards {

    /** The request must not go on: 483 Too Many Hops. */
    static final int TOO_MANY_HOPS = -1;

    private final int insert;
    private final int limit;

    /**
     * @param insert the value inserted when the header is missing (the default configuration's 10)
     * @param limit  the highest value passed on ({@code max_limit}, 70), 0 for none
     */
    MaxForwards(int insert, int limit) {
        this.insert = insert;
        this.limit = limit;
    }

    /**
     * The value to forward, or {@link #TOO_MANY_HOPS}.
     *
     * @param header the Max-Forwards header as received, or null when the request has none
     */
    int forwarded(String header) {
        if (header == null) {
            return insert;
        }
        int value = parse(header.strip());
        if (value <= 0) {
            return TOO_MANY_HOPS; // 0, or not a number: Kamailio's -1 and -2, both false
        }
        if (limit > 0 && value > limit) {
            return limit;
        }
        return value - 1;
    }

    /**
     * The header's decimal value, or -1 when it is empty or not a number; Kamailio takes a value
     * above 255, the largest RFC 3261 allows, as 255.
     */
    private static int parse(String text) {
        if (text.isEmpty() || text.length() > 9) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return Math.min(value, 255);
    }
}
