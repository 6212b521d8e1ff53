package io.sipcontainer.stack;

/**
 * The head of a request as raw bytes, read only as far as a stateless refusal needs: the method,
 * the top Via's branch, whether To has a tag, and where the Via, From, To, Call-ID and CSeq lines
 * are. No strings but the method and the branch, no header objects: the overload gate reads it on
 * the socket's reader thread for every datagram, and JAIN-SIP's full parse is what it must not pay
 * for. A response or a first line that is no request line gives null; a request whose identifying
 * lines cannot be placed (one missing or repeated, one folded over lines: rare, left to the full
 * parser) gives a head that is not {@link #complete}, with its method only.
 */
final class RequestHead {
    private static final int MAX_LINES = 24;

    final byte[] bytes;
    final String method;
    /** False when only the method is known (see the class comment). */
    final boolean complete;
    /** Lower case, as JAIN-SIP's transaction ids; null unless the top Via has an RFC 3261 branch. */
    final String branch;
    final boolean toTagged;
    /** Start and end offsets of the Via, From, To, Call-ID and CSeq lines, in message order. */
    final int[] lines;
    final int lineCount;
    private final int toIndex;
    /** Line indexes (in {@link #lines}) of the top Via, From, Call-ID and CSeq; -1 when not complete. */
    private final int topVia;
    private final int fromIndex;
    private final int callIdIndex;
    private final int cseqIndex;

    private RequestHead(byte[] bytes, String method, String branch, boolean toTagged, int[] lines, int lineCount,
            int toIndex, int topVia, int fromIndex, int callIdIndex, int cseqIndex) {
        this.bytes = bytes;
        this.method = method;
        this.complete = lines != null;
        this.branch = branch;
        this.toTagged = toTagged;
        this.lines = lines;
        this.lineCount = lineCount;
        this.toIndex = toIndex;
        this.topVia = topVia;
        this.fromIndex = fromIndex;
        this.callIdIndex = callIdIndex;
        this.cseqIndex = cseqIndex;
    }

    /** True when line {@code i} of {@link #lines} is the To line. */
    boolean isTo(int i) {
        return i == toIndex;
    }

    private static RequestHead methodOnly(byte[] bytes, String method) {
        return new RequestHead(bytes, method, null, false, null, 0, -1, -1, -1, -1, -1);
    }

    /** The head of the request in {@code bytes[0..length)}, or null (see the class comment). */
    static RequestHead read(byte[] bytes, int length) {
        int lineEnd = endOfLine(bytes, 0, length);
        int space = indexOf(bytes, 0, lineEnd, (byte) ' ');
        if (space <= 0 || startsWith(bytes, 0, "SIP/")) {
            return null; // a response, or no request line
        }
        String method = new String(bytes, 0, space, java.nio.charset.StandardCharsets.US_ASCII);
        int[] lines = new int[MAX_LINES * 2];
        int count = 0;
        int seen = 0; // bit per kind: 1 Via, 2 From, 4 To, 8 Call-ID, 16 CSeq
        int toIndex = -1;
        int topVia = -1;
        int fromIndex = -1;
        int callIdIndex = -1;
        int cseqIndex = -1;
        boolean keptLast = false;
        int start = next(bytes, lineEnd, length);
        while (start < length) {
            int end = endOfLine(bytes, start, length);
            if (end == start) {
                break; // the empty line ending the headers
            }
            if (bytes[start] == ' ' || bytes[start] == '\t') {
                if (keptLast) {
                    return methodOnly(bytes, method); // a folded identifying header
                }
            } else {
                int kind = HeaderNames.kind(bytes, start, end);
                keptLast = kind != 0;
                if (keptLast) {
                    if (count == MAX_LINES || (kind != HeaderNames.VIA && (seen & kind) != 0)) {
                        return methodOnly(bytes, method);
                    }
                    if (kind == HeaderNames.TO) {
                        toIndex = count;
                    } else if (kind == HeaderNames.VIA && topVia < 0) {
                        topVia = count;
                    } else if (kind == HeaderNames.FROM) {
                        fromIndex = count;
                    } else if (kind == HeaderNames.CALL_ID) {
                        callIdIndex = count;
                    } else if (kind == HeaderNames.CSEQ) {
                        cseqIndex = count;
                    }
                    seen |= kind;
                    lines[2 * count] = start;
                    lines[2 * count + 1] = end;
                    count++;
                }
            }
            start = next(bytes, end, length);
        }
        if (seen != HeaderNames.ALL) {
            return methodOnly(bytes, method);
        }
        String branch = branch(bytes, lines[2 * topVia], lines[2 * topVia + 1]);
        boolean toTagged = hasTag(bytes, lines[2 * toIndex], lines[2 * toIndex + 1]);
        return new RequestHead(bytes, method, branch, toTagged, lines, count, toIndex, topVia, fromIndex,
                callIdIndex, cseqIndex);
    }

