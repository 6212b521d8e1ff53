package io.sipcontainer.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.event.Level;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

/**
 * The server's settings, read once at start-up from {@code conf/sipcontainer.cfg} by
 * {@link ConfigParser} or built in code with {@link #builder()}, then passed to whoever needs them.
 * Immutable and validated: every value here is in range, every path absolute, and nothing in the
 * container reads loose string properties.
 */
public final class ServerConfig {

    public static final String DEFAULT_SERVER_HEADER = "sipcontainer";
    public static final String DEFAULT_USER_AGENT_HEADER = "sipcontainer";
    public static final HostPort DEFAULT_HTTP_LISTEN = new HostPort("127.0.0.1", 8080);
    public static final Path DEFAULT_DEPLOY_DIR = Path.of("deploy");
    public static final Path DEFAULT_WORK_DIR = Path.of("data", "work");
    public static final Path DEFAULT_DAR_FILE = Path.of("conf", "dar.properties");
    public static final Duration DEFAULT_DEPLOY_SCAN_INTERVAL = Duration.ofMillis(1000);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(32);
    /** Kamailio's default (120 s). */
    public static final Duration DEFAULT_TCP_CONNECTION_LIFETIME = Duration.ofSeconds(120);
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 65535;
    /** Kamailio tm's {@code wt_timer} default. */
    public static final Duration DEFAULT_WAIT_TIMER = Duration.ofMillis(5_000);
    /**
     * The UDP receive buffer asked for: four times Kamailio's {@code maxbuffer} (256 KB), as a JVM's
     * reader thread can be held up longer than Kamailio's receiver processes.
     */
    public static final int DEFAULT_UDP_RECEIVE_BUFFER = 1024 * 1024;
    public static final Level DEFAULT_LOG_LEVEL = Level.INFO;
    /** Loopback only, unlike Kamailio's all interfaces, so a fresh install is not exposed. */
    public static final List<ListenSpec> DEFAULT_LISTENS = List.of(
            ListenSpec.of(Transport.UDP, "127.0.0.1", 5060),
            ListenSpec.of(Transport.TCP, "127.0.0.1", 5060));

    static final int MIN_MAX_MESSAGE_SIZE = 512;
    static final int MAX_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
    static final int MAX_WORKER_THREADS = 1024;
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path baseDir;
    private final List<ListenSpec> listens;
    private final List<HostPort> aliases;
    private final String serverHeader;
    private final String userAgentHeader;
    private final HostPort httpListen;
    private final Path deployDir;
    private final Path workDir;
    private final Path darFile;
    private final Duration deployScanInterval;
    private final Duration shutdownTimeout;
    private final Clock sessionClock;
    private final int workerThreads;
    private final Duration tcpConnectionLifetime;
    private final int maxMessageSize;
    private final Duration waitTimer;
    private final int udpReceiveBuffer;
    private final TcpLimits tcpLimits;
    private final HaproxyAccept haproxyAccept;
    private final DnsSettings dns;
    private final Level logLevel;
    private final String nodeName;
    private final Map<String, Map<String, ModuleParams.Value>> moduleValues;
    private final Set<String> moduleParamsRead = ConcurrentHashMap.newKeySet();

    private ServerConfig(Builder b) {
        this.baseDir = b.baseDir;
        this.listens = b.listens.isEmpty() ? DEFAULT_LISTENS : List.copyOf(b.listens);
        this.aliases = List.copyOf(b.aliases);
        this.serverHeader = b.serverHeader;
        this.userAgentHeader = b.userAgentHeader;
        this.httpListen = b.httpListen;
        this.deployDir = b.baseDir.resolve(b.deployDir).normalize();
        this.workDir = b.baseDir.resolve(b.workDir).normalize();
        this.darFile = b.baseDir.resolve(b.darFile).normalize();
        this.deployScanInterval = b.deployScanInterval;
        this.shutdownTimeout = b.shutdownTimeout;
        this.sessionClock = b.sessionClock;
        this.workerThreads = b.workerThreads == 0 ? 2 * Runtime.getRuntime().availableProcessors() : b.workerThreads;
        this.tcpConnectionLifetime = b.tcpConnectionLifetime;
        this.maxMessageSize = b.maxMessageSize;
        this.waitTimer = b.waitTimer;
        this.udpReceiveBuffer = b.udpReceiveBuffer;
        this.tcpLimits = b.tcpLimits;
        this.haproxyAccept = new HaproxyAccept(b.tcpAcceptHaproxy, b.tcpAcceptHaproxyTrusted);
        this.dns = b.dns;
        this.logLevel = b.logLevel;
        this.nodeName = b.nodeName != null ? b.nodeName : LocalHostName.VALUE;
        Map<String, Map<String, ModuleParams.Value>> modules = new TreeMap<>();
        b.moduleValues.forEach((module, values) -> modules.put(module, Map.copyOf(values)));
        this.moduleValues = Collections.unmodifiableMap(modules);
    }

