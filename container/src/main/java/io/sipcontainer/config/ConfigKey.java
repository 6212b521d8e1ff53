package io.sipcontainer.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The keys {@code sipcontainer.cfg} accepts, each with whether it may repeat and how its value is
 * applied to a {@link ServerConfig.Builder}. Adding a setting means adding a constant here, a field
 * to {@link ServerConfig} and a documented line to {@code conf/sipcontainer.cfg}.
 */
enum ConfigKey {
    LISTEN("listen", true, (b, v) -> b.listen(ValueSyntax.listen(v))),
    ALIAS("alias", true, (b, v) -> b.alias(ValueSyntax.hostPort(v, "alias", 0))),
    SERVER_HEADER("server_header", false, (b, v) -> b.serverHeader(ValueSyntax.headerValue(v, "Server"))),
    USER_AGENT_HEADER("user_agent_header", false,
            (b, v) -> b.userAgentHeader(ValueSyntax.headerValue(v, "User-Agent"))),
    HTTP_LISTEN("http_listen", false,
            (b, v) -> b.httpListen(ValueSyntax.hostPort(v, "http_listen", ServerConfig.DEFAULT_HTTP_LISTEN.port()))),
    DEPLOY_DIR("deploy_dir", false, (b, v) -> b.deployDir(ValueSyntax.path(v, "deploy_dir"))),
    WORK_DIR("work_dir", false, (b, v) -> b.workDir(ValueSyntax.path(v, "work_dir"))),
    DAR_FILE("dar_file", false, (b, v) -> b.darFile(ValueSyntax.path(v, "dar_file"))),
    DEPLOY_SCAN_INTERVAL("deploy_scan_interval", false,
            (b, v) -> b.deployScanInterval(Duration.ofMillis(ValueSyntax.integer(v, "deploy_scan_interval")))),
    SHUTDOWN_TIMEOUT("shutdown_timeout", false,
            (b, v) -> b.shutdownTimeout(Duration.ofSeconds(ValueSyntax.integer(v, "shutdown_timeout")))),
    WORKER_THREADS("worker_threads", false, (b, v) -> b.workerThreads(ValueSyntax.integer(v, "worker_threads"))),
    TCP_CONNECTION_LIFETIME("tcp_connection_lifetime", false,
            (b, v) -> b.tcpConnectionLifetime(Duration.ofSeconds(ValueSyntax.integer(v, "tcp_connection_lifetime")))),
    TCP_MAX_CONNECTIONS("tcp_max_connections", false,
            (b, v) -> b.tcpMaxConnections(ValueSyntax.integer(v, "tcp_max_connections"))),
    TCP_ACCEPT_IPLIMIT("tcp_accept_iplimit", false,
            (b, v) -> b.tcpAcceptIpLimit(ValueSyntax.integer(v, "tcp_accept_iplimit"))),
    TCP_MSG_READ_TIMEOUT("tcp_msg_read_timeout", false,
            (b, v) -> b.tcpMsgReadTimeout(Duration.ofSeconds(ValueSyntax.integer(v, "tcp_msg_read_timeout")))),
    TCP_ACCEPT_HAPROXY("tcp_accept_haproxy", false,
            (b, v) -> b.tcpAcceptHaproxy(ValueSyntax.yesNo(v, "tcp_accept_haproxy"))),
    TCP_ACCEPT_HAPROXY_TRUSTED("tcp_accept_haproxy_trusted", false,
            (b, v) -> b.tcpAcceptHaproxyTrusted(ValueSyntax.ipList(v, "tcp_accept_haproxy_trusted"))),
    MAX_MESSAGE_SIZE("max_message_size", false,
            (b, v) -> b.maxMessageSize(ValueSyntax.integer(v, "max_message_size"))),
    WT_TIMER("wt_timer", false, (b, v) -> b.waitTimer(Duration.ofMillis(ValueSyntax.integer(v, "wt_timer")))),
    MAXBUFFER("maxbuffer", false, (b, v) -> b.udpReceiveBuffer(ValueSyntax.integer(v, "maxbuffer"))),
    DNS_TRY_NAPTR("dns_try_naptr", false, (b, v) -> b.dns(d -> d.withTryNaptr(ValueSyntax.bool(v, "dns_try_naptr")))),
    DNS_SRV_LB("dns_srv_lb", false, (b, v) -> b.dns(d -> d.withSrvLoadBalancing(ValueSyntax.bool(v, "dns_srv_lb")))),
    USE_DNS_FAILOVER("use_dns_failover", false, (b, v) -> b.dns(d -> d.withFailover(ValueSyntax.bool(v, "use_dns_failover")))),
    USE_DNS_CACHE("use_dns_cache", false, (b, v) -> b.dns(d -> d.withCache(ValueSyntax.bool(v, "use_dns_cache")))),
    DNS_CACHE_MIN_TTL("dns_cache_min_ttl", false, (b, v) -> b.dns(d -> d.withCacheMinTtl(seconds(v, "dns_cache_min_ttl")))),
    DNS_CACHE_MAX_TTL("dns_cache_max_ttl", false, (b, v) -> b.dns(d -> d.withCacheMaxTtl(seconds(v, "dns_cache_max_ttl")))),
    DNS_NEG_CACHE_TTL("dns_neg_cache_ttl", false, (b, v) -> b.dns(d -> d.withNegativeTtl(seconds(v, "dns_neg_cache_ttl")))),
    USE_DST_BLOCKLIST("use_dst_blocklist", false, (b, v) -> b.dns(d -> d.withBlocklist(ValueSyntax.bool(v, "use_dst_blocklist")))),
    USE_DST_BLACKLIST("use_dst_blacklist", false, (b, v) -> b.dns(d -> d.withBlocklist(ValueSyntax.bool(v, "use_dst_blacklist")))),
    DST_BLOCKLIST_EXPIRE("dst_blocklist_expire", false, (b, v) -> b.dns(d -> d.withBlocklistExpire(seconds(v, "dst_blocklist_expire")))),
    DST_BLACKLIST_EXPIRE("dst_blacklist_expire", false, (b, v) -> b.dns(d -> d.withBlocklistExpire(seconds(v, "dst_blacklist_expire")))),
    DNS_SERVERS("dns_servers", false, (b, v) -> b.dns(d -> d.withServers(ValueSyntax.nameServers(v, "dns_servers")))),
    DNS_RETR_TIME("dns_retr_time", false, (b, v) -> b.dns(d -> d.withQueryTimeout(seconds(v, "dns_retr_time")))),
    DNS_SLOW_QUERY_MS("dns_slow_query_ms", false,
            (b, v) -> b.dns(d -> d.withSlowQuery(millis(v, "dns_slow_query_ms")))),
    LOG_LEVEL("log_level", false, (b, v) -> b.logLevel(ValueSyntax.level(v, "log_level"))),
    NODE_NAME("node_name", false, (b, v) -> b.nodeName(v));

