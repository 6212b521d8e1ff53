package io.sipcontainer.stack;

import gov.nist.core.LogLevels;
import gov.nist.javax.sip.stack.DefaultTlsSecurityPolicy;
import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.stack.logging.Slf4jServerLogger;
import io.sipcontainer.stack.logging.Slf4jStackLogger;
import java.security.KeyStore;
import java.util.Objects;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link Properties} a JAIN-SIP RI stack is created with ({@code SipFactory.createSipStack})
 * from the typed {@link ServerConfig}, so the stack's string properties are set in this one place.
 * Logging goes to SLF4J through {@link Slf4jStackLogger} and {@link Slf4jServerLogger}; dialogs are
 * left to the container (automatic dialog support off); the listener is re-entrant so the worker pool
 * can deliver events concurrently. The caller may add or override entries before creating the stack.
 */
public final class StackProperties {

    public static final String STACK_NAME = "javax.sip.STACK_NAME";
    public static final String AUTOMATIC_DIALOG_SUPPORT = "javax.sip.AUTOMATIC_DIALOG_SUPPORT";
    public static final String STACK_LOGGER = "gov.nist.javax.sip.STACK_LOGGER";
    public static final String SERVER_LOGGER = "gov.nist.javax.sip.SERVER_LOGGER";
    public static final String TRACE_LEVEL = "gov.nist.javax.sip.TRACE_LEVEL";
    public static final String THREAD_POOL_SIZE = "gov.nist.javax.sip.THREAD_POOL_SIZE";
    public static final String AGGRESSIVE_CLEANUP = "gov.nist.javax.sip.AGGRESSIVE_CLEANUP";
    public static final String TIMER_CLASS_NAME = "gov.nist.javax.sip.TIMER_CLASS_NAME";
    public static final String LINGER_TIMER = "gov.nist.javax.sip.LINGER_TIMER";
    public static final String RECEIVE_UDP_BUFFER_SIZE = "gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE";
    public static final String SIP_MESSAGE_VALVE = "gov.nist.javax.sip.SIP_MESSAGE_VALVE";
    public static final String MAX_MESSAGE_SIZE = "gov.nist.javax.sip.MAX_MESSAGE_SIZE";
    public static final String REENTRANT_LISTENER = "gov.nist.javax.sip.REENTRANT_LISTENER";
    public static final String CACHE_CLIENT_CONNECTIONS = "gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS";
    public static final String CACHE_SERVER_CONNECTIONS = "gov.nist.javax.sip.CACHE_SERVER_CONNECTIONS";
    public static final String MESSAGE_PROCESSOR_FACTORY = "gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY";
    public static final String MESSAGE_PARSER_FACTORY = "gov.nist.javax.sip.MESSAGE_PARSER_FACTORY";
    public static final String NIO_MAX_SOCKET_IDLE_TIME = "gov.nist.javax.sip.NIO_MAX_SOCKET_IDLE_TIME";
    public static final String TLS_SECURITY_POLICY = "gov.nist.javax.sip.TLS_SECURITY_POLICY";
    public static final String TLS_CLIENT_AUTH_TYPE = "gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE";
    public static final String TLS_CLIENT_PROTOCOLS = "gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS";
    public static final String ENABLED_CIPHER_SUITES = "gov.nist.javax.sip.ENABLED_CIPHER_SUITES";
    public static final String SECURITY_MANAGER_PROVIDER = "gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER";
    public static final String ROUTER_PATH = "javax.sip.ROUTER_PATH";
    public static final String USE_ROUTER_FOR_ALL_URIS = "javax.sip.USE_ROUTER_FOR_ALL_URIS";
    public static final String KEY_STORE_TYPE = "javax.net.ssl.keyStoreType";
    public static final String TRUST_STORE_TYPE = "javax.net.ssl.trustStoreType";

    /** Ours, read by {@link ReusingNioTcpMessageProcessor}: Kamailio's TCP limits. */
    static final String TCP_MAX_CONNECTIONS = "io.sipcontainer.TCP_MAX_CONNECTIONS";
    static final String TCP_ACCEPT_IPLIMIT = "io.sipcontainer.TCP_ACCEPT_IPLIMIT";
    static final String TCP_MSG_READ_TIMEOUT_MS = "io.sipcontainer.TCP_MSG_READ_TIMEOUT_MS";
    static final String TCP_ACCEPT_HAPROXY = "io.sipcontainer.TCP_ACCEPT_HAPROXY";
    static final String TCP_ACCEPT_HAPROXY_TRUSTED = "io.sipcontainer.TCP_ACCEPT_HAPROXY_TRUSTED";

