package io.sipcontainer.stack;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.sipcontainer.transport.Admission;

/**
 * The server's {@link Admission} applied to a UDP datagram on the socket's reader thread, before
 * the datagram is queued for JAIN-SIP's parser: under a flood, refusing a request costs a scan of
 * its head ({@link RequestHead}) and one small stateless 503 built from its own Via, From, To,
 * Call-ID and CSeq lines, not a full parse, a queue slot and a worker's turn. Responses, ACKs,
 * CANCELs, retransmissions of transactions the stack already holds, and datagrams that are no
 * request at all go on to the stack as usual; every other request is judged here, and
 * {@link FrontValve} leaves UDP requests alone. A request whose identifying lines the raw reading
 * cannot place counts as out-of-dialog, and is dropped where it would be refused (there is nothing
 * to build the 503 from). An ACK is never answered. An RFC 2543 request (no z9hG4bK branch) is
 * matched to its transaction by the id JAIN-SIP makes from its From tag, Call-ID, CSeq and Via
 * ({@link RequestHead#rfc2543TransactionId}), so its retransmissions are absorbed too.
 */
final class DatagramGate {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] STATUS_503 = "SIP/2.0 503 Service Unavailable\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TO_TAG = ";tag=sc503".getBytes(StandardCharsets.US_ASCII);

    /** What happens to one datagram. */
    record Decision(boolean queue, byte[] reply) {
        static final Decision QUEUE = new Decision(true, null);
        static final Decision DROP = new Decision(false, null);
    }

    private final Supplier<Admission> admission;
    private final Predicate<String> knownServerTransaction;

    /**
     * @param admission              the server's admission at the time of the call
     * @param knownServerTransaction true for the id of a server transaction the stack holds
     */
    DatagramGate(Supplier<Admission> admission, Predicate<String> knownServerTransaction) {
        this.admission = admission;
        this.knownServerTransaction = knownServerTransaction;
    }

    /** Decides for the datagram {@code bytes[0..length)} from {@code source}, with {@code backlog} queued. */
    Decision screen(byte[] bytes, int length, InetAddress source, int backlog) {
        return screen(bytes, length, (Object) source, backlog);
    }

    /** As above, for a request read from a connection from {@code source} (an IP address as text). */
    Decision screen(byte[] bytes, int length, String source, int backlog) {
        return screen(bytes, length, (Object) source, backlog);
    }

    private Decision screen(byte[] bytes, int length, Object source, int backlog) {
        Admission a = admission.get();
        if (!a.mayRefuse(backlog)) {
            return Decision.QUEUE; // the usual case: nothing to decide, nothing read
        }
        RequestHead head = RequestHead.read(bytes, length);
        if (head == null || "ACK".equals(head.method) || "CANCEL".equals(head.method)) {
            return Decision.QUEUE;
        }
        String id = head.branch != null ? head.branch : head.rfc2543TransactionId();
        if (id != null && knownServerTransaction.test(id)) {
            return Decision.QUEUE; // a retransmission: the stack absorbs it whatever the load
        }
        String address = source instanceof InetAddress ip ? ip.getHostAddress() : (String) source;
        return switch (a.admit(address, !head.toTagged, backlog)) {
            case ACCEPT -> Decision.QUEUE;
            case REFUSE -> head.complete ? new Decision(false, refusal(head, a.retryAfterSeconds())) : Decision.DROP;
            case DROP -> Decision.DROP;
        };
    }

    /** A 503 with the request's identifying lines as they came, a To tag if it had none, Retry-After. */
    static byte[] refusal(RequestHead head, int retryAfterSeconds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        out.writeBytes(STATUS_503);
        for (int i = 0; i < head.lineCount; i++) {
            int start = head.lines[2 * i];
            out.write(head.bytes, start, head.lines[2 * i + 1] - start);
            if (head.isTo(i) && !head.toTagged) {
                out.writeBytes(TO_TAG);
            }
            out.writeBytes(CRLF);
        }
        if (retryAfterSeconds > 0) {
            out.writeBytes(("Retry-After: " + retryAfterSeconds + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("Content-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
