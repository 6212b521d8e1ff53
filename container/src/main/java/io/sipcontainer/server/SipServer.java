package io.sipcontainer.server;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.sip.ar.SipApplicationRouter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.config.ListenSpec;
import io.sipcontainer.db.Database;
import io.sipcontainer.rpc.CoreCommands;
import io.sipcontainer.rpc.DefaultRpcRegistry;
import io.sipcontainer.service.DialogService;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.service.ServerInfo;
import io.sipcontainer.service.ServiceRegistry;
import io.sipcontainer.service.Statistics;
import io.sipcontainer.stats.SipCounters;
import io.sipcontainer.stats.StatisticsRegistry;
import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.config.Transport;
import io.sipcontainer.context.ApplicationRegistry;
import io.sipcontainer.context.ContainerServices;
import io.sipcontainer.deploy.DeployDirectoryWatcher;
import io.sipcontainer.dispatch.ApplicationComposer;
import io.sipcontainer.dispatch.ApplicationSelector;
import io.sipcontainer.dispatch.MessagePath;
import io.sipcontainer.dispatch.SessionLookup;
import io.sipcontainer.b2bua.B2buaHelperImpl;
import io.sipcontainer.message.MessageSender;
import io.sipcontainer.message.MessageServices;
import io.sipcontainer.message.SessionTimerSettings;
import io.sipcontainer.overload.OverloadGuard;
import io.sipcontainer.overload.OverloadSettings;
import io.sipcontainer.overload.Pike;
import io.sipcontainer.overload.PikeSettings;
import io.sipcontainer.proxy.ProxyConfig;
import io.sipcontainer.proxy.ProxyService;
import io.sipcontainer.router.ApplicationRouterLoader;
import io.sipcontainer.cluster.ClusterCommands;
import io.sipcontainer.cluster.ClusterSettings;
import io.sipcontainer.cluster.HazelcastState;
import io.sipcontainer.cluster.LocalState;
import io.sipcontainer.cluster.ReplicatedSessionStore;
import io.sipcontainer.cluster.SharedState;
import io.sipcontainer.session.InMemorySessionStore;
import io.sipcontainer.session.SessionStore;
import io.sipcontainer.transport.Connector;
import io.sipcontainer.stack.SipStackBridge;
import io.sipcontainer.stack.ListenSocket;
import io.sipcontainer.stack.StackException;
import io.sipcontainer.stack.StackProperties;
import io.sipcontainer.tls.TlsCertificates;
import io.sipcontainer.tls.TlsCommands;
import io.sipcontainer.tls.TlsSettings;
import io.sipcontainer.stack.logging.MalformedMessages;

/**
 * The assembled server: the SIP stack on the configured sockets, the message path, the session
 * store, the application router and the deployed applications, started and stopped as one.
 */
