package io.sipcontainer.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;

import io.sipcontainer.config.DnsSettings;

/**
 * Asks the configured name servers (dnsjava; {@code dns_servers}, else those of /etc/resolv.conf)
 * for the records of one name and type, and keeps each answer for its TTL, bounded by
 * {@code dns_cache_min_ttl} and {@code dns_cache_max_ttl} (an empty answer for
 * {@code dns_neg_cache_ttl}), unless {@code use_dns_cache = no}. The cache is ours rather than
 * dnsjava's so that those bounds and the clock are the container's.
 */
final class DnsLookups {
    /** Past this many names the cache starts again empty: a bound, not an eviction policy. */
    private static final int MAX_ENTRIES = 10_000;

    private record Key(String name, int type) {
    }

    private record Entry(List<Record> records, Instant expires) {
    }

    private final Resolver resolver;
    private final DnsSettings settings;
    private final Clock clock;
    private final Map<Key, Entry> cache = new ConcurrentHashMap<>();
    private final DnsStatistics stats;

    DnsLookups(DnsSettings settings, Clock clock, DnsStatistics stats) {
        this.settings = settings;
        this.clock = clock;
        this.stats = stats;
        this.resolver = resolverFor(settings);
    }

    private static Resolver resolverFor(DnsSettings settings) {
        ExtendedResolver r;
        if (settings.servers().isEmpty()) {
            r = new ExtendedResolver();
        } else {
            List<Resolver> each = new ArrayList<>();
            for (InetSocketAddress server : settings.servers()) {
                each.add(new SimpleResolver(server));
            }
            r = new ExtendedResolver(each);
        }
        r.setTimeout(settings.queryTimeout());
        r.setRetries(1);
        return r;
    }

    /** The records of {@code type} for {@code name}, empty when there are none. */
    List<Record> query(String name, int type) throws IOException {
        Key key = new Key(name.toLowerCase(java.util.Locale.ROOT), type);
        if (settings.cache()) {
            Entry e = cache.get(key);
            if (e != null && clock.instant().isBefore(e.expires())) {
                stats.cacheHits.increment();
                return e.records();
            }
        }
        stats.lookups.increment();
        Message answer;
        long start = System.nanoTime();
        try {
            answer = resolver.send(Message.newQuery(Record.newRecord(absolute(name), type, DClass.IN)));
        } catch (IOException e) {
            stats.failed.increment(); // no server answered in time
            throw e;
        } finally {
            countIfSlow(System.nanoTime() - start);
        }
        int rcode = answer.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            // SERVFAIL, REFUSED: no records, as Kamailio takes it, but not remembered (the next may work)
            stats.failed.increment();
            return List.of();
        }
        List<Record> records = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (Record r : answer.getSection(Section.ANSWER)) {
            if (r.getType() == type) {
                records.add(r);
                ttl = Math.min(ttl, r.getTTL());
            }
        }
        if (settings.cache()) {
            Duration keep = records.isEmpty() ? settings.negativeTtl() : bounded(Duration.ofSeconds(ttl));
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(key, new Entry(List.copyOf(records), clock.instant().plus(keep)));
        }
        return records;
    }

    /** Kamailio's {@code slow_dns_request}: a question that took longer than {@code dns_slow_query_ms}. */
    private void countIfSlow(long nanos) {
        long threshold = settings.slowQuery().toNanos();
        if (threshold > 0 && nanos > threshold) {
            stats.slow.increment();
        }
    }

    /** One cached answer, as {@code dns.view} shows it. */
    record Cached(String name, int type, List<Record> records, long secondsLeft) {
    }

    /** The answers held now (expired ones left out), by name then type. */
    List<Cached> cached() {
        Instant now = clock.instant();
        List<Cached> out = new ArrayList<>();
        cache.forEach((k, e) -> {
            if (now.isBefore(e.expires())) {
                out.add(new Cached(k.name(), k.type(), e.records(), Duration.between(now, e.expires()).toSeconds()));
            }
        });
        out.sort(java.util.Comparator.comparing(Cached::name).thenComparingInt(Cached::type));
        return out;
    }

    /** Empties the cache ({@code dns.delete_all}): the next request for every name asks the servers. */
    void clear() {
        cache.clear();
    }

    /** How many answers are held (expired ones included until replaced). */
    int size() {
        return cache.size();
    }

    private Duration bounded(Duration ttl) {
        if (ttl.compareTo(settings.cacheMinTtl()) < 0) {
            return settings.cacheMinTtl();
        }
        return ttl.compareTo(settings.cacheMaxTtl()) > 0 ? settings.cacheMaxTtl() : ttl;
    }

    private static Name absolute(String name) throws TextParseException {
        return Name.fromString(name.endsWith(".") ? name : name + ".");
    }
}
