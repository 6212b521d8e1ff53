package io.sipcontainer.dialog;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread ({@code dialog-cluster}) that makes the dialog module's writes to the cluster off
 * the message path, one at a time in the order they were asked; a graceful stop makes the pending
 * ones first. A write that fails is logged and dropped (the next write of the dialog carries its
 * whole state).
 */
final class ClusterWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterWriter.class);

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dialog-cluster");
        t.setDaemon(true);
        return t;
    });

    void write(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("dialog: cannot write to the cluster: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** The node stops: the writes asked for are made first (a graceful stop loses none). */
    void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