    /** A builder holding every default; the base directory defaults to the working directory. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this configuration, to derive a variant (mostly in tests). */
    public Builder toBuilder() {
        Builder b = new Builder().baseDir(baseDir);
        b.listens.addAll(listens);
        b.aliases.addAll(aliases);
        b.serverHeader(serverHeader).userAgentHeader(userAgentHeader).httpListen(httpListen)
                .deployDir(deployDir).workDir(workDir).darFile(darFile)
                .deployScanInterval(deployScanInterval).shutdownTimeout(shutdownTimeout).sessionClock(sessionClock)
                .workerThreads(workerThreads).tcpConnectionLifetime(tcpConnectionLifetime)
                .maxMessageSize(maxMessageSize).waitTimer(waitTimer).udpReceiveBuffer(udpReceiveBuffer).logLevel(logLevel).nodeName(nodeName);
        b.tcpLimits = tcpLimits;
        b.tcpAcceptHaproxy = haproxyAccept.enabled();
        b.tcpAcceptHaproxyTrusted = haproxyAccept.trusted();
        moduleValues.forEach((module, values) -> values.forEach(
                (name, v) -> b.moduleParam(module + "." + name, v.text(), v.source(), v.line())));
        return b;
    }

    /** The server home, against which relative paths were resolved. Absolute. */
    public Path baseDir() {
        return baseDir;
    }

    /** The SIP sockets to open ({@code listen}), in configuration order; never empty. */
    public List<ListenSpec> listens() {
        return listens;
    }

    /** Other names of this server ({@code alias}); port 0 matches any port. */
    public List<HostPort> aliases() {
        return aliases;
    }

    /** The Server header value of locally generated responses; empty means send none. */
    public String serverHeader() {
        return serverHeader;
    }

    /** The User-Agent header value of locally generated requests; empty means send none. */
    public String userAgentHeader() {
        return userAgentHeader;
    }

    /** The HTTP address of the console and the WebSocket endpoint ({@code http_listen}). */
    public HostPort httpListen() {
        return httpListen;
    }

    /** The directory scanned for {@code .sar} applications. Absolute. */
    public Path deployDir() {
        return deployDir;
    }

    /** The directory where applications are unpacked and state is kept. Absolute. */
    public Path workDir() {
        return workDir;
    }

    /** The default application router's properties file. Absolute. */
    public Path darFile() {
        return darFile;
    }

    /** How often the deploy directory is scanned; zero disables scanning after start-up. */
    public Duration deployScanInterval() {
        return deployScanInterval;
    }

    /** How long a graceful shutdown waits for transactions and sessions to end. */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** The clock application sessions read their times and expiry from: the real one, a fake one in tests. */
    public Clock sessionClock() {
        return sessionClock;
    }

    /** The number of SIP worker threads, already resolved (0 in the file means 2 x cores). */
    public int workerThreads() {
        return workerThreads;
    }

    /** How long an idle TCP/TLS/WS connection is kept open. */
    public Duration tcpConnectionLifetime() {
        return tcpConnectionLifetime;
    }

    /** The largest SIP message accepted, in bytes. */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /**
     * {@code wt_timer} (Kamailio tm's name): how long a non-INVITE server transaction that has sent its
     * final reply over UDP stays to absorb retransmissions, instead of RFC 3261's 32 s Timer J.
     */
    public Duration waitTimer() {
        return waitTimer;
    }

    /**
     * {@code maxbuffer} (Kamailio's core name): the receive buffer each UDP socket asks for, in bytes;
     * the kernel caps it at {@code net.core.rmem_max}. A datagram arriving while it is full is lost.
     */
    public int udpReceiveBuffer() {
        return udpReceiveBuffer;
    }