    /** Applies one value; throws {@link IllegalArgumentException} with the reason when it is bad. */
    @FunctionalInterface
    interface Setter {
        void apply(ServerConfig.Builder builder, String value);
    }

    /** Whole seconds, 0 to 2^31-1 (Kamailio's TTL and expiry settings). */
    private static Duration seconds(String value, String key) {
        int s = ValueSyntax.integer(value, key);
        if (s < 0) {
            throw new IllegalArgumentException(key + " must be 0 or more seconds, got " + s);
        }
        return Duration.ofSeconds(s);
    }

    /** Whole milliseconds, 0 to 2^31-1. */
    private static Duration millis(String value, String key) {
        int ms = ValueSyntax.integer(value, key);
        if (ms < 0) {
            throw new IllegalArgumentException(key + " must be 0 or more milliseconds, got " + ms);
        }
        return Duration.ofMillis(ms);
    }

    private static final Map<String, ConfigKey> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ConfigKey::keyName, Function.identity()));

    private final String keyName;
    private final boolean repeatable;
    private final Setter setter;

    ConfigKey(String keyName, boolean repeatable, Setter setter) {
        this.keyName = keyName;
        this.repeatable = repeatable;
        this.setter = setter;
    }

    /** The name written in the file. */
    String keyName() {
        return keyName;
    }

    /** True for list keys ({@code listen}, {@code alias}), which may appear on several lines. */
    boolean repeatable() {
        return repeatable;
    }

    void apply(ServerConfig.Builder builder, String value) {
        setter.apply(builder, value);
    }

    /** The key with this name, or {@code null}. */
    static ConfigKey byName(String name) {
        return BY_NAME.get(name);
    }
}
