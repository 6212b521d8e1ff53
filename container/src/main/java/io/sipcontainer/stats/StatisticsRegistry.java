package io.sipcontainer.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import io.sipcontainer.service.Counter;
import io.sipcontainer.service.Statistics;

/** The container's {@link Statistics}: striped counters (cheap under contention) and gauges. */
public final class StatisticsRegistry implements Statistics {
    private final Map<String, AdderCounter> counters = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();
    private final ResponseLatencies latencies = new ResponseLatencies();

    /** Request to final response times, fed by the message path; {@code /metrics} binds histograms to them. */
    public ResponseLatencies latencies() {
        return latencies;
    }

    private static final class AdderCounter implements Counter {
        private final LongAdder adder = new LongAdder();

        @Override
        public void increment() {
            adder.increment();
        }

        @Override
        public void add(long delta) {
            adder.add(delta);
        }

        @Override
        public long get() {
            return adder.sum();
        }
    }

    @Override
    public Counter counter(String group, String name) {
        return counters.computeIfAbsent(key(group, name), k -> new AdderCounter());
    }

    @Override
    public void gauge(String group, String name, LongSupplier value) {
        gauges.put(key(group, name), value);
    }

    @Override
    public void remove(String group, String name) {
        String k = key(group, name);
        counters.remove(k);
        gauges.remove(k);
    }

    @Override
    public Map<String, Long> snapshot(String selector) {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, c) -> {
            if (matches(k, selector)) {
                out.put(k, c.get());
            }
        });
        gauges.forEach((k, g) -> {
            if (matches(k, selector)) {
                out.put(k, g.getAsLong());
            }
        });
        return out;
    }

    @Override
    public void reset(String selector) {
        counters.forEach((k, c) -> {
            if (matches(k, selector)) {
                c.adder.reset();
            }
        });
    }

    /**
     * Every statistic's key ({@code group:name}) with whether it is a counter (only goes up, save for
     * a reset) rather than a gauge, for exporters that must tell the two apart.
     */
    public Map<String, Boolean> kinds() {
        Map<String, Boolean> out = new TreeMap<>();
        gauges.keySet().forEach(k -> out.put(k, false));
        counters.keySet().forEach(k -> out.put(k, true));
        return out;
    }

    /** The current value of one statistic by its key, or NaN when there is none of that name (any more). */
    public double value(String key) {
        AdderCounter c = counters.get(key);
        if (c != null) {
            return c.get();
        }
        LongSupplier g = gauges.get(key);
        return g == null ? Double.NaN : g.getAsLong();
    }

    private static boolean matches(String key, String selector) {
        if (selector == null || selector.isEmpty() || "all".equals(selector)) {
            return true;
        }
        return selector.endsWith(":") ? key.startsWith(selector) : key.equals(selector)
                || !selector.contains(":") && key.startsWith(selector + ":");
    }

    private static String key(String group, String name) {
        return group + ":" + name;
    }
}
