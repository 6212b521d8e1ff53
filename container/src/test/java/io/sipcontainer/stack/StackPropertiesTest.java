package io.sipcontainer.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import gov.nist.core.CommonLogger;
import gov.nist.core.LogLevels;
import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.stack.logging.Slf4jServerLogger;
import io.sipcontainer.stack.logging.Slf4jStackLogger;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StackPropertiesTest {

    private final ServerConfig config = ServerConfig.builder()
            .workerThreads(7)
            .maxMessageSize(8192)
            .tcpConnectionLifetime(Duration.ofSeconds(3605))
            .nodeName("node-a")
            .build();

    @Test
    void propertiesCarryTheConfiguredValuesAndOurLoggers() {
        Properties p = StackProperties.forStack(config, "stack-1");
        assertEquals("stack-1", p.getProperty("javax.sip.STACK_NAME"));
        assertEquals(Slf4jStackLogger.class.getName(), p.getProperty("gov.nist.javax.sip.STACK_LOGGER"));
        assertEquals(Slf4jServerLogger.class.getName(), p.getProperty("gov.nist.javax.sip.SERVER_LOGGER"));
        assertEquals("7", p.getProperty("gov.nist.javax.sip.THREAD_POOL_SIZE"));
        assertEquals("8192", p.getProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE"));
        assertEquals("true", p.getProperty("gov.nist.javax.sip.REENTRANT_LISTENER"));
        assertEquals("off", p.getProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT"));
        assertEquals("true", p.getProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS"));
        assertEquals("true", p.getProperty("gov.nist.javax.sip.CACHE_SERVER_CONNECTIONS"));
        assertEquals("3605000", p.getProperty("gov.nist.javax.sip.NIO_MAX_SOCKET_IDLE_TIME"));
        assertEquals("io.sipcontainer.stack.TransportFactory",
                p.getProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY"),
                "JAIN-SIP's NIO transports, with WS and WSS served by Jetty and TCP connections kept");
    }

    @Test
    void tlsIsKamailiosDefaultsNotJainSips() {
        Properties p = StackProperties.forStack(config, "stack-tls");
        assertEquals("Disabled", p.getProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE"),
                "JAIN-SIP would require client certificates; Kamailio does not by default");
        assertEquals("TLSv1.3,TLSv1.2", p.getProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS"),
                "TLS 1.2 and 1.3 only (JAIN-SIP's default is 1.0 to 1.2)");
        assertTrue(p.getProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES").contains("TLS_AES_128_GCM_SHA256"),
                "a TLS 1.3 suite, without which TLS 1.3 can never be agreed");
    }

    @Test
    void anInviteAnswered2xxLingersWtTimerInTheRisWholeSeconds() {
        assertEquals("5", StackProperties.forStack(config, "stack-wt").getProperty("gov.nist.javax.sip.LINGER_TIMER"),
                "wt_timer's default 5000 ms, not JAIN-SIP's 8 s");
        assertEquals(1, StackProperties.lingerSeconds(java.time.Duration.ofMillis(500)), "rounded up, never 0 (which ends at once)");
        assertEquals(5, StackProperties.lingerSeconds(java.time.Duration.ofMillis(4001)));
        assertEquals(32, StackProperties.lingerSeconds(java.time.Duration.ofMillis(32_000)));
    }

    @Test
    void udpSocketsAskForMaxbufferNotJainSips64Kb() {
        assertEquals("1048576", StackProperties.forStack(config, "stack-rcvbuf").getProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE"));
        ServerConfig bigger = config.toBuilder().udpReceiveBuffer(4 * 1024 * 1024).build();
        assertEquals("4194304", StackProperties.forStack(bigger, "stack-rcvbuf-2").getProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE"));
    }

    @Test
    void stackNameDefaultsToTheNodeName() {
        assertEquals("node-a", StackProperties.forStack(config).getProperty("javax.sip.STACK_NAME"));
    }

    @Test
    void buildingPropertiesInstallsTheSlf4jBridgeBeforeAnyStackExists() {
        CommonLogger.legacyLogger = null;
        StackProperties.forStack(config);
        assertInstanceOf(Slf4jStackLogger.class, CommonLogger.legacyLogger);
    }

    @Test
    void traceLevelFollowsTheStackLoggersSlf4jLevel() {
        Logger stackLog = (Logger) LoggerFactory.getLogger(Slf4jStackLogger.LOGGER_NAME);
        Level previous = stackLog.getLevel();
        try {
            stackLog.setLevel(Level.DEBUG);
            assertEquals("32", StackProperties.forStack(config).getProperty("gov.nist.javax.sip.TRACE_LEVEL"));
            stackLog.setLevel(Level.WARN);
            assertEquals("8", StackProperties.forStack(config).getProperty("gov.nist.javax.sip.TRACE_LEVEL"));
        } finally {
            stackLog.setLevel(previous);
        }
    }

    @Test
    void traceLevelMapsEverySlf4jLevel() {
        Logger logger = (Logger) LoggerFactory.getLogger("test.trace-level." + System.nanoTime());
        logger.setLevel(Level.TRACE);
        assertEquals(LogLevels.TRACE_TRACE, StackProperties.traceLevel(logger));
        logger.setLevel(Level.DEBUG);
        assertEquals(LogLevels.TRACE_DEBUG, StackProperties.traceLevel(logger));
        logger.setLevel(Level.INFO);
        assertEquals(LogLevels.TRACE_INFO, StackProperties.traceLevel(logger));
        logger.setLevel(Level.WARN);
        assertEquals(LogLevels.TRACE_WARN, StackProperties.traceLevel(logger));
        logger.setLevel(Level.ERROR);
        assertEquals(LogLevels.TRACE_ERROR, StackProperties.traceLevel(logger));
        logger.setLevel(Level.OFF);
        assertEquals(LogLevels.TRACE_NONE, StackProperties.traceLevel(logger));
    }
}
