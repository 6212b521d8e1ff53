package io.sipcontainer.rtpengine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bencode, the encoding of rtpengine's ng protocol: byte strings {@code 4:spam}, integers
 * {@code i42e}, lists {@code l...e} and dictionaries {@code d...e}. Java values map to it as
 * {@link String} (UTF-8 bytes), {@link Number} (integral), {@link List} and {@link Map} with string
 * keys; decoding gives back the same types ({@code Long} for integers, insertion-ordered maps).
 * Dictionary keys are written in the order given: rtpengine does not require them sorted.
 */
public final class Bencode {
    private Bencode() {
    }

    /** Thrown for a datagram that is not valid bencode. */
    public static final class BencodeException extends Exception {
        private static final long serialVersionUID = 1L;

        BencodeException(String message, int at) {
            super(message + " at byte " + at);
        }
    }

    /** The bencoded bytes of {@code value}. */
    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(out, value);
        return out.toByteArray();
    }

    static void write(ByteArrayOutputStream out, Object value) {
        if (value instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            ascii(out, Integer.toString(b.length));
            out.write(':');
            out.writeBytes(b);
        } else if (value instanceof byte[] b) {
            ascii(out, Integer.toString(b.length));
            out.write(':');
            out.writeBytes(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            out.write('i');
            ascii(out, value.toString());
            out.write('e');
        } else if (value instanceof List<?> list) {
            out.write('l');
            for (Object item : list) {
                write(out, item);
            }
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            out.write('d');
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException("bencode dictionary keys are strings, got " + e.getKey());
                }
                write(out, e.getKey());
                write(out, e.getValue());
            }
            out.write('e');
        } else {
            throw new IllegalArgumentException("cannot bencode " + (value == null ? "null" : value.getClass().getName()));
        }
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        for (int i = 0; i < s.length(); i++) {
            out.write(s.charAt(i));
        }
    }

    /** Decodes the one value that fills {@code data[from, to)}. */
    public static Object decode(byte[] data, int from, int to) throws BencodeException {
        Reader r = new Reader(data, from, to);
        Object value = r.value(0);
        if (r.pos != to) {
            throw new BencodeException("trailing data after the value", r.pos);
        }
        return value;
    }

    public static Object decode(byte[] data) throws BencodeException {
        return decode(data, 0, data.length);
    }

    /** A cursor over the bytes; nesting is limited so a hostile datagram cannot exhaust the stack. */
    private static final class Reader {
        private static final int MAX_DEPTH = 64;
        private final byte[] data;
        private final int end;
        private int pos;

        Reader(byte[] data, int from, int to) {
            this.data = data;
            this.pos = from;
            this.end = to;
        }

        Object value(int depth) throws BencodeException {
            if (depth > MAX_DEPTH) {
                throw new BencodeException("nesting deeper than " + MAX_DEPTH, pos);
            }
            if (pos >= end) {
                throw new BencodeException("unexpected end", pos);
            }
            byte b = data[pos];
            if (b == 'i') {
                pos++;
                long n = number('e');
                return n;
            }
            if (b == 'l') {
                pos++;
                List<Object> list = new ArrayList<>();
                while (peek() != 'e') {
                    list.add(value(depth + 1));
                }
                pos++;
                return list;
            }
            if (b == 'd') {
                pos++;
                Map<String, Object> map = new LinkedHashMap<>();
                while (peek() != 'e') {
                    if (peek() < '0' || peek() > '9') {
                        throw new BencodeException("dictionary key is not a string", pos);
                    }
                    String key = string();
                    map.put(key, value(depth + 1));
                }
                pos++;
                return map;
            }
            if (b >= '0' && b <= '9') {
                return string();
            }
            throw new BencodeException("unexpected '" + (char) b + "'", pos);
        }

        private byte peek() throws BencodeException {
            if (pos >= end) {
                throw new BencodeException("unexpected end", pos);
            }
            return data[pos];
        }

        private String string() throws BencodeException {
            long len = number(':');
            if (len < 0 || len > end - pos) {
                throw new BencodeException("string length " + len + " beyond the data", pos);
            }
            String s = new String(data, pos, (int) len, StandardCharsets.UTF_8);
            pos += (int) len;
            return s;
        }

        private long number(char terminator) throws BencodeException {
            int start = pos;
            boolean negative = false;
            if (pos < end && data[pos] == '-') {
                negative = true;
                pos++;
            }
            long n = 0;
            int digits = 0;
            while (pos < end && data[pos] != terminator) {
                byte c = data[pos];
                if (c < '0' || c > '9' || digits >= 18) {
                    throw new BencodeException("bad number", pos);
                }
                n = n * 10 + (c - '0');
                digits++;
                pos++;
            }
            if (pos >= end || digits == 0) {
                throw new BencodeException("unterminated number", start);
            }
            pos++; // the terminator
            return negative ? -n : n;
        }
    }
}
