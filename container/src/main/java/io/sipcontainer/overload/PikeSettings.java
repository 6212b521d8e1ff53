package io.sipcontainer.overload;

import java.time.Duration;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

/**
 * The {@code pike.*} settings, with the names and defaults of Kamailio's pike module; the ban time
 * is what Kamailio's default configuration gives its {@code ipban} table (300 s).
 *
 * @param enabled            off by default, as Kamailio's default configuration without WITH_ANTIFLOOD
 * @param samplingTimeUnit   the window requests are counted in
 * @param reqsDensityPerUnit more requests than this from one source in one window ban it
 * @param removeLatency      a source not seen for this long is forgotten
 * @param banTime            how long a banned source's requests are dropped
 * @param maxSources         sources tracked at most (spoofed floods cannot grow the table past it)
 */
public record PikeSettings(boolean enabled, Duration samplingTimeUnit, int reqsDensityPerUnit,
        Duration removeLatency, Duration banTime, int maxSources) {

    public static PikeSettings read(ModuleParams p) throws ConfigException {
        return new PikeSettings(p.bool("enable", false),
                Duration.ofSeconds(p.integer("sampling_time_unit", 2, 1, 3600)),
                p.integer("reqs_density_per_unit", 30, 1, 1_000_000),
                Duration.ofSeconds(p.integer("remove_latency", 120, 1, 86400)),
                Duration.ofSeconds(p.integer("ban_time", 300, 0, 86400)),
                p.integer("max_sources", 100_000, 100, 10_000_000));
    }
}
