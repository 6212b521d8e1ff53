package io.sipcontainer.it;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

import io.sipcontainer.it.RegisterClient.Reply;
import io.sipcontainer.it.support.SipAgent;

/**
 * Sends hand-written requests over UDP from a plain socket and reads the replies as text, for
 * tests that check exact status lines (and malformed or unusual requests a SIP stack would not
 * build). Provisional replies are skipped.
 */
final class RawSipClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final SipAgent agent = new SipAgent();
    private final InetSocketAddress server;

    RawSipClient(InetSocketAddress server) {
        this.server = server;
    }

    /** The client's UDP port, for the Via of its requests. */
    int port() {
        return agent.rawPort();
    }

    /** Sends a request and returns its final reply; fails when none comes in time. */
    Reply send(String request) {
        sendOnly(request);
        return awaitFinal();
    }

    void sendOnly(String request) {
        agent.sendRaw(request, server);
    }

    /** The next final reply; fails when none comes in time. */
    Reply awaitFinal() {
        Reply r = pollFinal(TIMEOUT);
        if (r == null) {
            throw new AssertionError("no final reply within " + TIMEOUT);
        }
        return r;
    }

    /** The next final reply, or null when none comes within {@code timeout}. */
    Reply pollFinal(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Optional<String> text = left <= 0 ? Optional.empty() : agent.pollRaw(Duration.ofNanos(left));
            if (text.isEmpty()) {
                return null;
            }
            Reply r = Reply.parse(text.get());
            if (r.status() >= 200) {
                return r;
            }
        }
    }

    @Override
    public void close() {
        agent.close();
    }
}
