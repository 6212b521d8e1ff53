package io.sipcontainer.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.ThreadAffinityIdentifier;

class CallIdLanesTest {

    /** A task of one call: records its number and the thread it ran on. */
    private record CallTask(String callId, int number, List<String> log) implements Runnable, ThreadAffinityIdentifier {
        @Override
        public void run() {
            synchronized (log) {
                log.add(callId + "|" + number + "|" + Thread.currentThread().getName());
            }
        }

        @Override
        public Object getThreadHash() {
            return callId;
        }
    }

    @Test
    void theTasksOfOneCallRunOnOneThreadInSubmissionOrder() throws Exception {
        CallIdLanes lanes = new CallIdLanes(4, "lanes-test");
        List<String> log = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lanes.execute(new CallTask("call-" + (i % 5), i, log));
        }
        lanes.shutdown();
        assertTrue(lanes.awaitTermination(10, TimeUnit.SECONDS));
        for (int call = 0; call < 5; call++) {
            int last = -1;
            Set<String> threads = new HashSet<>();
            for (String entry : log) {
                String[] f = entry.split("\\|");
                if (f[0].equals("call-" + call)) {
                    int number = Integer.parseInt(f[1]);
                    assertTrue(number > last, "call-" + call + " ran " + number + " after " + last);
                    last = number;
                    threads.add(f[2]);
                }
            }
            assertEquals(1, threads.size(), "call-" + call + " ran on " + threads);
        }
        assertEquals(200, log.size());
    }

    @Test
    void aTaskWithoutCallIdHasNoKey() {
        assertNull(CallIdLanes.key(() -> { }));
        assertEquals("c1", CallIdLanes.key(new CallTask("c1", 0, new ArrayList<>())));
    }
}