    /** {@code tcp_max_connections}, {@code tcp_accept_iplimit}, {@code tcp_msg_read_timeout}. */
    public TcpLimits tcpLimits() {
        return tcpLimits;
    }

    /** {@code tcp_accept_haproxy} and {@code tcp_accept_haproxy_trusted}. */
    public HaproxyAccept haproxyAccept() {
        return haproxyAccept;
    }

    /** RFC 3263 server location, its cache, failover and blocklist ({@code dns_*}, {@code dst_blocklist_*}). */
    public DnsSettings dns() {
        return dns;
    }

    /** The root log level to apply at start-up. */
    public Level logLevel() {
        return logLevel;
    }

    /** This node's name in a cluster; defaults to the local host name. */
    public String nodeName() {
        return nodeName;
    }

    /**
     * The {@code module.param} settings of one module (empty when none were written). Modules read
     * them once at start-up; see {@link #checkAllModuleParamsRead()}.
     */
    public ModuleParams moduleParams(String module) {
        Map<String, ModuleParams.Value> values = moduleValues.get(module);
        return values == null ? ModuleParams.empty(module)
                : ModuleParams.of(module, values, moduleParamsRead);
    }

    /** Every module that has settings, e.g. for the console's configuration page. */
    public Set<String> moduleNames() {
        return moduleValues.keySet();
    }

    /**
     * Fails when a {@code module.param} line was never read by any module: a misspelt name or a
     * module that is not there, reported with its file and line.
     */
    public void checkAllModuleParamsRead() throws ConfigException {
        for (Map.Entry<String, Map<String, ModuleParams.Value>> m : moduleValues.entrySet()) {
            for (Map.Entry<String, ModuleParams.Value> p : m.getValue().entrySet()) {
                String key = m.getKey() + "." + p.getKey();
                if (!moduleParamsRead.contains(key)) {
                    ModuleParams.Value v = p.getValue();
                    throw new ConfigException(v.source(), v.line(), "unknown key '" + key + "'");
                }
            }
        }
    }

    @Override
    public String toString() {
        return "ServerConfig[baseDir=" + baseDir + ", listens=" + listens + ", aliases=" + aliases
                + ", serverHeader='" + serverHeader + "', userAgentHeader='" + userAgentHeader
                + "', httpListen=" + httpListen + ", deployDir=" + deployDir + ", workDir=" + workDir
                + ", darFile=" + darFile + ", deployScanInterval=" + deployScanInterval
                + ", shutdownTimeout=" + shutdownTimeout + ", workerThreads=" + workerThreads
                + ", tcpConnectionLifetime=" + tcpConnectionLifetime + ", maxMessageSize=" + maxMessageSize + ", waitTimer=" + waitTimer
                + ", udpReceiveBuffer=" + udpReceiveBuffer
                + ", tcpLimits=" + tcpLimits
                + ", logLevel=" + logLevel + ", nodeName=" + nodeName + "]";
    }

    /**
     * Collects settings and builds a {@link ServerConfig}. Setters check their argument at once and
     * throw {@link IllegalArgumentException} naming the configuration key, so the parser can report
     * the reason with the file and line. Relative paths are resolved against {@link #baseDir(Path)} in
     * {@link #build()}. Listens may use port 0 (ephemeral) here, which the file does not allow.
     */
    public static final class Builder {
        private Path baseDir = Path.of("").toAbsolutePath();
        private final List<ListenSpec> listens = new ArrayList<>();
        private final List<HostPort> aliases = new ArrayList<>();
        private String serverHeader = DEFAULT_SERVER_HEADER;
        private String userAgentHeader = DEFAULT_USER_AGENT_HEADER;
        private HostPort httpListen = DEFAULT_HTTP_LISTEN;
        private Path deployDir = DEFAULT_DEPLOY_DIR;
        private Path workDir = DEFAULT_WORK_DIR;
        private Path darFile = DEFAULT_DAR_FILE;
        private Duration deployScanInterval = DEFAULT_DEPLOY_SCAN_INTERVAL;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private Clock sessionClock = Clock.systemUTC();
        private int workerThreads;
        private Duration tcpConnectionLifetime = DEFAULT_TCP_CONNECTION_LIFETIME;
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private Duration waitTimer = DEFAULT_WAIT_TIMER;
        private int udpReceiveBuffer = DEFAULT_UDP_RECEIVE_BUFFER;
        private TcpLimits tcpLimits = TcpLimits.DEFAULTS;
        private boolean tcpAcceptHaproxy;
        private List<String> tcpAcceptHaproxyTrusted = List.of();
        private DnsSettings dns = DnsSettings.DEFAULTS;
        private Level logLevel = DEFAULT_LOG_LEVEL;
        private String nodeName;
        private final Map<String, Map<String, ModuleParams.Value>> moduleValues = new TreeMap<>();

