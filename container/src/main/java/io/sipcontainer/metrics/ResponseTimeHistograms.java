package io.sipcontainer.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sipcontainer.stats.ResponseLatencies;

/**
 * Prometheus histograms of the time from a request's arrival to its first final response, one
 * series per method: {@code sipcontainer_response_time_seconds_bucket{method="invite",le="0.1"}}
 * with {@code _count} and {@code _sum}. The buckets are a fixed dozen, from 5 ms (a registrar
 * answering from memory) to 60 s (an INVITE ringing), rather than Micrometer's percentile
 * histogram of about seventy, so a scrape stays small and an operator can read it.
 */
final class ResponseTimeHistograms {
    static final String NAME = "sipcontainer.response.time";
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private ResponseTimeHistograms() {
    }

    /** Registers one timer per method in {@code registry} and feeds them from {@code latencies}. */
    static void bind(ResponseLatencies latencies, MeterRegistry registry) {
        latencies.bind(method -> {
            Timer timer = Timer.builder(NAME)
                    .description("Time from receiving a request to sending its first final response")
                    .tag("method", method.toLowerCase(Locale.ROOT))
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry);
            return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
        });
    }
}
