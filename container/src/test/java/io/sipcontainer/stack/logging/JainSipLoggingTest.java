package io.sipcontainer.stack.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import gov.nist.core.CommonLogger;
import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.stack.StackProperties;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CallIdHeader;
import org.junit.jupiter.api.Test;

/** Creates real JAIN-SIP stacks with {@link StackProperties} and checks their logging reaches SLF4J. */
class JainSipLoggingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ServerConfig config = ServerConfig.builder().build();

    @Test
    void log4jIsNotOnTheClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.log4j.Logger"));
    }

    @Test
    void stackCreatedWithTheseLoggersLogsThroughSlf4j() throws Exception {
        try (LogCapture stackLog = new LogCapture(Slf4jStackLogger.LOGGER_NAME, Level.DEBUG)) {
            try (RunningStack stack = new RunningStack()) {
                stack.probe(UUID.randomUUID().toString());
                assertInstanceOf(Slf4jStackLogger.class, CommonLogger.legacyLogger);
                assertTrue(stackLog.events().stream().anyMatch(e -> e.getFormattedMessage().contains("createListeningPoint")),
                        "no DEBUG line about the listening point in " + stackLog.events());
                assertTrue(stackLog.events().stream().allMatch(e -> e.getLoggerName().equals(Slf4jStackLogger.LOGGER_NAME)));
            }
        }
    }

    @Test
    void receivedRequestIsLoggedAsOneLineAtDebugOnTheMessageLogger() throws Exception {
        try (LogCapture messages = new LogCapture(Slf4jServerLogger.LOGGER_NAME, Level.DEBUG);
                RunningStack stack = new RunningStack()) {
            String callId = UUID.randomUUID().toString();
            stack.probe(callId);

            boolean logged = messages.awaitEvent(e -> e.getLevel() == Level.DEBUG
                    && e.getFormattedMessage().contains("received")
                    && e.getFormattedMessage().contains("OPTIONS sip:probe@127.0.0.1 SIP/2.0")
                    && e.getFormattedMessage().contains(callId), TIMEOUT);
            assertTrue(logged, "no DEBUG line for the OPTIONS in " + messages.events());
            assertTrue(messages.events().stream().noneMatch(e -> e.getFormattedMessage().contains("Max-Forwards")),
                    "the whole message was logged at DEBUG");
        }
    }

    @Test
    void receivedRequestIsLoggedWholeAtTrace() throws Exception {
        try (LogCapture messages = new LogCapture(Slf4jServerLogger.LOGGER_NAME, Level.TRACE);
                RunningStack stack = new RunningStack()) {
            String callId = UUID.randomUUID().toString();
            stack.probe(callId);

            assertTrue(messages.awaitEvent(e -> e.getLevel() == Level.TRACE
                    && e.getFormattedMessage().contains("Call-ID: " + callId)
                    && e.getFormattedMessage().contains("Max-Forwards: 70"), TIMEOUT),
                    "no TRACE event with the whole message in " + messages.events());
        }
    }

    @Test
    void nothingIsLoggedPerMessageWhenMessageLoggingIsOff() throws Exception {
        try (LogCapture messages = new LogCapture(Slf4jServerLogger.LOGGER_NAME, Level.INFO);
                LogCapture stackLog = new LogCapture(Slf4jStackLogger.LOGGER_NAME, Level.WARN);
                RunningStack stack = new RunningStack()) {
            // the probe reaching the listener proves the stack handled it, so any message log was due by then
            stack.probe(UUID.randomUUID().toString());
            assertEquals(0, messages.events().size(), "message events: " + messages.events());
            assertTrue(stackLog.events().stream().noneMatch(e -> e.getFormattedMessage().contains("OPTIONS")),
                    "the stack logged the message at WARN or above");
        }
    }

    /**
     * A started stack with one UDP listener. Closing it stops the stack; {@link #probe} must have
     * run first, because JAIN-SIP's UDP processor fails if stopped before its threads are up.
     */
    private final class RunningStack implements AutoCloseable {
        private final SipStack stack;
        private final ListeningPoint udp;
        private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();

        RunningStack() throws Exception {
            stack = createStack();
            udp = stack.createListeningPoint("127.0.0.1", freeUdpPort(), ListeningPoint.UDP);
            SipProvider provider = stack.createSipProvider(udp);
            provider.addSipListener(new IgnoringListener() {
                @Override
                public void processRequest(RequestEvent event) {
                    requests.add(((CallIdHeader) event.getRequest().getHeader(CallIdHeader.NAME)).getCallId());
                }
            });
            stack.start();
        }

        /** Sends an OPTIONS with this Call-ID and waits until the listener has it. */
        void probe(String callId) throws Exception {
            sendOptions(udp.getPort(), callId);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            for (long left = TIMEOUT.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                if (callId.equals(requests.poll(left, TimeUnit.NANOSECONDS))) {
                    return;
                }
            }
            throw new AssertionError("the OPTIONS " + callId + " never reached the listener");
        }

        @Override
        public void close() {
            stack.stop();
        }
    }

    private SipStack createStack() throws Exception {
        Properties properties = StackProperties.forStack(config, "logging-test-" + UUID.randomUUID());
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        return factory.createSipStack(properties);
    }

    /** JAIN-SIP refuses port 0, so borrow a free port from the OS. */
    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sendOptions(int port, String callId) throws Exception {
        String request = "OPTIONS sip:probe@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK" + callId.substring(0, 8) + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:tester@127.0.0.1>;tag=1\r\n"
                + "To: <sip:probe@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
        }
    }

    /** A listener that drops everything: the tests only look at what the stack logs. */
    private static class IgnoringListener implements SipListener {
        @Override
        public void processRequest(RequestEvent event) {
        }

        @Override
        public void processResponse(ResponseEvent event) {
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
        }
    }
}
