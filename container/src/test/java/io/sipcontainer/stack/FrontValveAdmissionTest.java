package io.sipcontainer.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.sip.ServerTransaction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.message.SIPRequest;

import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.stats.SipCounters;
import io.sipcontainer.stats.StatisticsRegistry;
import io.sipcontainer.transport.Admission;
import io.sipcontainer.transport.Connector;

/**
 * New requests pass the server's {@link Admission} in {@link FrontValve} before the stack creates
 * anything for them, on a real loopback socket: a refusal is a stateless 503 with Retry-After, a
 * drop is silence, and what is already in progress (a retransmission) never asks.
 */
class FrontValveAdmissionTest {
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final SipStackBridgeTest.Recorder inbound = new SipStackBridgeTest.Recorder();
    private final List<Boolean> asked = new CopyOnWriteArrayList<>();
    private volatile Admission.Verdict verdict = Admission.Verdict.ACCEPT;
    private SipStackBridge bridge;
    private Connector udp;
    private DatagramSocket phone;

    @BeforeEach
    void start() throws Exception {
        Admission admission = new Admission() {
            @Override
            public Verdict admit(String sourceAddress, boolean outOfDialog) {
                assertEquals("127.0.0.1", sourceAddress);
                asked.add(outOfDialog);
                return verdict;
            }

            @Override
            public int retryAfterSeconds() {
                return 7;
            }
        };
        bridge = new SipStackBridge(StackProperties.forStack(ServerConfig.builder().build(),
                "valve-test-" + UUID.randomUUID()), scheduler);
        bridge.start(List.of(ListenSocket.of("udp", "127.0.0.1", 0)), inbound,
                new SipCounters(new StatisticsRegistry()), admission);
        udp = bridge.connectorFor("udp");
        phone = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        phone.setSoTimeout(5000);
    }

    @AfterEach
    void stop() {
        phone.close();
        bridge.stop();
        scheduler.shutdownNow();
    }

    @Test
    void aRefusedRequestGetsAStateless503WithRetryAfterAndCreatesNothing() throws Exception {
        verdict = Admission.Verdict.REFUSE;
        send(options("z9hG4bK-refused", ""));
        String reply = receive();
        assertTrue(reply.startsWith("SIP/2.0 503 Service Unavailable"), reply);
        assertTrue(reply.contains("Retry-After: 7"), reply);
        assertTrue(reply.matches("(?s).*To: <sip:server@127.0.0.1>;tag=\\S+.*"), "a final response has a To tag: " + reply);
        assertEquals(List.of(true), asked, "asked once, as an out-of-dialog request");
        assertNull(inbound.events.poll(300, TimeUnit.MILLISECONDS), "nothing reaches the container");
        assertEquals(0, bridge.serverTransactionCount(), "no transaction is kept for a refusal");
    }

    @Test
    void aDroppedRequestGetsNoReply() throws Exception {
        verdict = Admission.Verdict.DROP;
        send(options("z9hG4bK-dropped", ""));
        phone.setSoTimeout(500);
        try {
            fail(receive());
        } catch (SocketTimeoutException expected) {
            // silence, as Kamailio's pike + ban gives
        }
        assertNull(inbound.events.poll(100, TimeUnit.MILLISECONDS));
        assertEquals(0, bridge.serverTransactionCount());
    }

    @Test
    void aRetransmissionOfATransactionInProgressIsAbsorbedWithoutAsking() throws Exception {
        send(options("z9hG4bK-taken", ""));
        SipStackBridgeTest.Recorder.Event got = inbound.next();
        bridge.outbound().respond(udp, (ServerTransaction) got.data(), ((SIPRequest) got.message()).createResponse(200),
                false);
        assertTrue(receive().startsWith("SIP/2.0 200"));
        assertEquals(1, asked.size());

        verdict = Admission.Verdict.REFUSE; // overloaded from now on
        send(options("z9hG4bK-taken", ""));
        assertTrue(receive().startsWith("SIP/2.0 200"), "the transaction answers its retransmission again");
        assertEquals(1, asked.size(), "a retransmission is never put to the admission");
    }

    /** The same for an RFC 2543 request, whose transaction the socket's gate finds without a z9hG4bK branch. */
    @Test
    void aRetransmittedRfc2543RequestIsAbsorbedWithoutAsking() throws Exception {
        send(options("old-2543", ""));
        SipStackBridgeTest.Recorder.Event got = inbound.next();
        bridge.outbound().respond(udp, (ServerTransaction) got.data(), ((SIPRequest) got.message()).createResponse(200),
                false);
        assertTrue(receive().startsWith("SIP/2.0 200"));
        assertEquals(1, asked.size());

        verdict = Admission.Verdict.REFUSE; // overloaded from now on
        send(options("old-2543", ""));
        assertTrue(receive().startsWith("SIP/2.0 200"), "the transaction answers its retransmission again, no 503");
        assertEquals(1, asked.size(), "a retransmission is never put to the admission");
        send(options("old-2543-new", ""));
        assertTrue(receive().startsWith("SIP/2.0 503"), "a new RFC 2543 request is still refused");
    }

    @Test
    void anInDialogRequestIsAskedAsSuch() throws Exception {
        send(options("z9hG4bK-indialog", ";tag=srv1"));
        inbound.next();
        assertEquals(List.of(false), asked);
        assertFalse(asked.get(0), "a request with a To tag belongs to a dialog");
    }

    private static void fail(String reply) {
        org.junit.jupiter.api.Assertions.fail("expected no reply, got " + reply);
    }

    private void send(String text) throws Exception {
        byte[] bytes = text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        phone.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), udp.port()));
    }

    private String receive() throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
        phone.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    private String options(String branch, String toTag) {
        return """
                OPTIONS sip:server@127.0.0.1:%d SIP/2.0
                Via: SIP/2.0/UDP 127.0.0.1:%d;branch=%s
                Max-Forwards: 70
                To: <sip:server@127.0.0.1>%s
                From: <sip:phone@127.0.0.1>;tag=ph1
                Call-ID: valve-test-%s
                CSeq: 1 OPTIONS
                Content-Length: 0

                """.formatted(udp.port(), phone.getLocalPort(), branch, toTag, branch);
    }
}
