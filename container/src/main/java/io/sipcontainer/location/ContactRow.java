package io.sipcontainer.location;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.sipcontainer.service.Contact;

/**
 * One contact as the in-memory table stores it. A server holds hundreds of thousands of these,
 * so the per-contact strings (URI, Call-ID, received, instance, ruid, path) are packed into one
 * UTF-8 byte array instead of six String objects, and the few distinct socket and User-Agent
 * values are shared. The AOR is the table's key and is not repeated here. Immutable.
 */
final class ContactRow {
    private static final int NULL_LENGTH = 0xFFFF;
    private static final int MAX_SHARED = 4096;
    /** Sockets and User-Agents repeat across contacts: one copy of each (bounded, never shrinks). */
    private static final Map<String, String> SHARED = new ConcurrentHashMap<>();

    private final byte[] text;
    final String socket;
    final String userAgent;
    final long expires;
    final long lastModified;
    final float q;
    final int cseq;
    final int regId;
    final int methods;
    final int flags;
    final int cflags;

    private ContactRow(byte[] text, String socket, String userAgent, long expires, long lastModified, float q,
            int cseq, int regId, int methods, int flags, int cflags) {
        this.text = text;
        this.socket = socket;
        this.userAgent = userAgent;
        this.expires = expires;
        this.lastModified = lastModified;
        this.q = q;
        this.cseq = cseq;
        this.regId = regId;
        this.methods = methods;
        this.flags = flags;
        this.cflags = cflags;
    }

    private ContactRow(Contact c) {
        this.text = pack(c);
        this.socket = shared(c.socket());
        this.userAgent = shared(c.userAgent());
        this.expires = c.expires();
        this.lastModified = c.lastModified();
        this.q = c.q();
        this.cseq = c.cseq();
        this.regId = c.regId();
        this.methods = c.methods();
        this.flags = c.flags();
        this.cflags = c.cflags();
    }

    static ContactRow of(Contact contact) {
        return new ContactRow(contact);
    }

    boolean isExpired(long now) {
        return expires != 0 && expires <= now;
    }

    /** The contact URI (decoded; the first packed field). */
    String uri() {
        return new Reader(text).next();
    }

    /** The ruid (decoded). */
    String ruid() {
        Reader r = new Reader(text);
        r.skip(4);
        return r.next();
    }

    Contact toContact(String aor) {
        Reader r = new Reader(text);
        String uri = r.next();
        String callId = r.next();
        String received = r.next();
        String instance = r.next();
        String ruid = r.next();
        int hops = text[r.pos++] & 0xFF;
        List<String> path = hops == 0 ? List.of() : new ArrayList<>(hops);
        for (int i = 0; i < hops; i++) {
            path.add(r.next());
        }
        return new Contact(aor, uri, q, expires, callId, cseq, received, path, socket, userAgent, instance, regId,
                methods, flags, cflags, lastModified, ruid);
    }

    /**
     * The bindings of one AOR as bytes, for a table shared with other nodes: a compact form with
     * no class names, so a replicated binding costs about what it costs in memory.
     */
    static byte[] encode(ContactRow[] rows) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(64 + rows.length * 160);
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeInt(rows.length);
            for (ContactRow r : rows) {
                out.writeInt(r.text.length);
                out.write(r.text);
                writeNullable(out, r.socket);
                writeNullable(out, r.userAgent);
                out.writeLong(r.expires);
                out.writeLong(r.lastModified);
                out.writeFloat(r.q);
                out.writeInt(r.cseq);
                out.writeInt(r.regId);
                out.writeInt(r.methods);
                out.writeInt(r.flags);
                out.writeInt(r.cflags);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The number of bindings in an {@link #encode encoded} array, without decoding them. */
    static int encodedCount(byte[] encoded) {
        return ((encoded[0] & 0xFF) << 24) | ((encoded[1] & 0xFF) << 16) | ((encoded[2] & 0xFF) << 8)
                | (encoded[3] & 0xFF);
    }

    static ContactRow[] decode(byte[] encoded) {
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(encoded))) {
            ContactRow[] rows = new ContactRow[in.readInt()];
            for (int i = 0; i < rows.length; i++) {
                byte[] text = new byte[in.readInt()];
                in.readFully(text);
                String socket = shared(readNullable(in));
                String userAgent = shared(readNullable(in));
                rows[i] = new ContactRow(text, socket, userAgent, in.readLong(), in.readLong(), in.readFloat(),
                        in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt());
            }
            return rows;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void writeNullable(java.io.DataOutputStream out, String s) throws java.io.IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(java.io.DataInputStream in) throws java.io.IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    /** Approximate heap bytes of the packed strings (for sizing reports). */
    int packedLength() {
        return text.length;
    }

    private static byte[] pack(Contact c) {
        if (c.path().size() > 255) {
            throw new IllegalArgumentException("more than 255 Path values");
        }
        byte[][] parts = new byte[5 + c.path().size()][];
        parts[0] = utf8(c.uri());
        parts[1] = utf8(c.callId());
        parts[2] = utf8(c.received());
        parts[3] = utf8(c.instance());
        parts[4] = utf8(c.ruid());
        for (int i = 0; i < c.path().size(); i++) {
            parts[5 + i] = utf8(c.path().get(i));
        }
        int size = 1;
        for (byte[] p : parts) {
            size += 2 + (p == null ? 0 : p.length);
        }
        byte[] out = new byte[size];
        int pos = 0;
        for (int i = 0; i < parts.length; i++) {
            if (i == 5) {
                out[pos++] = (byte) c.path().size();
            }
            pos = put(out, pos, parts[i]);
        }
        if (parts.length == 5) {
            out[pos] = 0;
        }
        return out;
    }

    private static int put(byte[] out, int pos, byte[] value) {
        int len = value == null ? NULL_LENGTH : value.length;
        out[pos] = (byte) (len >>> 8);
        out[pos + 1] = (byte) len;
        if (value != null) {
            System.arraycopy(value, 0, out, pos + 2, value.length);
            return pos + 2 + value.length;
        }
        return pos + 2;
    }

    private static byte[] utf8(String s) {
        if (s == null) {
            return null;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length >= NULL_LENGTH) {
            throw new IllegalArgumentException("contact field longer than 65534 bytes");
        }
        return b;
    }

    private static String shared(String s) {
        if (s == null) {
            return null;
        }
        String known = SHARED.get(s);
        if (known != null) {
            return known;
        }
        if (SHARED.size() >= MAX_SHARED) {
            return s;
        }
        known = SHARED.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    /** Walks the packed fields in order. */
    private static final class Reader {
        private final byte[] text;
        int pos;

        Reader(byte[] text) {
            this.text = text;
        }

        String next() {
            int len = ((text[pos] & 0xFF) << 8) | (text[pos + 1] & 0xFF);
            pos += 2;
            if (len == NULL_LENGTH) {
                return null;
            }
            String s = new String(text, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        void skip(int fields) {
            for (int i = 0; i < fields; i++) {
                int len = ((text[pos] & 0xFF) << 8) | (text[pos + 1] & 0xFF);
                pos += 2 + (len == NULL_LENGTH ? 0 : len);
            }
        }
    }
}
