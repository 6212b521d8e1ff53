package io.sipcontainer.stack;

/**
 * Kamailio's {@code tcp_msg_read_timeout} for one accepted connection: how long a message may take
 * from its first byte to its last. The clock starts with the first bytes of a message (CRLF
 * keepalives between messages start nothing) and stops when the parser delivers the message;
 * bytes arriving later than the timeout after the start mean a peer trickling a message to hold the
 * connection, which the channel then closes. Shared by {@link AcceptedTcpChannel} (raw bytes) and
 * {@link AcceptedTlsChannel} (decrypted bytes).
 */
final class MessageReadDeadline {
    private final long timeoutMillis;
    /** When the first byte of the message being read arrived; 0 between messages. */
    private volatile long started;

    MessageReadDeadline(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * {@code bytes} arrived now: the age in milliseconds of the message they continue when it is
     * past the timeout (the connection is to be closed), else -1.
     */
    long overdue(byte[] bytes) {
        long now = System.currentTimeMillis();
        long begun = started;
        if (begun == 0) {
            if (!onlyLineBreaks(bytes)) {
                started = now;
            }
            return -1;
        }
        return now - begun > timeoutMillis ? now - begun : -1;
    }

    /** A whole message was parsed: the next bytes start a new one. */
    void messageEnded() {
        started = 0;
    }

    private static boolean onlyLineBreaks(byte[] bytes) {
        for (byte b : bytes) {
            if (b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