    /**
     * The id JAIN-SIP gives the transaction of an RFC 2543 request (no z9hG4bK branch), made the way
     * {@code SIPMessage.getTransactionId} makes it from the parsed headers: From tag, Call-ID, CSeq
     * number and method, and the top Via's sent-by (5060 added when it has no port), lower case,
     * with ':' and '@' as '-', and the stack's signature. Null when the head is not complete or
     * has a z9hG4bK branch. A head written in a form this reading does not follow (spaces inside
     * the sent-by, a CSeq over two words) gives an id no transaction has: the request is then
     * judged as new, as before.
     */
    String rfc2543TransactionId() {
        if (!complete || branch != null) {
            return null;
        }
        String from = value(fromIndex);
        String cseq = value(cseqIndex).trim();
        int space = cseq.indexOf(' ');
        if (space <= 0) {
            return null;
        }
        long number;
        try {
            number = Long.parseLong(cseq.substring(0, space));
        } catch (NumberFormatException e) {
            return null;
        }
        String cseqMethod = cseq.substring(space + 1).trim();
        StringBuilder id = new StringBuilder(96);
        String tag = tagOf(from);
        if (tag != null) {
            id.append(tag).append('-');
        }
        id.append(value(callIdIndex).trim()).append('-').append(number).append('-').append(cseqMethod);
        String sentBy = sentBy(value(topVia));
        if (sentBy == null) {
            return null;
        }
        id.append('-').append(sentBy);
        if (!hasPort(sentBy)) {
            id.append("-5060");
        }
        return id.toString().toLowerCase(java.util.Locale.ROOT).replace(':', '-').replace('@', '-')
                + gov.nist.javax.sip.Utils.getSignature();
    }

    /** The text after the colon of line {@code i}. */
    private String value(int i) {
        int start = lines[2 * i];
        int end = lines[2 * i + 1];
        int colon = indexOf(bytes, start, end, (byte) ':');
        return new String(bytes, colon + 1, end - colon - 1, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The tag parameter of a From value (outside its URI's angle brackets), or null. */
    private static String tagOf(String from) {
        int close = from.lastIndexOf('>');
        String params = from.substring(close + 1);
        int at = params.toLowerCase(java.util.Locale.ROOT).indexOf(";tag=");
        if (at < 0) {
            return null;
        }
        int end = at + 5;
        while (end < params.length() && ";, \t".indexOf(params.charAt(end)) < 0) {
            end++;
        }
        return params.substring(at + 5, end);
    }

    /** "host[:port]" of a Via value "SIP/2.0/UDP host:port;params", or null. */
    private static String sentBy(String via) {
        String v = via.trim();
        int space = v.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String rest = v.substring(space).trim();
        int end = 0;
        while (end < rest.length() && ";, \t".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        return end == 0 ? null : rest.substring(0, end);
    }

    private static boolean hasPort(String sentBy) {
        int bracket = sentBy.lastIndexOf(']');
        return sentBy.indexOf(':', bracket + 1) > 0 && (bracket >= 0 || sentBy.indexOf(':') == sentBy.lastIndexOf(':'));
    }

    private static String branch(byte[] b, int start, int end) {
        int at = indexOfIgnoreCase(b, start, end, ";branch=");
        if (at < 0) {
            return null;
        }
        int from = at + ";branch=".length();
        int to = from;
        while (to < end && b[to] != ';' && b[to] != ',' && b[to] != ' ' && b[to] != '\t') {
            to++;
        }
        if (to - from <= 7 || indexOfIgnoreCase(b, from, from + 7, "z9hG4bK") != from) {
            return null;
        }
        return new String(b, from, to - from, java.nio.charset.StandardCharsets.US_ASCII)
                .toLowerCase(java.util.Locale.ROOT);
    }

    /** A tag parameter of the To header itself, not of a URI in angle brackets. */
    private static boolean hasTag(byte[] b, int start, int end) {
        int close = -1;
        for (int i = start; i < end; i++) {
            if (b[i] == '>') {
                close = i;
            }
        }
        return indexOfIgnoreCase(b, close < 0 ? start : close, end, ";tag=") >= 0;
    }

    private static int endOfLine(byte[] b, int from, int length) {
        int i = from;
        while (i < length && b[i] != '\r' && b[i] != '\n') {
            i++;
        }
        return i;
    }

    private static int next(byte[] b, int end, int length) {
        int i = end;
        if (i < length && b[i] == '\r') {
            i++;
        }
        if (i < length && b[i] == '\n') {
            i++;
        }
        return i;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int from, String ascii) {
        if (b.length - from < ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[from + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfIgnoreCase(byte[] b, int from, int to, String lowerAscii) {
        outer:
        for (int i = from; i <= to - lowerAscii.length(); i++) {
            for (int j = 0; j < lowerAscii.length(); j++) {
                if (Character.toLowerCase((char) b[i + j]) != Character.toLowerCase(lowerAscii.charAt(j))) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
