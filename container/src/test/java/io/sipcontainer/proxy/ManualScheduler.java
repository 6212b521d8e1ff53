package io.sipcontainer.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A scheduler whose delayed tasks run only when the test says their time has come. */
final class ManualScheduler extends ScheduledThreadPoolExecutor {
    private final List<Task> tasks = new ArrayList<>();

    ManualScheduler() {
        super(1);
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Task t = new Task(command, unit.toSeconds(delay));
        tasks.add(t);
        return t;
    }

    /** Runs every task not cancelled whose delay is at most {@code seconds}; returns how many ran. */
    int runDueWithin(long seconds) {
        List<Task> due = new ArrayList<>();
        synchronized (this) {
            for (Task t : tasks) {
                if (!t.isDone() && t.delaySeconds <= seconds) {
                    due.add(t);
                }
            }
        }
        for (Task t : due) {
            t.complete(null);
            t.command.run();
        }
        return due.size();
    }

    synchronized long pending() {
        return tasks.stream().filter(t -> !t.isDone()).count();
    }

    private static final class Task extends CompletableFuture<Object> implements ScheduledFuture<Object> {
        final Runnable command;
        final long delaySeconds;

        Task(Runnable command, long delaySeconds) {
            this.command = command;
            this.delaySeconds = delaySeconds;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(delaySeconds, TimeUnit.SECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.SECONDS), o.getDelay(TimeUnit.SECONDS));
        }
    }
}
