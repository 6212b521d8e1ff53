package io.sipcontainer.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sipcontainer.stats.SipCounters;
import io.sipcontainer.stats.StatisticsRegistry;

class StatisticsMetersTest {

    private static long samples(String scrape) {
        return Arrays.stream(scrape.split("\n")).filter(l -> l.startsWith("sipcontainer_")).count();
    }

    @Test
    void everyStatisticIsOneSampleUnderItsKamailioName() {
        StatisticsRegistry statistics = new StatisticsRegistry();
        SipCounters counters = new SipCounters(statistics);
        statistics.gauge("usrloc", "location-contacts", () -> 7);
        counters.requestReceived("INFO");
        counters.requestReceived("INVITE");
        counters.replySent(200, false);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            StatisticsMeters meters = new StatisticsMeters(statistics, registry);
            meters.refresh();
            String scrape = registry.scrape();
            assertEquals(statistics.kinds().size(), samples(scrape), "no two statistics share a name:\n" + scrape);
            assertTrue(scrape.contains("\nsipcontainer_core_rcv_requests_total 2.0\n"), scrape);
            assertTrue(scrape.contains("\nsipcontainer_core_rcv_requests_invite_total 1.0\n"), scrape);
            assertTrue(scrape.contains("\nsipcontainer_core_rcv_requests_info_stat_total 1.0\n"),
                    "_info is reserved by Prometheus: " + scrape);
            assertTrue(scrape.contains("\nsipcontainer_sl_200_replies_total 1.0\n"), scrape);
            assertTrue(scrape.contains("# TYPE sipcontainer_usrloc_location_contacts gauge\n"), scrape);
            assertTrue(scrape.contains("\nsipcontainer_usrloc_location_contacts 7.0\n"), scrape);
        } finally {
            registry.close();
        }
    }

    @Test
    void statisticsThatComeAndGoAreAddedAndRemovedAtTheNextRefresh() {
        StatisticsRegistry statistics = new StatisticsRegistry();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            StatisticsMeters meters = new StatisticsMeters(statistics, registry);
            meters.refresh();
            statistics.counter("myapp", "calls").add(3);
            meters.refresh();
            assertTrue(registry.scrape().contains("\nsipcontainer_myapp_calls_total 3.0\n"));
            statistics.remove("myapp", "calls");
            meters.refresh();
            assertFalse(registry.scrape().contains("sipcontainer_myapp_calls"));
        } finally {
            registry.close();
        }
    }
}
