package io.sipcontainer.message;

import jakarta.servlet.sip.ServletParseException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Character classes of the RFC 3261 (and RFC 3966) grammar, with the escaping, unescaping and
 * quoting that the value types of this package share. Each class is an ASCII bit set held in two
 * longs, so a membership test is a shift and a mask: the parsers call these once per input
 * character and must not allocate.
 */
final class SipGrammar {

    private static final String ALPHANUM =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String MARK = "-_.!~*'()";

    /** RFC 3261 unreserved = alphanum / mark. */
    static final CharClass UNRESERVED = new CharClass(ALPHANUM + MARK);
    /** Characters a SIP URI user part may carry unescaped (unreserved / user-unreserved). */
    static final CharClass USER = new CharClass(ALPHANUM + MARK + "&=+$,;?/");
    /** Characters a SIP URI password may carry unescaped. */
    static final CharClass PASSWORD = new CharClass(ALPHANUM + MARK + "&=+$,");
    /** paramchar of SIP URI parameters (also RFC 3966 pvalue) minus the escape. */
    static final CharClass PARAM = new CharClass(ALPHANUM + MARK + "[]/:&+$");
    /** hname / hvalue characters of SIP URI headers minus the escape. */
    static final CharClass HEADER = new CharClass(ALPHANUM + MARK + "[]/?:+$");
    /** RFC 3261 token. */
    static final CharClass TOKEN = new CharClass(ALPHANUM + "-.!%*_+`'~");
    /** gen-value without quotes: token or host (IPv6 references bring brackets and colons). */
    static final CharClass TOKEN_OR_HOST = new CharClass(ALPHANUM + "-.!%*_+`'~[]:");
    /** Host names and IPv4 addresses; underscore tolerated because real DNS names carry it. */
    static final CharClass HOST = new CharClass(ALPHANUM + "-._");
    /** Inside an IPv6 reference. */
    static final CharClass IPV6 = new CharClass("0123456789abcdefABCDEF:.");
    /** URI scheme characters after the first letter. */
    static final CharClass SCHEME = new CharClass(ALPHANUM + "+-.");
    /** RFC 3966 pname. */
    static final CharClass TEL_PNAME = new CharClass(ALPHANUM + "-");
    /** RFC 3966 visual separators. */
    static final CharClass VISUAL_SEPARATOR = new CharClass("-.()");

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private SipGrammar() {
    }

    /** An ASCII character set as a 128-bit mask. */
    static final class CharClass {
        private final long low;
        private final long high;

        CharClass(String members) {
            long l = 0;
            long h = 0;
            for (int i = 0; i < members.length(); i++) {
                char c = members.charAt(i);
                if (c < 64) {
                    l |= 1L << c;
                } else {
                    h |= 1L << (c - 64);
                }
            }
            low = l;
            high = h;
        }

        boolean contains(char c) {
            if (c < 64) {
                return (low & (1L << c)) != 0;
            }
            return c < 128 && (high & (1L << (c - 64))) != 0;
        }

