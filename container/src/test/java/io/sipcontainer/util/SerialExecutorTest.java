package io.sipcontainer.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One application session's tasks run one at a time and in order; different sessions overlap. */
class SerialExecutorTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void tasksOfOneSessionNeverRunConcurrentlyAndKeepTheirOrder() throws Exception {
        SerialExecutor session = new SerialExecutor(pool);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(2000);
        for (int i = 0; i < 2000; i++) {
            int n = i;
            session.execute(() -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                order.add(n);
                running.decrementAndGet();
                done.countDown();
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(1, maxRunning.get(), "never two tasks of one session at once");
        for (int i = 0; i < order.size(); i++) {
            assertEquals(i, order.get(i), "submission order kept");
        }
    }

    @Test
    void differentSessionsRunInParallel() throws Exception {
        SerialExecutor a = new SerialExecutor(pool);
        SerialExecutor b = new SerialExecutor(pool);
        CountDownLatch bothInside = new CountDownLatch(2);
        CountDownLatch finished = new CountDownLatch(2);
        Runnable meet = () -> {
            bothInside.countDown();
            try {
                if (bothInside.await(5, TimeUnit.SECONDS)) {
                    finished.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        a.execute(meet);
        b.execute(meet);
        assertTrue(finished.await(10, TimeUnit.SECONDS), "both sessions were inside their task at the same time");
    }

    @Test
    void aFailingTaskDoesNotStopTheQueue() throws Exception {
        SerialExecutor session = new SerialExecutor(pool);
        CountDownLatch after = new CountDownLatch(1);
        session.execute(() -> {
            throw new IllegalStateException("application bug");
        });
        session.execute(after::countDown);
        assertTrue(after.await(5, TimeUnit.SECONDS));
    }

    @Test
    void aThreadAllowedInlineRunsAnIdleSessionsTaskItself() {
        SerialExecutor session = new SerialExecutor(pool);
        Thread caller = Thread.currentThread();
        List<Thread> ranOn = new ArrayList<>();
        SerialExecutor.allowingInline(() -> session.execute(() -> ranOn.add(Thread.currentThread())));
        assertEquals(List.of(caller), ranOn, "run before execute returned, on the calling thread");
    }

    @Test
    void aBusySessionStillQueuesAndKeepsItsOrderWhenTheCallerIsAllowedInline() throws Exception {
        SerialExecutor session = new SerialExecutor(pool);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        session.execute(() -> {
            started.countDown();
            await(release);
            order.add("first");
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        Thread caller = Thread.currentThread();
        List<Thread> ranOn = Collections.synchronizedList(new ArrayList<>());
        SerialExecutor.allowingInline(() -> session.execute(() -> {
            ranOn.add(Thread.currentThread());
            order.add("second");
            done.countDown();
        }));
        assertTrue(ranOn.isEmpty(), "a busy session does not run the task on the caller");
        release.countDown();
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("first", "second"), order);
        assertTrue(ranOn.get(0) != caller, "queued behind the first task, on the pool");
    }

    @Test
    void insideATaskSubmissionsToAnotherSessionGoToThePool() throws Exception {
        SerialExecutor a = new SerialExecutor(pool);
        SerialExecutor b = new SerialExecutor(pool);
        CountDownLatch bRan = new CountDownLatch(1);
        Thread[] ranOn = new Thread[2];
        SerialExecutor.allowingInline(() -> a.execute(() -> {
            ranOn[0] = Thread.currentThread();
            b.execute(() -> {
                ranOn[1] = Thread.currentThread();
                bRan.countDown();
            });
        }));
        assertTrue(bRan.await(5, TimeUnit.SECONDS));
        assertEquals(Thread.currentThread(), ranOn[0], "the idle session ran on the caller");
        assertTrue(ranOn[1] != Thread.currentThread(), "the one submitted from inside a task ran on the pool, not nested");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
