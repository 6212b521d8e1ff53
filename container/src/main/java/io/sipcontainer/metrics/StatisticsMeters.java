package io.sipcontainer.metrics;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sipcontainer.stats.StatisticsRegistry;

/**
 * The container's statistics as Micrometer meters, one per statistic, named as Kamailio's
 * {@code xhttp_prom} names its own ({@code kamailio_core_rcv_requests}) with this server's prefix:
 * {@code core:rcv_requests} is {@code sipcontainer_core_rcv_requests_total}, {@code sl:200_replies}
 * {@code sipcontainer_sl_200_replies_total}, the gauge {@code usrloc:location-contacts}
 * {@code sipcontainer_usrloc_location_contacts}. Counters get Prometheus' {@code _total}; a character
 * Prometheus does not allow in a name becomes {@code _}. Statistics come and go (an application or
 * a dispatcher destination adds its own), so {@link #refresh} runs before each scrape: it adds a
 * meter for each new statistic and removes those whose statistic is gone. A meter reads its
 * statistic when scraped; nothing is added to the SIP path.
 */
final class StatisticsMeters {
    static final String PREFIX = "sipcontainer.";

    private final StatisticsRegistry statistics;
    private final MeterRegistry registry;
    private final Map<String, Meter> meters = new HashMap<>();

    StatisticsMeters(StatisticsRegistry statistics, MeterRegistry registry) {
        this.statistics = statistics;
        this.registry = registry;
    }

    /** Makes the meters match the statistics that exist now. */
    synchronized void refresh() {
        Map<String, Boolean> kinds = statistics.kinds();
        for (Iterator<Map.Entry<String, Meter>> it = meters.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Meter> e = it.next();
            if (!kinds.containsKey(e.getKey())) {
                registry.remove(e.getValue());
                it.remove();
            }
        }
        kinds.forEach((key, counter) -> {
            if (!meters.containsKey(key)) {
                meters.put(key, meter(key, counter));
            }
        });
    }

    private Meter meter(String key, boolean counter) {
        String name = metricName(key);
        String description = "Kamailio-style statistic " + key;
        if (counter) {
            return FunctionCounter.builder(name, statistics, s -> s.value(key)).description(description)
                    .register(registry);
        }
        return Gauge.builder(name, statistics, s -> s.value(key)).description(description).register(registry);
    }

    /**
     * {@code group:name} as a Micrometer name, dots between the parts (the Prometheus registry turns
     * them into underscores): {@code sipcontainer.usrloc.location_contacts}.
     */
    static String metricName(String key) {
        int colon = key.indexOf(':');
        String group = colon < 0 ? "" : key.substring(0, colon);
        String name = sanitize(key.substring(colon + 1));
        for (String reserved : RESERVED_SUFFIXES) {
            if (name.endsWith(reserved)) {
                name += "_stat";
                break;
            }
        }
        return PREFIX + (group.isEmpty() ? "" : sanitize(group) + ".") + name;
    }

    /**
     * Endings Prometheus keeps for the series of its own types: its client strips them from a
     * name, so {@code core:rcv_requests_info} would collide with {@code core:rcv_requests}; such a
     * name gets {@code _stat} added ({@code sipcontainer_core_rcv_requests_info_stat_total}).
     */
    private static final String[] RESERVED_SUFFIXES = {"_info", "_total", "_created", "_bucket"};

    private static String sanitize(String part) {
        StringBuilder sb = new StringBuilder(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            sb.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_') ? c : '_');
        }
        return sb.toString();
    }
}