    private StackProperties() {
    }

    /** The properties for a stack named after the node ({@link ServerConfig#nodeName()}). */
    public static Properties forStack(ServerConfig config) {
        return forStack(config, config.nodeName());
    }

    /**
     * The properties for a stack called {@code stackName}. As a side effect this installs
     * {@link Slf4jStackLogger} as JAIN-SIP's process-wide logger ({@link Slf4jStackLogger#install()}),
     * so nothing the stack logs while starting can reach for the absent log4j.
     */
    /** {@code wait} in the RI's whole seconds, rounded up. */
    static long lingerSeconds(java.time.Duration wait) {
        return (wait.toMillis() + 999) / 1000;
    }

    public static Properties forStack(ServerConfig config, String stackName) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(stackName, "stackName");
        Slf4jStackLogger.install();
        Properties properties = new Properties();
        properties.setProperty(STACK_NAME, stackName);
        properties.setProperty(STACK_LOGGER, Slf4jStackLogger.class.getName());
        properties.setProperty(SERVER_LOGGER, Slf4jServerLogger.class.getName());
        // our loggers read SLF4J levels directly; this only keeps the property truthful for anyone reading it
        properties.setProperty(TRACE_LEVEL, Integer.toString(traceLevel(LoggerFactory.getLogger(Slf4jStackLogger.LOGGER_NAME))));
        properties.setProperty(THREAD_POOL_SIZE, Integer.toString(config.workerThreads()));
        properties.setProperty(MAX_MESSAGE_SIZE, Integer.toString(config.maxMessageSize()));
        // JAIN-SIP asks for 64 KB (128 KB once Linux doubles it): 20 ms of 1,000 calls/s, so a reader
        // thread held up a little longer lost datagrams (an ACK, a provisional) under load
        properties.setProperty(RECEIVE_UDP_BUFFER_SIZE, Integer.toString(config.udpReceiveBuffer()));
        properties.setProperty(REENTRANT_LISTENER, "true");
        // requests the container located by RFC 3263 go to the address it chose (io.sipcontainer.dns)
        properties.setProperty(ROUTER_PATH, ResolvedHopRouter.class.getName());
        properties.setProperty(USE_ROUTER_FOR_ALL_URIS, "true");
        // a transaction that is over keeps only what absorbing retransmissions needs (its bytes), not the
        // parsed messages: UDP transactions stay 32 s (Timer J/K), and every young collection copied them
        properties.setProperty(AGGRESSIVE_CLEANUP, "true");
        // completed non-INVITE server transactions stay wt_timer (5 s, as in Kamailio), not 32 s: at
        // thousands of REGISTERs a second the collector spent more CPU marking them than the server
        // spent on the requests; with a 32 s stay that was 40% of all CPU at 4,000/s
        properties.setProperty(TIMER_CLASS_NAME, WaitTimer.class.getName());
        properties.setProperty(WaitTimer.WT_TIMER_MS, Long.toString(config.waitTimer().toMillis()));
        // and an INVITE server transaction answered 2xx stays as long (whole seconds, the RI's unit), not the
        // RI's 8 s: it is kept only to absorb the INVITE's retransmissions, as Kamailio's wt_timer does
        properties.setProperty(LINGER_TIMER, Long.toString(lingerSeconds(config.waitTimer())));
        // the container creates and tracks dialogs itself, as JSR 359 sessions require
        properties.setProperty(AUTOMATIC_DIALOG_SUPPORT, "off");
        // reuse connections both ways, as RFC 3261 18 and Kamailio do, instead of a connection per request
        properties.setProperty(CACHE_CLIENT_CONNECTIONS, "true");
        properties.setProperty(CACHE_SERVER_CONNECTIONS, "true");
        // JAIN-SIP's NIO transports (the only ones closing idle connections), WS/WSS from Jetty, TCP connections kept
        properties.setProperty(MESSAGE_PROCESSOR_FACTORY, TransportFactory.class.getName());
        properties.setProperty(NIO_MAX_SOCKET_IDLE_TIME, Long.toString(config.tcpConnectionLifetime().toMillis()));
        properties.setProperty(TCP_MAX_CONNECTIONS, Integer.toString(config.tcpLimits().maxConnections()));
        properties.setProperty(TCP_ACCEPT_IPLIMIT, Integer.toString(config.tcpLimits().acceptIpLimit()));
        properties.setProperty(TCP_MSG_READ_TIMEOUT_MS, Long.toString(config.tcpLimits().msgReadTimeout().toMillis()));
        properties.setProperty(TCP_ACCEPT_HAPROXY, Boolean.toString(config.haproxyAccept().enabled()));
        properties.setProperty(TCP_ACCEPT_HAPROXY_TRUSTED, String.join(",", config.haproxyAccept().trusted()));
        // refuses messages without the mandatory headers, which the RI's UDP path fails on expensively, and
        // keeps the request line's version (JAIN-SIP's parser turns any into SIP/2.0) so that another gets 505
        properties.setProperty(MESSAGE_PARSER_FACTORY, ValidatingParserFactory.class.getName());
        // a response no transaction matches by its branch goes to our stray handling, not a search of all
        properties.setProperty(SIP_MESSAGE_VALVE, FrontValve.class.getName());
        // naming JAIN-SIP's own defaults explicitly spares a WARN line each at every start-up
        properties.setProperty(TLS_SECURITY_POLICY, DefaultTlsSecurityPolicy.class.getName());
        properties.setProperty(KEY_STORE_TYPE, KeyStore.getDefaultType());
        // certificates come from the tls.* settings, not from key stores the stack would read (TlsListenerProcessor)
        properties.setProperty(SECURITY_MANAGER_PROVIDER, ContainerSecurityProvider.class.getName());
        // not JAIN-SIP's defaults (client certificates required, TLS 1.0 to 1.2): Kamailio's, TLS 1.2 and 1.3
        // only; withTls() sets what the tls.* settings ask for
        properties.setProperty(TLS_CLIENT_AUTH_TYPE, "Disabled");
        properties.setProperty(TLS_CLIENT_PROTOCOLS, "TLSv1.3,TLSv1.2");
        // JAIN-SIP's own list has no TLS 1.3 suite, so it could never agree on TLS 1.3: the JDK's defaults
        properties.setProperty(ENABLED_CIPHER_SUITES, String.join(",", jdkCipherSuites()));
        properties.setProperty(TRUST_STORE_TYPE, KeyStore.getDefaultType());
        return properties;
    }

    /**
     * Sets the protocols and the client-certificate policy every TLS connection of the stack gets
     * from the {@code tls.*} settings ({@code tls_method}, {@code verify_certificate},
     * {@code require_certificate}); the certificates themselves reach the stack through
     * {@link SipStackBridge#SipStackBridge(Properties, java.util.concurrent.ScheduledExecutorService,
     * io.sipcontainer.tls.TlsCertificates)}.
     */
    public static Properties withTls(Properties properties, io.sipcontainer.tls.TlsCertificates tls) {
        properties.setProperty(TLS_CLIENT_AUTH_TYPE, tls.clientAuthType());
        properties.setProperty(TLS_CLIENT_PROTOCOLS, String.join(",", tls.protocols()));
        return properties;
    }

    /** The cipher suites the JDK enables by default (its own choice, kept current by JDK updates). */
    private static String[] jdkCipherSuites() {
        try {
            return javax.net.ssl.SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no default TLS context", e);
        }
    }

    /** The JAIN-SIP trace level matching what {@code logger} has enabled. */
    static int traceLevel(Logger logger) {
        if (logger.isTraceEnabled()) {
            return LogLevels.TRACE_TRACE;
        }
        if (logger.isDebugEnabled()) {
            return LogLevels.TRACE_DEBUG;
        }
        if (logger.isInfoEnabled()) {
            return LogLevels.TRACE_INFO;
        }
        if (logger.isWarnEnabled()) {
            return LogLevels.TRACE_WARN;
        }
        return logger.isErrorEnabled() ? LogLevels.TRACE_ERROR : LogLevels.TRACE_NONE;
    }
}
