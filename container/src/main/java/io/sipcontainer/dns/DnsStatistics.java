package io.sipcontainer.dns;

import java.util.concurrent.atomic.LongAdder;

/**
 * What server location counts, for the statistics module's {@code dns:} group: questions sent to
 * the name servers ({@code lookups}), answers taken from the cache ({@code cache_hits}), questions
 * no server answered or answered with an error (Kamailio's {@code failed_dns_request}), questions
 * that took longer than {@code dns_slow_query_ms} to answer or fail (Kamailio's
 * {@code slow_dns_request}), and requests moved to their next target ({@code failovers}).
 */
public final class DnsStatistics {
    final LongAdder lookups = new LongAdder();
    final LongAdder cacheHits = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder failovers = new LongAdder();
    final LongAdder slow = new LongAdder();

    public long lookups() {
        return lookups.sum();
    }

    public long cacheHits() {
        return cacheHits.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long slow() {
        return slow.sum();
    }

    public long failovers() {
        return failovers.sum();
    }
}
