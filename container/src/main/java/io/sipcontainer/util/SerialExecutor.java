package io.sipcontainer.util;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks submitted to it one at a time, in submission order, on a shared pool.
 *
 * <p>One instance guards each application session, which gives the spec's
 * {@code ConcurrencyMode.APPLICATIONSESSION} semantics: messages and timers of one application
 * session never run concurrently, while different sessions use the pool in parallel. No thread
 * is parked per session; an idle executor costs one small object.
 *
 * <p>Each task runs holding the executor's <em>turn</em>. Code that is already running on some
 * other thread and must touch the same state (a converged application's HTTP servlet sending a
 * SIP request, a thread the application started) takes the turn with {@link #callInTurn}: it
 * waits for the task in progress, and no task starts while it holds the turn. On the executor's
 * own thread, inside a task, {@code callInTurn} simply runs the call.
 */
public final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    /** A call that may throw a checked exception of one type. */
    @FunctionalInterface
    public interface Call<T, E extends Exception> {
        T call() throws E;
    }

    /** The executor whose turn the current thread holds (innermost), for {@link #currentOwner()}. */
    private static final ThreadLocal<SerialExecutor> CURRENT = new ThreadLocal<>();
    /** Set while a thread runs {@link #allowingInline}: it may run an idle executor's tasks itself. */
    private static final ThreadLocal<Boolean> INLINE = new ThreadLocal<>();

    private final Executor pool;
    private final Object owner;
    private final Queue<Runnable> tasks = new ArrayDeque<>(4);
    private final ReentrantLock turn = new ReentrantLock();
    private boolean running;

    public SerialExecutor(Executor pool) {
        this(pool, null);
    }

    /** @param owner what this executor serializes (an application session), told by {@link #currentOwner()} */
    public SerialExecutor(Executor pool, Object owner) {
        this.pool = pool;
        this.owner = owner;
    }

    /** The owner of the executor whose turn this thread holds, innermost first; null outside any. */
    public static Object currentOwner() {
        SerialExecutor current = CURRENT.get();
        return current == null ? null : current.owner;
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
        if (INLINE.get() == Boolean.TRUE && CURRENT.get() == null) {
            drain(); // idle, and this thread may run it: no hand-off to the pool
        } else {
            pool.execute(this::drain);
        }
    }

    /**
     * Runs {@code action} on this thread and lets an executor that is idle when {@code action}
     * submits to it run the task right here, on this thread, instead of handing it to the pool
     * (the order of one executor's tasks is kept: a busy executor still queues). The stack's
     * message threads use it, so a message is handed from one thread to another once (socket
     * reader to stack thread) rather than twice: the second hand-off's park and unpark were 8% of
     * the server's CPU under proxied calls. Not for a thread that must not wait on application
     * code (the stack's timer thread). Inside a task, submissions go to the pool as before.
     */
    public static void allowingInline(Runnable action) {
        if (INLINE.get() == Boolean.TRUE) {
            action.run();
            return;
        }
        INLINE.set(Boolean.TRUE);
        try {
            action.run();
        } finally {
            INLINE.remove();
        }
    }

    /** Runs {@code call} now on this thread, holding the turn: never alongside a task of this executor. */
    public <T, E extends Exception> T callInTurn(Call<T, E> call) throws E {
        turn.lock();
        SerialExecutor previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return call.call();
        } finally {
            restore(previous);
            turn.unlock();
        }
    }

    private static void restore(SerialExecutor previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    /** True on a thread that holds the turn: inside a task, or inside {@link #callInTurn}. */
    public boolean isInTurn() {
        return turn.isHeldByCurrentThread();
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
            turn.lock();
            SerialExecutor previous = CURRENT.get();
            CURRENT.set(this);
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                LOG.error("Task of a serialized application session failed", e);
            } finally {
                restore(previous);
                turn.unlock();
            }
        }
    }
}