        private Builder() {
        }

        /** The server home; relative paths resolve against it. Made absolute. */
        public Builder baseDir(Path baseDir) {
            this.baseDir = Objects.requireNonNull(baseDir, "baseDir").toAbsolutePath().normalize();
            return this;
        }

        /**
         * Adds a SIP socket. The first call replaces the defaults (UDP and TCP on 127.0.0.1:5060).
         * A second socket with the same transport, host and non-zero port is refused.
         */
        public Builder listen(ListenSpec listen) {
            Objects.requireNonNull(listen, "listen");
            for (ListenSpec existing : listens) {
                if (listen.port() != 0 && existing.transport() == listen.transport()
                        && existing.host().equalsIgnoreCase(listen.host()) && existing.port() == listen.port()) {
                    throw new IllegalArgumentException("duplicate listen " + listen.transport().configName()
                            + ":" + HostPort.uriHost(listen.host()) + ":" + listen.port());
                }
            }
            listens.add(listen);
            return this;
        }

        /** Adds a SIP socket without an advertised address; port 0 binds an ephemeral port. */
        public Builder listen(Transport transport, String host, int port) {
            return listen(ListenSpec.of(transport, host, port));
        }

        /** Adds a name this server answers to; port 0 matches any port. */
        public Builder alias(HostPort alias) {
            aliases.add(Objects.requireNonNull(alias, "alias"));
            return this;
        }

        /** Adds a name this server answers to; port 0 matches any port. */
        public Builder alias(String host, int port) {
            return alias(new HostPort(host, port));
        }

        public Builder serverHeader(String value) {
            this.serverHeader = headerValue(value, "server_header");
            return this;
        }

        public Builder userAgentHeader(String value) {
            this.userAgentHeader = headerValue(value, "user_agent_header");
            return this;
        }

        public Builder httpListen(HostPort address) {
            this.httpListen = Objects.requireNonNull(address, "httpListen");
            return this;
        }

        public Builder httpListen(String host, int port) {
            return httpListen(new HostPort(host, port));
        }

        public Builder deployDir(Path dir) {
            this.deployDir = Objects.requireNonNull(dir, "deployDir");
            return this;
        }

        public Builder workDir(Path dir) {
            this.workDir = Objects.requireNonNull(dir, "workDir");
            return this;
        }

        public Builder darFile(Path file) {
            this.darFile = Objects.requireNonNull(file, "darFile");
            return this;
        }

        /** Between 0 (no scanning after start-up) and one hour. */
        public Builder deployScanInterval(Duration interval) {
            this.deployScanInterval = inRange(interval, 0, 3_600_000, ChronoUnit.MILLIS, "deploy_scan_interval");
            return this;
        }

        /** Between 0 (stop at once) and one hour. */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = inRange(timeout, 0, 3600, ChronoUnit.SECONDS, "shutdown_timeout");
            return this;
        }

        /** Not a configuration file setting: tests pass a fake clock to drive session expiry. */
        public Builder sessionClock(Clock clock) {
            this.sessionClock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Between 0 (two per core) and 1024. */
        public Builder workerThreads(int threads) {
            this.workerThreads = inRange(threads, 0, MAX_WORKER_THREADS, "worker_threads");
            return this;
        }

        /** Between one second and one week. */
        public Builder tcpConnectionLifetime(Duration lifetime) {
            this.tcpConnectionLifetime =
                    inRange(lifetime, 1, 604_800, ChronoUnit.SECONDS, "tcp_connection_lifetime");
            return this;
        }

        public Builder tcpMaxConnections(int count) {
            tcpLimits = tcpLimits.withMaxConnections(inRange(count, 1, 1_000_000, "tcp_max_connections"));
            return this;
        }

        public Builder tcpAcceptIpLimit(int count) {
            tcpLimits = tcpLimits.withAcceptIpLimit(inRange(count, 1, 1_000_000, "tcp_accept_iplimit"));
            return this;
        }

        public Builder tcpAcceptHaproxy(boolean accept) {
            this.tcpAcceptHaproxy = accept;
            return this;
        }

        public Builder tcpAcceptHaproxyTrusted(List<String> addresses) {
            this.tcpAcceptHaproxyTrusted = List.copyOf(addresses);
            return this;
        }

        public Builder tcpMsgReadTimeout(Duration timeout) {
            tcpLimits = tcpLimits.withMsgReadTimeout(inRange(timeout, 1, 3600, ChronoUnit.SECONDS, "tcp_msg_read_timeout"));
            return this;
        }

        /** Changes the DNS settings (one {@code dns_*} key at a time). */
        public Builder dns(java.util.function.UnaryOperator<DnsSettings> change) {
            this.dns = Objects.requireNonNull(change.apply(dns), "dns");
            return this;
        }

        /** Between 512 bytes and 16 MiB. */
        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = inRange(bytes, MIN_MAX_MESSAGE_SIZE, MAX_MAX_MESSAGE_SIZE, "max_message_size");
            return this;
        }

