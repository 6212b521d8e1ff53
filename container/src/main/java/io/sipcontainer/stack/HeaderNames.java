package io.sipcontainer.stack;

/**
 * Recognises, in raw message bytes, the header lines that identify a transaction: Via, From, To,
 * Call-ID and CSeq, by their long or compact names, case-insensitively. Shared by the readers that
 * look at a message without JAIN-SIP's parse ({@link LeanServerTransaction}, {@link RequestHead}).
 */
final class HeaderNames {
    static final int VIA = 1;
    static final int FROM = 2;
    static final int TO = 4;
    static final int CALL_ID = 8;
    static final int CSEQ = 16;
    static final int ALL = VIA | FROM | TO | CALL_ID | CSEQ;

    private static final String[] NAMES = {"via", "v", "from", "f", "to", "t", "call-id", "i", "cseq"};
    private static final int[] KINDS = {VIA, VIA, FROM, FROM, TO, TO, CALL_ID, CALL_ID, CSEQ};

    private HeaderNames() {
    }

    /** The kind of the header line {@code message[start..end)}, or 0 for any other header. */
    static int kind(byte[] message, int start, int end) {
        int colon = start;
        while (colon < end && message[colon] != ':') {
            colon++;
        }
        int nameEnd = colon;
        while (nameEnd > start && (message[nameEnd - 1] == ' ' || message[nameEnd - 1] == '\t')) {
            nameEnd--;
        }
        int length = nameEnd - start;
        for (int n = 0; n < NAMES.length; n++) {
            if (NAMES[n].length() == length && matches(message, start, NAMES[n])) {
                return KINDS[n];
            }
        }
        return 0;
    }

    private static boolean matches(byte[] message, int start, String lowerCaseName) {
        for (int i = 0; i < lowerCaseName.length(); i++) {
            if (Character.toLowerCase((char) message[start + i]) != lowerCaseName.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