public final class SipServer {
    private static final Logger LOG = LoggerFactory.getLogger(SipServer.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Branch timeout when the application sets none (JSR 359 suggests 180 s; Kamailio's fr_inv_timer is 120 s). */
    private static final int PROXY_TIMEOUT_SECONDS = 180;

    private final ServerConfig config;
    private SessionStore store = new InMemorySessionStore();
    private SharedState shared = new LocalState();
    private java.util.concurrent.ScheduledFuture<?> clusterStats;
    private final ApplicationRegistry registry = new ApplicationRegistry();
    private ThreadPoolExecutor workers;
    private ScheduledThreadPoolExecutor scheduler;
    private SipStackBridge bridge;
    private MessagePath path;
    private SipApplicationRouter router;
    private volatile AppDeployer deployer;
    private DeployDirectoryWatcher watcher;
    private volatile boolean running;
    private final ServiceRegistry services = new ServiceRegistry();
    private final StatisticsRegistry statistics = new StatisticsRegistry();
    private final DefaultRpcRegistry rpc = new DefaultRpcRegistry();
    private final List<ServerComponent> components = new ArrayList<>();
    private Database database;
    private MessageServices messages;
    private TlsCertificates tls;

    public SipServer(ServerConfig config) {
        this.config = config;
    }

    /**
     * The host part of the Call-IDs applications' requests get: the first socket's advertised
     * address, never a wildcard (then the address of the default route, else the machine's name).
     */
    private static String callIdHost(List<Connector> connectors) {
        for (Connector c : connectors) {
            if (!io.sipcontainer.transport.LocalRoutes.isWildcard(c.advertisedHost())) {
                return c.advertisedHost();
            }
        }
        String routed = io.sipcontainer.transport.LocalRoutes.sourceFor("192.0.2.1"); // TEST-NET-1: the default route
        if (routed != null) {
            return routed;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** The {@code dns:} group (Kamailio's {@code failed_dns_request}, and what server location counts). */
    private void registerDnsStatistics(io.sipcontainer.dns.Destinations destinations) {
        io.sipcontainer.dns.DnsStatistics dns = destinations.statistics();
        statistics.gauge("dns", "failed_dns_request", dns::failed);
        statistics.gauge("dns", "lookups", dns::lookups);
        statistics.gauge("dns", "cache_hits", dns::cacheHits);
        statistics.gauge("dns", "cache_entries", destinations::cacheSize);
        statistics.gauge("dns", "failovers", dns::failovers);
        statistics.gauge("dns", "dst_blocklist_entries", () -> destinations.blocklist().view().size());
    }

    public synchronized void start() throws StackException {
        tls = readTls(config); // first: a certificate that does not load stops the start before anything runs
        int threads = config.workerThreads() > 0 ? config.workerThreads()
                : 2 * Runtime.getRuntime().availableProcessors();
        workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                named("sip-worker"));
        scheduler = new ScheduledThreadPoolExecutor(1, named("sip-timer"));
        scheduler.setRemoveOnCancelPolicy(true);

        router = new ApplicationRouterLoader().load(config.darFile());
        router.init();
        startCluster();

        // bottom up, each part built once with what it needs: stack, way out, proxying, way in
        String stackName = "sipcontainer-" + INSTANCES.incrementAndGet();
        java.util.Properties stackProperties = StackProperties.forStack(config, stackName);
        bridge = new SipStackBridge(tls == null ? stackProperties : StackProperties.withTls(stackProperties, tls),
                scheduler, tls);
        ServerInfoImpl info = new ServerInfoImpl(config, () -> bridge.connectors());
        SipCounters sipCounters = new SipCounters(statistics);
        // messages the stack's parser refused (ValidatingParserFactory), under Kamailio's name
        statistics.gauge("core", "bad_msg_hdr", MalformedMessages.of(stackName)::count);
        // Kamailio's tcp: group over the TCP and TLS listeners (WebSocket ones are websocket:)
        for (String name : List.of("current_opened_connections", "established", "passive_open", "connect_success",
                "local_reject")) {
            statistics.gauge("tcp", name, () -> bridge.tcpStatistic(name));
        }
        // RFC 5626 STUN keep-alives answered on the UDP sockets, and STUN-range datagrams dropped there
        for (String name : List.of("binding_requests", "dropped")) {
            statistics.gauge("stun", name, () -> bridge.stunStatistic(name));
        }
        ApplicationSelector selector = new ApplicationSelector(router, registry);
        ApplicationComposer composer = new ApplicationComposer(selector, () -> new ArrayList<>(bridge.connectors()));
        // RFC 3263 for next hops that name a host, over the transports this server listens on
        java.util.Set<String> transports = new java.util.HashSet<>();
        config.listens().forEach(l -> transports.add(l.transport().configName().toLowerCase(java.util.Locale.ROOT)));
        io.sipcontainer.dns.Destinations destinations = io.sipcontainer.dns.Destinations.create(config.dns(),
                transports, java.time.Clock.systemUTC());
        registerDnsStatistics(destinations);
        MessageSender sender = new MessageSender(bridge.outbound(), bridge.headerFactory(), composer::beforeSend,
                sipCounters, destinations);
        SessionLookup lookup = new SessionLookup(store, registry);
        SessionTimerSettings sessionTimers = readSessionTimers();
        ProxyConfig proxyConfig = new ProxyConfig(scheduler, MessagePath.servletRunner(),
                (host, port) -> info.isMyself(host, port, false)
                        || shared.isPeerSipAddress(host, port <= 0 ? 5060 : port),
                PROXY_TIMEOUT_SECONDS, new DialogTap());
        ProxyService proxies = new ProxyService(proxyConfig, lookup::findById);
        messages = new MessageServices(bridge.messageFactory(), bridge.headerFactory(),
                bridge.addressFactory(), sender, config.serverHeader(), proxies, request -> B2buaHelperImpl.instance(),
                sessionTimers);
        path = new MessagePath(messages, proxies, lookup, selector, composer);

        List<ListenSocket> sockets = new ArrayList<>();
        for (ListenSpec l : config.listens()) {
            sockets.add(new ListenSocket(l.transport().configName(), l.host(), l.port(),
                    l.isAdvertised() ? l.publicHost() : null, l.isAdvertised() ? l.publicPort() : 0));
        }
        bridge.start(sockets, path, sipCounters, newOverloadGuard());

        String localHost = callIdHost(bridge.connectors());
        services.register(ServerInfo.class, info).register(Statistics.class, statistics)
                .register(RpcRegistry.class, rpc);
        CoreCommands.register(rpc, info, statistics);
        ConnectionCommands.register(rpc, bridge, config);
        io.sipcontainer.dns.DnsCommands.register(rpc, destinations);
        if (tls != null) {
            TlsCommands.register(rpc, tls, bridge::tlsConnections,
                    config.tcpLimits().maxConnections());
        }
        List<String> sipAddresses = new ArrayList<>();
        for (Connector c : bridge.connectors()) {
            sipAddresses.add(c.advertisedHost() + ":" + c.advertisedPort());
        }
        shared.publishSipAddresses(sipAddresses);
        clusterStats = ClusterCommands.register(rpc, shared, store, statistics, scheduler);
        ServerContext context = new ServerContext(this, config, services, scheduler, workers, shared);
        List<ServerComponent> found = new ArrayList<>();
        ServiceLoader.load(ServerComponent.class, SipServer.class.getClassLoader()).forEach(found::add);
        found.sort(java.util.Comparator.comparingInt(ServerComponent::order));
        for (ServerComponent component : found) {
            startComponent(component, context);
        }
        ContainerServices appServices = new ContainerServices(store, workers, scheduler, messages, localHost, services,
                config.sessionClock());
        deployer = new AppDeployer(registry, router, appServices, config.workDir());
        Path deployDir = config.deployDir();
        try {
            Files.createDirectories(deployDir);
            deleteTree(config.workDir()); // unpacked copies a crash left behind
            Files.createDirectories(config.workDir());
        } catch (java.io.IOException e) {
            throw new StackException("cannot create " + deployDir + " or " + config.workDir() + ": " + e, e);
        }
        deployer.deployAll(deployDir);
        long scanMillis = config.deployScanInterval().toMillis();
        if (scanMillis > 0) { // 0: the folder is read at start-up only
            watcher = new DeployDirectoryWatcher(deployDir, scanMillis, deployer);
            watcher.start();
        }
        try {
            config.checkAllModuleParamsRead();
        } catch (ConfigException e) {
            running = true;
            stop(Duration.ZERO);
            throw new StackException(e.getMessage(), e);
        }
        running = true;
        LOG.info("sipcontainer started: {} application(s) deployed: {}", registry.names().size(), registry.names());
    }

    /**
     * Stops in order: no new initial requests, wait (up to the bound) for in-flight work,
     * undeploy the applications, close the sockets.
     */
    public synchronized void stop(Duration drain) {
        if (!running) {
            return;
        }
        running = false;
        path.stopAccepting();
        try {
            if (watcher != null) {
                watcher.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long deadline = System.nanoTime() + drain.toNanos();
        ThreadPoolExecutor pool = workers;
        while (System.nanoTime() < deadline && (pool.getActiveCount() > 0 || !pool.getQueue().isEmpty()
                || store.hasSipWorkInFlight())) { // calls and transactions in flight finish (README: SIGTERM)
            try { // a bounded wait between checks: the pool is not shut down yet, so this only times out
                pool.awaitTermination(10, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (deployer != null) { // null when a component failed to start
            deployer.undeployAll();
        }
        for (int i = components.size() - 1; i >= 0; i--) {
            try {
                components.get(i).stop();
            } catch (Exception e) {
                LOG.warn("Component {} did not stop cleanly", components.get(i).getClass().getSimpleName(), e);
            }
        }
        components.clear();
        if (clusterStats != null) {
            clusterStats.cancel(false);
        }
        ClusterCommands.unregister(rpc);
        shared.close();
        if (database != null) {
            database.close();
            database = null;
        }
        bridge.stop();
        router.destroy();
        workers.shutdown();
        scheduler.shutdownNow();
        LOG.info("sipcontainer stopped");
    }

    public void stop() {
        stop(config.shutdownTimeout());
    }

    public boolean isRunning() {
        return running;
    }

    /**
     * {@code cluster.*}: an embedded Hazelcast member (or client) holding the state nodes share,
     * and the session store on it; a node alone when {@code cluster.enable = no}.
     */
    private void startCluster() throws StackException {
        ClusterSettings settings;
        try {
            settings = ClusterSettings.read(config.moduleParams("cluster"));
        } catch (ConfigException e) {
            throw new StackException(e.getMessage(), e);
        }
        if (!settings.enabled()) {
            return;
        }
        try {
            HazelcastState hz = HazelcastState.start(settings);
            shared = hz;
            store = new ReplicatedSessionStore(hz, registry::get, settings.replicateEarly());
        } catch (RuntimeException e) {
            throw new StackException("cluster: cannot start the Hazelcast " + (settings.client() ? "client" : "member")
                    + ": " + e.getMessage(), e);
        }
    }

    /** What nodes share (Hazelcast maps in a cluster, local maps otherwise). */
    public SharedState shared() {
        return shared;
    }

    /** {@code sst.*}: the smallest RFC 4028 session interval, for applications and proxies. */
    private SessionTimerSettings readSessionTimers() throws StackException {
        try {
            return SessionTimerSettings.read(config.moduleParams(SessionTimerSettings.MODULE));
        } catch (ConfigException e) {
            throw new StackException(e.getMessage(), e);
        }
    }

    /** {@code overload.*} and {@code pike.*}: what new requests pass before the stack takes them. */
    private OverloadGuard newOverloadGuard() throws StackException {
        OverloadSettings overload;
        PikeSettings pikeSettings;
        try {
            overload = OverloadSettings.read(config.moduleParams("overload"));
            pikeSettings = PikeSettings.read(config.moduleParams("pike"));
        } catch (ConfigException e) {
            throw new StackException(e.getMessage(), e);
        }
        Pike pike = null;
        if (pikeSettings.enabled()) {
            pike = new Pike(pikeSettings, System::currentTimeMillis);
            long unit = pikeSettings.samplingTimeUnit().toMillis();
            scheduler.scheduleWithFixedDelay(pike::sweep, unit, unit, TimeUnit.MILLISECONDS);
        }
        OverloadGuard guard = new OverloadGuard(overload, pikeSettings, pike, () -> workers.getQueue().size(),
                bridge::serverTransactionCount, this::isOwnAddress);
        guard.register(statistics, rpc);
        return guard;
    }

    private boolean isOwnAddress(String address) {
        for (io.sipcontainer.transport.Connector c : bridge.connectors()) {
            if (c.host().equals(address)) {
                return true;
            }
        }
        return false;
    }

    private void startComponent(ServerComponent component, ServerContext context) throws StackException {
        try {
            component.start(context);
            components.add(component);
        } catch (Exception e) {
            running = true;
            stop(Duration.ZERO);
            throw new StackException(component.getClass().getSimpleName() + " failed to start: " + e.getMessage(), e);
        }
    }

    /** The database ({@code db.*} settings), opened on first use by a component. */
    public synchronized Database database() throws ConfigException {
        if (database == null) {
            database = Database.open(config.moduleParams("db"), config.baseDir());
        }
        return database;
    }

    /**
     * The TLS certificates of the {@code tls.*} settings, shared by the TLS listeners and the HTTPS
     * (WSS) port; null when none are configured.
     */
    public TlsCertificates tls() {
        return tls;
    }

    /** Reads {@code tls.*}; a {@code tls} listen without a certificate stops the start with the reason. */
    private static TlsCertificates readTls(ServerConfig config) throws StackException {
        try {
            TlsSettings settings = TlsSettings.read(config);
            TlsCertificates certificates = settings.configured()
                    ? TlsCertificates.load(settings) : null;
            for (ListenSpec l : config.listens()) {
                if (l.transport() == Transport.TLS && (certificates == null
                        || !certificates.hasServerCertificate(l.host(), l.port()))) {
                    throw new ConfigException("listen", 0, l + " needs a certificate: set tls.tls_certificate and"
                            + " tls.tls_private_key (PEM), a PKCS#12 tls.tls_certificate, or a [server:default] or"
                            + " [server:IP:PORT] section in tls.config");
                }
            }
            return certificates;
        } catch (ConfigException e) {
            throw new StackException(e.getMessage(), e);
        }
    }

    /** The services published to applications (location, statistics, RPC ...). */
    public ServiceRegistry services() {
        return services;
    }

    public ApplicationRegistry applications() {
        return registry;
    }

    /**
     * Why archives in the deploy folder were refused (the reason the log gives), by absolute path,
     * until they deploy or are removed; for the console's application page.
     */
    public java.util.Map<Path, String> deploymentRefusals() {
        AppDeployer d = deployer;
        return d == null ? java.util.Map.of() : d.refusals();
    }

    /** The application router in use, e.g. to have the default router re-read its DAR file. */
    public SipApplicationRouter applicationRouter() {
        return router;
    }

    /**
     * Gives the dialog module what proxies handle without an application: the BYE of a dialog
     * restored after a restart (its SIP session is gone), the 408 of an INVITE nobody answered.
     * The service is looked up per message, as the dialog component starts after the proxies.
     */
    private final class DialogTap implements ProxyConfig.Unseen {
        @Override
        public void sessionlessRequest(io.sipcontainer.message.SipServletRequestImpl request) {
            DialogService dialogs = services.find(DialogService.class);
            if (dialogs != null) {
                dialogs.onRequest(request);
            }
        }

        @Override
        public void localFinalResponse(io.sipcontainer.message.SipServletResponseImpl response) {
            DialogService dialogs = services.find(DialogService.class);
            if (dialogs != null) {
                dialogs.onResponse(response);
            }
        }
    }

    /**
     * The message factories and the way out, for a component that sends requests of its own
     * outside any application session (the dialog module's BYE and keepalive OPTIONS).
     */
    public MessageServices messages() {
        return messages;
    }

    public SessionStore sessions() {
        return store;
    }

    public ServerConfig config() {
        return config;
    }

    /** The bound sockets, e.g. to learn an ephemeral port in tests. */
    public List<Connector> connectors() {
        return bridge.connectors();
    }

    /**
     * Adds a SIP socket the configuration does not list, once its address is known: the WebSocket
     * transport, served on the HTTP port (see {@code io.sipcontainer.ws}).
     */
    public Connector bind(ListenSocket socket) throws StackException {
        return bridge.bind(socket);
    }

    /** Datagrams and stray responses outside SIP transactions (nathelper's keepalives). */
    public io.sipcontainer.transport.Datagrams datagrams() {
        return bridge.datagrams();
    }

    /** The local address of the first connector of a transport ("udp", "tcp"). */
    public InetSocketAddress address(String transport) {
        for (Connector c : bridge.connectors()) {
            if (c.transport().equalsIgnoreCase(transport)) {
                return new InetSocketAddress(c.host(), c.port());
            }
        }
        throw new IllegalArgumentException("no " + transport + " connector");
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
