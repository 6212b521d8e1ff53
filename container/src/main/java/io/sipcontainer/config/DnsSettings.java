package io.sipcontainer.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * RFC 3263 server location of outgoing requests, with Kamailio's core parameter names: which
 * lookups to make ({@code dns_try_naptr}, {@code dns_srv_lb}), the cache of answers
 * ({@code use_dns_cache}, {@code dns_cache_min_ttl}, {@code dns_cache_max_ttl},
 * {@code dns_neg_cache_ttl}), failover to the next target ({@code use_dns_failover}) and the
 * blocklist of destinations that failed ({@code use_dst_blocklist}, {@code dst_blocklist_expire}).
 *
 * @param servers   name servers to ask ({@code dns_servers}); empty: those of /etc/resolv.conf
 * @param slowQuery a question to the name servers taking longer than this is counted as
 *                  {@code dns:slow_dns_request} ({@code dns_slow_query_ms}); zero counts none
 */
public record DnsSettings(boolean tryNaptr, boolean srvLoadBalancing, boolean failover, boolean cache,
        Duration cacheMinTtl, Duration cacheMaxTtl, Duration negativeTtl, boolean blocklist,
        Duration blocklistExpire, List<InetSocketAddress> servers, Duration queryTimeout, Duration slowQuery) {

    /** Kamailio 5.6's defaults (NAPTR off, no SRV weighting, no failover, cache on, no blocklist). */
    public static final DnsSettings DEFAULTS = new DnsSettings(false, false, false, true, Duration.ZERO,
            Duration.ofSeconds(Integer.MAX_VALUE), Duration.ofSeconds(60), false, Duration.ofSeconds(60), List.of(),
            Duration.ofSeconds(2), Duration.ZERO);

    public DnsSettings {
        servers = List.copyOf(servers);
    }

    public DnsSettings withTryNaptr(boolean v) {
        return new DnsSettings(v, srvLoadBalancing, failover, cache, cacheMinTtl, cacheMaxTtl, negativeTtl, blocklist,
                blocklistExpire, servers, queryTimeout, slowQuery);
    }

    public DnsSettings withSrvLoadBalancing(boolean v) {
        return new DnsSettings(tryNaptr, v, failover, cache, cacheMinTtl, cacheMaxTtl, negativeTtl, blocklist,
                blocklistExpire, servers, queryTimeout, slowQuery);
    }

    public DnsSettings withFailover(boolean v) {
        return new DnsSettings(tryNaptr, srvLoadBalancing, v, cache, cacheMinTtl, cacheMaxTtl, negativeTtl, blocklist,
                blocklistExpire, servers, queryTimeout, slowQuery);
    }

    public DnsSettings withCache(boolean v) {
        return new DnsSettings(tryNaptr, srvLoadBalancing, failover, v, cacheMinTtl, cacheMaxTtl, negativeTtl, blocklist,
                blocklistExpire, servers, queryTimeout, slowQuery);
    }

    public DnsSettings withCacheMinTtl(Duration v) {
        return new DnsSettings(tryNaptr, srvLoadBalancing, failover, cache, v, cacheMaxTtl, negativeTtl, blocklist,
                blocklistExpire, servers, queryTimeout, slowQuery);
    }

    public DnsSettings withCacheMaxTtl(Duration v) {
        return new DnsSettings(tryNaptr, srvLoadBalancing, failover, cache, cacheMinTtl, v, negativeTtl, blocklist,
                blocklistExpire, servers, queryTimeout, slowQuery);
    }

    public DnsSettings withNegativeTtl(Duration v) {
        return new DnsSettings(tryNaptr, srvLoadBalancing, failover, cache, cacheMinTtl, cacheMaxTtl, v, blocklist,
                blocklistExpire, servers, queryTimeout, slowQuery);
    }

    public DnsSettings withBlocklist(boolean v) {
        return new DnsSettings(tryNaptr, srvLoadBalancing, failover, cache, cacheMinTtl, cacheMaxTtl, negativeTtl, v,
                blocklistExpire, servers, queryTimeout, slowQuery);
    }

    public DnsSettings withBlocklistExpire(Duration v) {
        return new DnsSettings(tryNaptr, srvLoadBalancing, failover, cache, cacheMinTtl, cacheMaxTtl, negativeTtl,
                blocklist, v, servers, queryTimeout, slowQuery);
    }

    public DnsSettings withServers(List<InetSocketAddress> v) {
        return new DnsSettings(tryNaptr, srvLoadBalancing, failover, cache, cacheMinTtl, cacheMaxTtl, negativeTtl,
                blocklist, blocklistExpire, v, queryTimeout, slowQuery);
    }

    public DnsSettings withSlowQuery(Duration v) {
        return new DnsSettings(tryNaptr, srvLoadBalancing, failover, cache, cacheMinTtl, cacheMaxTtl, negativeTtl,
                blocklist, blocklistExpire, servers, queryTimeout, v);
    }

    public DnsSettings withQueryTimeout(Duration v) {
        return new DnsSettings(tryNaptr, srvLoadBalancing, failover, cache, cacheMinTtl, cacheMaxTtl, negativeTtl,
                blocklist, blocklistExpire, servers, v, slowQuery);
    }
}
