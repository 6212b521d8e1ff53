package io.sipcontainer.stack;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32;

/**
 * The STUN side of a SIP UDP socket (RFC 5626 4.4.2 keep-alives, RFC 5389 messages): a datagram
 * whose first byte is 0-3 cannot be SIP (which starts with a letter, or CR LF), so it is read here
 * on the socket's reader thread and never queued for the SIP parser. A Binding request gets a
 * success response with the sender's address and port as XOR-MAPPED-ADDRESS (and FINGERPRINT when
 * the request had one); a request with a comprehension-required attribute this server does not
 * know gets 420 with UNKNOWN-ATTRIBUTES; anything else (indications, responses, other methods,
 * garbage starting with such a byte, the 4-byte zero NAT ping) is dropped. Both are counted.
 * No authentication: keep-alives carry none, and MESSAGE-INTEGRITY is ignored (RFC 5389 10).
 */
final class StunKeepAlive {
    static final int MAGIC_COOKIE = 0x2112A442;
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;
    static final int BINDING_ERROR = 0x0111;
    static final int XOR_MAPPED_ADDRESS = 0x0020;
    static final int ERROR_CODE = 0x0009;
    static final int UNKNOWN_ATTRIBUTES = 0x000A;
    static final int FINGERPRINT = 0x8028;
    private static final int FINGERPRINT_XOR = 0x5354554E;
    private static final int HEADER = 20;
    /** Comprehension-required attributes of RFC 5389 15, accepted (and ignored where unused). */
    private static final int[] KNOWN = {0x0001, 0x0006, 0x0008, 0x0009, 0x000A, 0x0014, 0x0015, 0x0020};

    private final LongAdder answered = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    /** True when a datagram belongs here rather than to SIP: its first byte is 0-3 (RFC 7983 demultiplexing). */
    static boolean isStun(byte[] bytes, int length) {
        return length > 0 && (bytes[0] & 0xFF) <= 3;
    }

    /** The reply to send back to {@code source}, or null to drop the datagram; counts either way. */
    byte[] answer(byte[] bytes, int length, InetAddress address, int port) {
        byte[] reply = reply(bytes, length, address, port);
        (reply == null ? dropped : answered).increment();
        return reply;
    }

    /** Binding requests answered (success or 420). */
    long answered() {
        return answered.sum();
    }

    /** Datagrams of the STUN range that got no answer. */
    long dropped() {
        return dropped.sum();
    }

    static byte[] reply(byte[] bytes, int length, InetAddress address, int port) {
        if (length < HEADER || length % 4 != 0) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        int type = in.getShort(0) & 0xFFFF;
        int bodyLength = in.getShort(2) & 0xFFFF;
        if (type != BINDING_REQUEST || in.getInt(4) != MAGIC_COOKIE || bodyLength != length - HEADER) {
            return null;
        }
        byte[] transactionId = new byte[12];
        System.arraycopy(bytes, 8, transactionId, 0, 12);
        List<Integer> unknown = new ArrayList<>();
        boolean fingerprint = false;
        for (int at = HEADER; at + 4 <= length; ) {
            int attribute = in.getShort(at) & 0xFFFF;
            int valueLength = in.getShort(at + 2) & 0xFFFF;
            if (at + 4 + valueLength > length) {
                return null; // an attribute runs past the message: not a STUN message after all
            }
            if (attribute == FINGERPRINT) {
                fingerprint = true;
            } else if (attribute < 0x8000 && !known(attribute)) {
                unknown.add(attribute);
            }
            at += 4 + ((valueLength + 3) & ~3);
        }
        ByteBuffer out = ByteBuffer.allocate(HEADER + 64);
        out.putShort((short) (unknown.isEmpty() ? BINDING_SUCCESS : BINDING_ERROR)).putShort((short) 0)
                .putInt(MAGIC_COOKIE).put(transactionId);
        if (unknown.isEmpty()) {
            putXorMappedAddress(out, address, port, transactionId);
        } else {
            putUnknownAttributes(out, unknown);
        }
        if (fingerprint) {
            out.putShort(2, (short) (out.position() - HEADER + 8)); // the length counts the fingerprint
            CRC32 crc = new CRC32();
            crc.update(out.array(), 0, out.position());
            out.putShort((short) FINGERPRINT).putShort((short) 4).putInt((int) crc.getValue() ^ FINGERPRINT_XOR);
        }
        out.putShort(2, (short) (out.position() - HEADER));
        byte[] reply = new byte[out.position()];
        System.arraycopy(out.array(), 0, reply, 0, reply.length);
        return reply;
    }

    private static boolean known(int attribute) {
        for (int k : KNOWN) {
            if (k == attribute) {
                return true;
            }
        }
        return false;
    }

    /** RFC 5389 15.2: port and address XORed with the cookie (and, for IPv6, the transaction id). */
    private static void putXorMappedAddress(ByteBuffer out, InetAddress address, int port, byte[] transactionId) {
        byte[] a = address.getAddress();
        boolean v6 = address instanceof Inet6Address;
        out.putShort((short) XOR_MAPPED_ADDRESS).putShort((short) (4 + a.length));
        out.put((byte) 0).put((byte) (v6 ? 0x02 : 0x01)).putShort((short) (port ^ (MAGIC_COOKIE >>> 16)));
        byte[] mask = ByteBuffer.allocate(16).putInt(MAGIC_COOKIE).put(transactionId).array();
        for (int i = 0; i < a.length; i++) {
            out.put((byte) (a[i] ^ mask[i]));
        }
    }

    /** RFC 5389 15.6 and 15.9: 420 Unknown Attribute, naming them. */
    private static void putUnknownAttributes(ByteBuffer out, List<Integer> unknown) {
        byte[] reason = "Unknown Attribute".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.putShort((short) ERROR_CODE).putShort((short) (4 + reason.length));
        out.putShort((short) 0).put((byte) 4).put((byte) 20).put(reason);
        pad(out, reason.length);
        int listed = Math.min(unknown.size(), 8);
        out.putShort((short) UNKNOWN_ATTRIBUTES).putShort((short) (2 * listed));
        for (int i = 0; i < listed; i++) {
            out.putShort((short) unknown.get(i).intValue());
        }
        pad(out, 2 * listed);
    }

    private static void pad(ByteBuffer out, int valueLength) {
        for (int i = valueLength; i % 4 != 0; i++) {
            out.put((byte) 0);
        }
    }
}
