package io.sipcontainer.service;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Kamailio-style statistics, named {@code group:name} (e.g. {@code sl:200_replies},
 * {@code tmx:UAS_transactions}, {@code usrloc:location-contacts}). Counters are kept by the
 * container and shared by every application; gauges are read from their owner when asked.
 * Exposed by the {@code stats.*} RPC commands and the console.
 */
public interface Statistics {

    /** The counter of that name, created at 0 on first use. Keep the reference: lookups hash. */
    Counter counter(String group, String name);

    /** Registers (or replaces) a value computed on demand, e.g. the number of active dialogs. */
    void gauge(String group, String name, LongSupplier value);

    /** Removes a gauge or counter, e.g. when the application owning it is undeployed. */
    void remove(String group, String name);

    /**
     * Current values by {@code group:name}, sorted: {@code "all"} for every statistic, {@code "group:"}
     * for one group, or one exact {@code group:name}.
     */
    Map<String, Long> snapshot(String selector);

    /** Resets counters matched as in {@link #snapshot(String)}; gauges are not affected. */
    void reset(String selector);
}
