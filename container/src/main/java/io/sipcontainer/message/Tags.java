package io.sipcontainer.message;

import java.util.concurrent.ThreadLocalRandom;

/** Random tokens for tags, Call-IDs and branches: unguessable enough, cheap, node-independent. */
public final class Tags {
    private Tags() {
    }

    public static String newTag() {
        return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    public static String newCallId(String host) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Long.toString(r.nextLong() & Long.MAX_VALUE, 36) + Long.toString(r.nextLong() & Long.MAX_VALUE, 36)
                + '@' + host;
    }
}