        /** True when every character of {@code s} belongs to this class (and s is not empty). */
        boolean containsAll(CharSequence s) {
            int n = s.length();
            if (n == 0) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (!contains(s.charAt(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    static boolean isLws(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    static int skipLws(String s, int pos, int end) {
        while (pos < end && isLws(s.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hexValue(char c) {
        if (c <= '9') {
            return c - '0';
        }
        return (c | 0x20) - 'a' + 10;
    }

    /**
     * Scans the escaped text starting at {@code pos} that consists of {@code allowed} characters and
     * well-formed %HH escapes, stopping at the first character outside them.
     *
     * @return the end index of the run
     * @throws ServletParseException on a malformed escape
     */
    static int scanEscaped(String s, int pos, int end, CharClass allowed, ErrorContext ctx)
            throws ServletParseException {
        while (pos < end) {
            char c = s.charAt(pos);
            if (c == '%') {
                if (pos + 2 >= end) {
                    throw ctx.error(pos, "incomplete escape sequence");
                }
                if (!isHexDigit(s.charAt(pos + 1)) || !isHexDigit(s.charAt(pos + 2))) {
                    throw ctx.error(pos, "malformed escape sequence");
                }
                pos += 3;
            } else if (allowed.contains(c)) {
                pos++;
            } else {
                return pos;
            }
        }
        return pos;
    }

    /**
     * Decodes %HH escapes of an already validated range as UTF-8. Returns a plain substring (no
     * decoding work) when the range holds no escape, which is the common case.
     */
    static String unescape(String s, int begin, int end) {
        int firstPercent = s.indexOf('%', begin);
        if (firstPercent < 0 || firstPercent >= end) {
            return s.substring(begin, end);
        }
        StringBuilder out = new StringBuilder(end - begin);
        out.append(s, begin, firstPercent);
        ByteArrayOutputStream bytes = null;
        int i = firstPercent;
        while (i < end) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < end) {
                if (bytes == null) {
                    bytes = new ByteArrayOutputStream(8);
                }
                bytes.reset();
                while (i + 2 < end && s.charAt(i) == '%') {
                    bytes.write(hexValue(s.charAt(i + 1)) << 4 | hexValue(s.charAt(i + 2)));
                    i += 3;
                }
                out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Appends {@code value} with every character outside {@code allowed} %-escaped as UTF-8. */
    static void appendEscaped(StringBuilder out, String value, CharClass allowed) {
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (allowed.contains(c)) {
                out.append(c);
            } else if (c < 0x80) {
                appendPercent(out, c);
            } else {
                int cp = value.codePointAt(i);
                if (Character.charCount(cp) == 2) {
                    i++;
                }
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    appendPercent(out, b & 0xFF);
                }
            }
        }
    }

    private static void appendPercent(StringBuilder out, int b) {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
    }

    /**
     * Appends {@code text} as an RFC 3261 quoted-string: backslash before '"' and '\' and before
     * control characters, which qdtext does not allow but quoted-pair does. CR and LF, which not even
     * quoted-pair allows, are written as a space (what a folded line means): a display name parsed
     * from a peer's bare CR printed as an escaped CR that no parser reads back (found by fuzzing).
     */
    static void appendQuoted(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                out.append(' ');
                continue;
            }
            if (c == '"' || c == '\\' || (c < 0x20 && c != ' ' && c != '\t') || c == 0x7F) {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    /**
     * Parses the quoted-string whose opening quote is at {@code pos}, resolving quoted-pairs into
     * {@code into}.
     *
     * @return the index just after the closing quote
     */
    static int parseQuoted(String s, int pos, int end, StringBuilder into, ErrorContext ctx)
            throws ServletParseException {
        int i = pos + 1;
        while (i < end) {
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 >= end) {
                    break;
                }
                char escaped = s.charAt(i + 1);
                if (escaped == '\r' || escaped == '\n') {
                    throw ctx.error(i + 1, "line break cannot be escaped in a quoted string");
                }
                into.append(escaped);
                i += 2;
            } else {
                into.append(c);
                i++;
            }
        }
        throw ctx.error(pos, "unterminated quoted string");
    }

    /** Rejects values that would let an application inject header lines. */
    static void checkNoLineBreak(String value, String what) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(what + " must not contain CR or LF: " + value);
        }
    }

    /** Builds parse errors that name the input, the position and the reason. */
    static final class ErrorContext {
        private final String kind;
        private final String input;

        ErrorContext(String kind, String input) {
            this.kind = kind;
            this.input = input;
        }

        ServletParseException error(int position, String reason) {
            String at = position < input.length()
                    ? " at position " + position + " ('" + printable(input.charAt(position)) + "')"
                    : " at position " + position + " (end of input)";
            return new ServletParseException("Invalid " + kind + " \"" + input + "\": " + reason + at);
        }

        private static String printable(char c) {
            return c < 0x20 || c == 0x7F ? String.format("\\u%04x", (int) c) : String.valueOf(c);
        }
    }
}
