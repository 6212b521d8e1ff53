package io.sipcontainer.stack;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads HAProxy's PROXY protocol header (version 1, text, and version 2, binary) from the first bytes
 * of an accepted connection, as Kamailio does with {@code tcp_accept_haproxy = yes}: a load balancer
 * in front of the server writes the client's real address there, before any SIP. Bytes are fed as
 * they arrive; the reader answers once it knows whether the connection starts with a header, and
 * gives back the bytes after it (the start of the SIP stream). A connection that does not start with
 * a header is passed through untouched. One reader per connection, used by its selector thread only.
 */
final class ProxyProtocolReader {
    /** Longest v1 header (the specification's 107 bytes) and a bound on a v2 header we accept. */
    private static final int V1_MAX = 107;
    private static final int V2_MAX = 16 + 536;
    private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    /** What the bytes so far say. */
    enum Status { NEED_MORE, NONE, FOUND, INVALID }

    /**
     * The reader's answer: {@code source} is the client's address for FOUND (null for a v2 LOCAL
     * command or v1 UNKNOWN: the connection's own address stands); {@code rest} the bytes after the
     * header (for NONE, all bytes fed so far).
     */
    record Result(Status status, InetSocketAddress source, byte[] rest, String reason) {
        static final Result NEED_MORE = new Result(Status.NEED_MORE, null, null, null);

        static Result invalid(String reason) {
            return new Result(Status.INVALID, null, null, reason);
        }
    }

    private byte[] buffer = new byte[0];

    /** Adds the bytes just read and says what is known now. */
    Result feed(byte[] bytes) {
        byte[] b = Arrays.copyOf(buffer, buffer.length + bytes.length);
        System.arraycopy(bytes, 0, b, buffer.length, bytes.length);
        buffer = b;
        if (startsWithPrefixOf(b, V2_SIGNATURE)) {
            return b.length < V2_SIGNATURE.length ? Result.NEED_MORE : v2(b);
        }
        if (startsWithPrefixOf(b, V1_PREFIX)) {
            return b.length < V1_PREFIX.length ? Result.NEED_MORE : v1(b);
        }
        return new Result(Status.NONE, null, b, null);
    }

    private static Result v1(byte[] b) {
        int end = -1;
        for (int i = 0; i + 1 < b.length && i < V1_MAX; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            return b.length >= V1_MAX ? Result.invalid("PROXY v1 line longer than 107 bytes") : Result.NEED_MORE;
        }
        String line = new String(b, 0, end, StandardCharsets.US_ASCII);
        byte[] rest = Arrays.copyOfRange(b, end + 2, b.length);
        String[] f = line.split(" ");
        if (f.length >= 2 && "UNKNOWN".equals(f[1])) {
            return new Result(Status.FOUND, null, rest, null);
        }
        if (f.length != 6 || !("TCP4".equals(f[1]) || "TCP6".equals(f[1]))) {
            return Result.invalid("bad PROXY v1 line: " + line);
        }
        try {
            InetAddress source = literal(f[2]);
            int port = Integer.parseInt(f[4]);
            if (port < 0 || port > 65535) {
                return Result.invalid("bad PROXY v1 source port: " + line);
            }
            return new Result(Status.FOUND, new InetSocketAddress(source, port), rest, null);
        } catch (NumberFormatException | UnknownHostException e) {
            return Result.invalid("bad PROXY v1 line: " + line);
        }
    }

    private static Result v2(byte[] b) {
        if (b.length < 16) {
            return Result.NEED_MORE;
        }
        int versionCommand = b[12] & 0xFF;
        int family = b[13] & 0xFF;
        int length = ((b[14] & 0xFF) << 8) | (b[15] & 0xFF);
        if ((versionCommand >> 4) != 2 || 16 + length > V2_MAX) {
            return Result.invalid("bad PROXY v2 header (version/command " + versionCommand + ", length " + length + ")");
        }
        if (b.length < 16 + length) {
            return Result.NEED_MORE;
        }
        byte[] rest = Arrays.copyOfRange(b, 16 + length, b.length);
        int command = versionCommand & 0x0F;
        if (command == 0) { // LOCAL: the balancer's own connection (a health check)
            return new Result(Status.FOUND, null, rest, null);
        }
        if (command != 1) {
            return Result.invalid("unknown PROXY v2 command " + command);
        }
        int addressLength = switch (family >> 4) {
            case 1 -> 4;
            case 2 -> 16;
            default -> 0; // UNSPEC or UNIX: no address we can use
        };
        if (addressLength == 0) {
            return new Result(Status.FOUND, null, rest, null);
        }
        if (length < 2 * addressLength + 4) {
            return Result.invalid("PROXY v2 addresses shorter than their family");
        }
        try {
            InetAddress source = InetAddress.getByAddress(Arrays.copyOfRange(b, 16, 16 + addressLength));
            int p = 16 + 2 * addressLength;
            int port = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
            return new Result(Status.FOUND, new InetSocketAddress(source, port), rest, null);
        } catch (UnknownHostException e) {
            return Result.invalid("bad PROXY v2 address");
        }
    }

    /** An IP literal only: never a name lookup. */
    private static InetAddress literal(String text) throws UnknownHostException {
        if (!text.matches("[0-9A-Fa-f:.]+")) {
            throw new UnknownHostException(text);
        }
        return InetAddress.getByName(text);
    }

    private static boolean startsWithPrefixOf(byte[] b, byte[] prefix) {
        int n = Math.min(b.length, prefix.length);
        for (int i = 0; i < n; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