        /** Between 500 ms (T1) and 32,000 ms (RFC 3261's Timer J, 64*T1). */
        public Builder waitTimer(Duration wait) {
            this.waitTimer = inRange(wait, 500, 32_000, ChronoUnit.MILLIS, "wt_timer");
            return this;
        }

        /** Between 64 KiB (a datagram's largest size) and 64 MiB. */
        public Builder udpReceiveBuffer(int bytes) {
            this.udpReceiveBuffer = inRange(bytes, 65_536, 64 * 1024 * 1024, "maxbuffer");
            return this;
        }

        public Builder logLevel(Level level) {
            this.logLevel = Objects.requireNonNull(level, "logLevel");
            return this;
        }

        /** Letters, digits, '.', '_' and '-', at most 64 characters, starting with a letter or digit. */
        public Builder nodeName(String name) {
            Objects.requireNonNull(name, "nodeName");
            if (!NODE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid node_name '" + name
                        + "', expected letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit)");
            }
            this.nodeName = name;
            return this;
        }

        /**
         * Sets {@code module.param}; {@code source} and {@code line} say where it was written, for
         * error messages ("-Dkey" and 0 for an override, or "code" in tests).
         */
        public Builder moduleParam(String key, String value, String source, int line) {
            int dot = key.indexOf('.');
            if (dot <= 0 || dot == key.length() - 1) {
                throw new IllegalArgumentException("a module setting is written module.param, got '" + key + "'");
            }
            moduleValues.computeIfAbsent(key.substring(0, dot), k -> new LinkedHashMap<>())
                    .put(key.substring(dot + 1), new ModuleParams.Value(Objects.requireNonNull(value, key),
                            source, line));
            return this;
        }

        /** Sets {@code module.param} from code (tests, embedding). */
        public Builder moduleParam(String key, String value) {
            return moduleParam(key, value, "code", 0);
        }

        public ServerConfig build() {
            return new ServerConfig(this);
        }

        private static String headerValue(String value, String key) {
            Objects.requireNonNull(value, key);
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException(key + " must not contain line breaks");
            }
            return value.strip();
        }

        private static int inRange(int value, int min, int max, String key) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(
                        key + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        }

        /** Checks a duration in the unit its key is written in, so the message speaks that unit. */
        private static Duration inRange(Duration value, long min, long max, ChronoUnit unit, String key) {
            Objects.requireNonNull(value, key);
            String symbol = unit == ChronoUnit.MILLIS ? " ms" : " s";
            Duration low = Duration.of(min, unit);
            Duration high = Duration.of(max, unit);
            if (value.compareTo(low) < 0 || value.compareTo(high) > 0) {
                long given = unit == ChronoUnit.MILLIS ? value.toMillis() : value.toSeconds();
                throw new IllegalArgumentException(key + " must be between " + min + " and " + max + symbol
                        + ", got " + given + symbol);
            }
            return value;
        }
    }

    /** The local host name, looked up once, for the default node name. */
    private static final class LocalHostName {
        static final String VALUE = lookUp();

        private static String lookUp() {
            try {
                String name = InetAddress.getLocalHost().getHostName();
                return NODE_NAME.matcher(name).matches() ? name : "sipcontainer";
            } catch (Exception e) { // no resolvable host name: any stable default will do
                return "sipcontainer";
            }
        }
    }
}
