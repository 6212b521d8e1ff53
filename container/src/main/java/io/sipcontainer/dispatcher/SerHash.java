package io.sipcontainer.dispatcher;

import java.nio.charset.StandardCharsets;

/**
 * The hash of SER that Kamailio's dispatcher uses for algorithms 0-3, 5 and 7 and that
 * {@code dispatcher.hash} prints, computed the same way so that a value falls in the same slot as
 * in Kamailio: the bytes of each key taken four at a time big-endian (then the rest), each word
 * folded as {@code v ^ (v >>> 3)} into a 32-bit sum, the sum mixed with shifts of 11, 13 and 23,
 * and 0 replaced by 1. Kamailio reads the bytes as C {@code char}, signed on the platforms it runs
 * on, which Java's {@code byte} matches.
 */
final class SerHash {
    private SerHash() {
    }

    /** The hash of one or two keys (either may be null: a key Kamailio has no value for). */
    static int hash(String first, String second) {
        int h = 0;
        if (first != null) {
            h += fold(first.getBytes(StandardCharsets.UTF_8));
        }
        if (second != null) {
            h += fold(second.getBytes(StandardCharsets.UTF_8));
        }
        h = (h + (h >>> 11)) + ((h >>> 13) + (h >>> 23));
        return h != 0 ? h : 1;
    }

    private static int fold(byte[] p) {
        int h = 0;
        int i = 0;
        for (; i + 4 <= p.length; i += 4) {
            int v = (p[i] << 24) + (p[i + 1] << 16) + (p[i + 2] << 8) + p[i + 3];
            h += v ^ (v >>> 3);
        }
        int v = 0;
        for (; i < p.length; i++) {
            v = (v << 8) + p[i];
        }
        return h + (v ^ (v >>> 3));
    }

    /** {@code hash % slots} as C computes it on unsigned values. */
    static int slot(int hash, int slots) {
        return Integer.remainderUnsigned(hash, slots);
    }
}
