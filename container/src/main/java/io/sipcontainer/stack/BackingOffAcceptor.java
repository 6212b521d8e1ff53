package io.sipcontainer.stack;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.stack.NioTcpMessageProcessor;

import io.sipcontainer.util.RateLimitedLog;

/**
 * Accepts the connections of one TCP or TLS listener in place of the RI's selector thread, and backs
 * off when accepting fails. The RI accepts on its selector thread and logs a failed accept with its
 * stack trace; the failed connection stays pending, so once the process is out of file descriptors
 * ("Too many open files") the next select returns at once and the loop spun, logging hundreds of
 * thousands of traces in seconds. Here a failed accept stops listening for accepts for a wait that
 * doubles from {@link #FIRST_PAUSE} to {@link #LONGEST_PAUSE} while failures go on (the selector
 * thread meanwhile serves the open connections, so closing some lets accepts succeed again), and is
 * logged in one WARN line per {@link #LOG_INTERVAL} with the count of the failures in between.
 *
 * <p>An accepted connection is handed to the processor exactly as the RI's own accept does: its
 * channel is made ({@code createMessageChannel}, where the connection limits apply) and it is
 * registered for reading with the RI's selector through the processor's change queue.
 */
final class BackingOffAcceptor implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(BackingOffAcceptor.class);
    static final Duration FIRST_PAUSE = Duration.ofMillis(10);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    /** What the acceptor needs of its processor. */
    interface Listener {
        /** Makes the stack's channel for {@code client} and registers it for reading; may refuse it. */
        void accepted(SocketChannel client) throws IOException;

        String describe();
    }

    private final ServerSocketChannel server;
    private final Listener listener;
    private final Selector selector;
    private final SelectionKey key;
    private final RateLimitedLog failures = new RateLimitedLog(LOG, LOG_INTERVAL);
    private final RateLimitedLog refusals = new RateLimitedLog(LOG, LOG_INTERVAL);
    private volatile boolean running = true;
    private long pauseMillis;

    private BackingOffAcceptor(ServerSocketChannel server, Listener listener) throws IOException {
        this.server = server;
        this.listener = listener;
        this.selector = Selector.open();
        this.key = server.register(selector, SelectionKey.OP_ACCEPT);
    }

    /**
     * Takes the accepting of {@code server} over from the RI selector that {@code riSelector} is:
     * its accept key there is cancelled, and a thread of ours accepts from now on.
     */
    static BackingOffAcceptor takeOver(ServerSocketChannel server, Selector riSelector, Listener listener)
            throws IOException {
        SelectionKey riKey = server.keyFor(riSelector);
        if (riKey != null) {
            riKey.cancel();
            riSelector.wakeup();
        }
        BackingOffAcceptor acceptor = new BackingOffAcceptor(server, listener);
        Thread thread = new Thread(acceptor, "SipAccept-" + listener.describe());
        thread.setDaemon(true);
        thread.start();
        return acceptor;
    }

    /**
     * {@link #takeOver(ServerSocketChannel, Selector, Listener)} for one of our NIO TCP or TLS
     * processors: an accepted connection gets its channel from the processor's
     * {@code createMessageChannel} (where the connection limits apply) and is registered for reading
     * with the RI selector. The processor passes the RI's protected fields it has access to.
     */
    static BackingOffAcceptor takeOver(NioTcpMessageProcessor processor, ServerSocketChannel server, Selector riSelector,
            java.util.Queue<NioTcpMessageProcessor.ChangeRequest> changeRequests, String transport) throws IOException {
        return takeOver(server, riSelector, new Listener() {
            @Override
            public void accepted(SocketChannel client) throws IOException {
                processor.createMessageChannel(processor, client);
                registerForReading(changeRequests, riSelector, client);
            }

            @Override
            public String describe() {
                return transport + "-" + processor.getIpAddress().getHostAddress() + "/" + processor.getPort();
            }
        });
    }

    /** Registers an accepted connection with the RI selector, as {@code ProcessorTask.accept} does. */
    static void registerForReading(java.util.Queue<NioTcpMessageProcessor.ChangeRequest> changeRequests,
            Selector riSelector, SocketChannel client) {
        changeRequests.add(new NioTcpMessageProcessor.ChangeRequest(client, NioTcpMessageProcessor.ChangeRequest.REGISTER,
                SelectionKey.OP_READ));
        riSelector.wakeup();
    }

    void stop() {
        running = false;
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the accept selector: {}", e.toString());
        }
    }

    @Override
    public void run() {
        try {
            while (running && server.isOpen()) {
                selector.select(pauseMillis);
                selector.selectedKeys().clear();
                if (pauseMillis > 0 && key.interestOps() == 0) {
                    key.interestOps(SelectionKey.OP_ACCEPT); // the pause is over: try again
                    continue;
                }
                acceptPending();
            }
        } catch (ClosedSelectorException | java.nio.channels.CancelledKeyException e) {
            // stopped
        } catch (IOException e) {
            LOG.warn("Accepting on {} stopped: {}", listener.describe(), e.toString());
        }
    }

    private void acceptPending() {
        while (running) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!server.isOpen()) {
                    running = false;
                    return;
                }
                pauseMillis = pauseMillis == 0 ? FIRST_PAUSE.toMillis()
                        : Math.min(pauseMillis * 2, LONGEST_PAUSE.toMillis());
                key.interestOps(0); // no accepts until the pause is over
                failures.warn("Cannot accept a connection on {}: {}; accepts pause for up to {} ms while this goes on",
                        listener.describe(), e.toString(), LONGEST_PAUSE.toMillis());
                return;
            }
            if (client == null) {
                pauseMillis = 0;
                return;
            }
            pauseMillis = 0;
            try {
                client.configureBlocking(false);
                listener.accepted(client);
            } catch (IOException | RuntimeException e) {
                closeQuietly(client);
                refusals.warn("Connection on {} not taken: {}", listener.describe(), e.getMessage());
            }
        }
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close();
        } catch (IOException e) {
            // nothing more to do for it
        }
    }
}
