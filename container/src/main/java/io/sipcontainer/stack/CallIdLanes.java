package io.sipcontainer.stack;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import gov.nist.javax.sip.ThreadAffinityIdentifier;
import gov.nist.javax.sip.parser.NioPipelineParser;

/**
 * The executor the stack runs received messages on after parsing them from a TCP or TLS connection:
 * one single-thread lane per hash bucket, the messages of one Call-ID always on the same lane, so
 * they reach the listener (and the application session's executor) in the order they arrived.
 *
 * <p>The RI's own {@code ThreadAffinityExecutor} honours a task's {@link ThreadAffinityIdentifier},
 * but the NIO parser's dispatch task ({@code NioPipelineParser.Dispatch}) is not one: it went to the
 * next thread round robin, and an ACK and the BYE right behind it on one connection were handled in
 * parallel and relayed in either order. The dispatch task keeps the Call-ID it parsed in a
 * package-private field, read here; other tasks keep their own affinity, or go round robin.
 */
final class CallIdLanes extends AbstractExecutorService implements ScheduledExecutorService {
    private static final Field DISPATCH_CALL_ID = dispatchCallId();

    private final ScheduledThreadPoolExecutor[] lanes;
    private final AtomicInteger next = new AtomicInteger();

    CallIdLanes(int count, String name) {
        lanes = new ScheduledThreadPoolExecutor[Math.max(1, count)];
        for (int i = 0; i < lanes.length; i++) {
            String threadName = name + "-" + i;
            lanes[i] = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
        }
    }

    private static Field dispatchCallId() {
        try {
            Field f = NioPipelineParser.Dispatch.class.getDeclaredField("callId");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a JAIN-SIP upgrade renamed it: fail at start rather than silently lose message order
            throw new IllegalStateException("JAIN-SIP's NioPipelineParser.Dispatch has no callId field", e);
        }
    }

    /** What decides a task's lane: its Call-ID (or other affinity), or null for any lane. */
    static Object key(Runnable task) {
        if (task instanceof ThreadAffinityIdentifier affine && affine.getThreadHash() != null) {
            return affine.getThreadHash();
        }
        if (task instanceof NioPipelineParser.Dispatch) {
            try {
                return DISPATCH_CALL_ID.get(task);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return null;
    }

    private ScheduledThreadPoolExecutor laneFor(Object task) {
        Object key = task instanceof Runnable r ? key(r) : null;
        int i = key == null ? next.getAndIncrement() : key.hashCode();
        return lanes[Math.floorMod(i, lanes.length)];
    }

    @Override
    public void execute(Runnable task) {
        laneFor(task).execute(task);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return laneFor(task).schedule(task, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> task, long delay, TimeUnit unit) {
        return laneFor(task).schedule(task, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initialDelay, long period, TimeUnit unit) {
        return laneFor(task).scheduleAtFixedRate(task, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, long initialDelay, long delay, TimeUnit unit) {
        return laneFor(task).scheduleWithFixedDelay(task, initialDelay, delay, unit);
    }

    @Override
    public void shutdown() {
        for (ScheduledThreadPoolExecutor lane : lanes) {
            lane.shutdown();
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> pending = new ArrayList<>();
        for (ScheduledThreadPoolExecutor lane : lanes) {
            pending.addAll(lane.shutdownNow());
        }
        return pending;
    }

    @Override
    public boolean isShutdown() {
        return lanes[0].isShutdown();
    }

    @Override
    public boolean isTerminated() {
        for (ScheduledThreadPoolExecutor lane : lanes) {
            if (!lane.isTerminated()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (ScheduledThreadPoolExecutor lane : lanes) {
            if (!lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }
}
