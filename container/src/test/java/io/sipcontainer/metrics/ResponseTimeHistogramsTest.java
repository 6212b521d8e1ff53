package io.sipcontainer.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sipcontainer.stats.ResponseLatencies;

class ResponseTimeHistogramsTest {

    @Test
    void latenciesLandInTheMethodsFixedBucketsWithoutAllocating() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ResponseLatencies latencies = new ResponseLatencies();
        ResponseTimeHistograms.bind(latencies, registry);
        for (int i = 0; i < 20_000; i++) { // warm up: the JIT, and Micrometer's first time windows
            latencies.record("REGISTER", 3_000_000);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            latencies.record("INVITE", 40_000_000);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 10_000, "recording allocates nothing per request: " + allocated + " bytes for 10,000");

        latencies.record("FOO", 2_000_000_000L);
        Timer invite = registry.get(ResponseTimeHistograms.NAME).tag("method", "invite").timer();
        assertEquals(10_000, invite.count());
        assertEquals(1, registry.get(ResponseTimeHistograms.NAME).tag("method", "other").timer().count());
        String text = registry.scrape();
        assertTrue(text.contains("sipcontainer_response_time_seconds_bucket{method=\"invite\",le=\"0.025\"} 0"), text);
        assertTrue(text.contains("sipcontainer_response_time_seconds_bucket{method=\"invite\",le=\"0.05\"} 10000"), text);
        assertEquals(14, text.lines().filter(l -> l.startsWith("sipcontainer_response_time_seconds_bucket{method=\"invite\""))
                .count(), "thirteen fixed buckets and +Inf");

        latencies.unbind();
        latencies.record("INVITE", 1);
        assertEquals(10_000, invite.count(), "unbound: nothing recorded");
    }
}
