package io.sipcontainer.dispatch;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks submitted to it one at a time, in submission order, on a shared pool.
 *
 * <p>One instance guards each application session, which gives the spec's
 * {@code ConcurrencyMode.APPLICATIONSESSION} semantics: messages and timers of one application
 * session never run concurrently, while different sessions use the pool in parallel. No thread
 * is parked per session; an idle executor costs one small object.
 */
public final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final Queue<Runnable> tasks = new ArrayDeque<>(4);
    private boolean running;

    public SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        pool.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                LOG.error("Task of a serialized application session failed", e);
            }
        }
    }
}
