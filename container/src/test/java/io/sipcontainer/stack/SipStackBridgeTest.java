package io.sipcontainer.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.sip.ClientTransaction;
import javax.sip.ServerTransaction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.stats.SipCounters;
import io.sipcontainer.stats.StatisticsRegistry;
import io.sipcontainer.transport.Connector;
import io.sipcontainer.transport.Inbound;
import io.sipcontainer.transport.Outbound;

/**
 * The JAIN-SIP bridge on a real loopback UDP socket, with a plain datagram socket as the phone:
 * what reaches {@link Inbound} (once per transaction, with the data a client transaction was
 * opened with) and what {@link Outbound} puts on the wire.
 */
class SipStackBridgeTest {
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final Recorder inbound = new Recorder();
    private SipStackBridge bridge;
    private Connector udp;
    private DatagramSocket phone;

    /** What the bridge delivered, in order, for the test to poll with a deadline. */
    static final class Recorder implements Inbound {
        record Event(String kind, Object message, Object data) { }

        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        /** Transaction ends, apart: they come late (wt_timer, Timer K) and only some tests wait for them. */
        final BlockingQueue<Event> ends = new LinkedBlockingQueue<>();

        @Override
        public void request(SIPRequest request, ServerTransaction st, Connector via) {
            events.add(new Event("request", request, st));
        }

        @Override
        public Object response(SIPResponse response, Object data, Connector via) {
            events.add(new Event("response", response, data));
            return data;
        }

        @Override
        public void timeout(Object data) {
            events.add(new Event("timeout", null, data));
        }

        @Override
        public void transactionEnded(Object data, String branchId) {
            ends.add(new Event("ended", branchId, data));
        }

        Event next() throws InterruptedException {
            Event e = events.poll(5, TimeUnit.SECONDS);
            assertNotNull(e, "nothing reached Inbound within 5 s");
            return e;
        }
    }

    @BeforeEach
    void start() throws Exception {
        // wt_timer 1 s, so that a test can see a finished transaction go without waiting 5 s
        bridge = new SipStackBridge(StackProperties.forStack(ServerConfig.builder().waitTimer(Duration.ofSeconds(1)).build(),
                "bridge-test-" + UUID.randomUUID()), scheduler);
        bridge.start(List.of(ListenSocket.of("udp", "127.0.0.1", 0)), inbound, new SipCounters(new StatisticsRegistry()));
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

    private void phoneSends(String text) throws Exception {
        byte[] bytes = text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        phone.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), udp.port()));
    }

    private String phoneReceives() throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
        phone.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    private String options(String branch) {
        return """
                OPTIONS sip:server@127.0.0.1:%d SIP/2.0
                Via: SIP/2.0/UDP 127.0.0.1:%d;branch=%s
                Max-Forwards: 70
                To: <sip:server@127.0.0.1>
                From: <sip:phone@127.0.0.1>;tag=ph1
                Call-ID: bridge-test-%s
                CSeq: 1 OPTIONS
                Content-Length: 0

                """.formatted(udp.port(), phone.getLocalPort(), branch, branch);
    }

    @Test
    void aRequestArrivesOnceWithItsServerTransactionAndItsRetransmissionGetsTheSameAnswer() throws Exception {
        phoneSends(options("z9hG4bK-bridge-1"));
        Recorder.Event got = inbound.next();
        assertEquals("request", got.kind());
        SIPRequest request = (SIPRequest) got.message();
        ServerTransaction st = (ServerTransaction) got.data();
        assertNotNull(st, "a non-ACK request comes with its server transaction");
        assertEquals("z9hG4bK-bridge-1", st.getBranchId());

        bridge.outbound().respond(udp, st, request.createResponse(200), false);
        assertTrue(phoneReceives().startsWith("SIP/2.0 200"));

        phoneSends(options("z9hG4bK-bridge-1")); // a retransmission: the stack answers it again
        assertTrue(phoneReceives().startsWith("SIP/2.0 200"));
        assertNull(inbound.events.poll(300, TimeUnit.MILLISECONDS), "the retransmission never reaches Inbound");
    }

    @Test
    void aFinishedTransactionStaysWtTimerNotTimerJThenARetransmissionIsANewRequest() throws Exception {
        phoneSends(options("z9hG4bK-bridge-wt"));
        Recorder.Event got = inbound.next();
        bridge.outbound().respond(udp, (ServerTransaction) got.data(), ((SIPRequest) got.message()).createResponse(200), false);
        assertTrue(phoneReceives().startsWith("SIP/2.0 200"));
        assertEquals(1, bridge.serverTransactionCount());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15); // Timer J would keep it 32 s
        while (bridge.serverTransactionCount() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertEquals(0, bridge.serverTransactionCount(), "the transaction ended after wt_timer");
        // it ended whole, having let go of its request (LeanServerTransaction): a late copy of the
        // request now opens a new transaction instead of being absorbed
        assertNull(((ServerTransaction) got.data()).getRequest(), "nothing kept after the end");
        phoneSends(options("z9hG4bK-bridge-wt"));
        assertEquals("request", inbound.next().kind());
    }

    @Test
    void anRfc2543RequestIsMatchedAgainstTransactionsThatLetGoOfTheirRequest() throws Exception {
        // a completed transaction keeps no request (LeanServerTransaction); the RI compares a request
        // without a z9hG4bK branch with every server transaction, which needed that request (an NPE
        // inside the stack, and the request lost, before)
        phoneSends(options("z9hG4bK-bridge-kept"));
        Recorder.Event got = inbound.next();
        bridge.outbound().respond(udp, (ServerTransaction) got.data(), ((SIPRequest) got.message()).createResponse(200), false);
        assertTrue(phoneReceives().startsWith("SIP/2.0 200"));

        phoneSends(options("unused").replace(";branch=unused", ""));
        Recorder.Event old = inbound.next();
        assertEquals("request", old.kind(), "the RFC 2543 request reached Inbound");
        assertNull(((SIPRequest) old.message()).getTopmostVia().getBranch());
    }

    @Test
    void datagramsOfEverySizeArriveWholeThroughTheReusedReceiveBuffer() throws Exception {
        // one receive buffer serves every datagram: a large one must not leave bytes for the small one after it
        String padding = "x".repeat(9000);
        phoneSends(options("z9hG4bK-bridge-big").replace("Max-Forwards: 70\n", "Max-Forwards: 70\nX-Pad: " + padding + "\n"));
        phoneSends(options("z9hG4bK-bridge-small"));
        SIPRequest big = (SIPRequest) inbound.next().message();
        SIPRequest small = (SIPRequest) inbound.next().message();
        if (big.getHeader("X-Pad") == null) { // the two may be handed to different stack threads
            SIPRequest t = big;
            big = small;
            small = t;
        }
        assertEquals(padding, ((javax.sip.header.ExtensionHeader) big.getHeader("X-Pad")).getValue());
        assertNull(small.getHeader("X-Pad"));
        assertEquals("z9hG4bK-bridge-small", small.getTopmostVia().getBranch());
    }

    @Test
    void aRequestOfAnotherSipVersionIsAnswered505BelowInbound() throws Exception {
        // JAIN-SIP's UDP and TCP channels answer 505 themselves, but only see the version if the parser keeps it
        phoneSends(options("z9hG4bK-bridge-v3").replaceFirst(" SIP/2\\.0\n", " SIP/3.0\n"));
        String reply = phoneReceives();
        assertTrue(reply.startsWith("SIP/2.0 505 "), reply);
        assertNull(inbound.events.poll(300, TimeUnit.MILLISECONDS), "no application could see the request");
    }

    @Test
    void anAckComesWithoutATransaction() throws Exception {
        phoneSends("""
                ACK sip:server@127.0.0.1:%d SIP/2.0
                Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-bridge-ack
                Max-Forwards: 70
                To: <sip:server@127.0.0.1>;tag=srv
                From: <sip:phone@127.0.0.1>;tag=ph1
                Call-ID: bridge-test-ack
                CSeq: 1 ACK
                Content-Length: 0

                """.formatted(udp.port(), phone.getLocalPort()));
        Recorder.Event got = inbound.next();
        assertEquals("ACK", ((SIPRequest) got.message()).getMethod());
        assertNull(got.data());
    }

    @Test
    void aClientTransactionBringsItsResponsesBackWithItsData() throws Exception {
        SIPRequest request = (SIPRequest) bridge.messageFactory().createRequest("""
                MESSAGE sip:phone@127.0.0.1:%d SIP/2.0
                Max-Forwards: 70
                To: <sip:phone@127.0.0.1>
                From: <sip:server@127.0.0.1>;tag=srv1
                Call-ID: bridge-test-client
                CSeq: 1 MESSAGE
                Content-Length: 0

                """.formatted(phone.getLocalPort()).replace("\n", "\r\n"));
        request.addFirst(bridge.headerFactory().createViaHeader(udp.advertisedHost(), udp.port(), "udp", null));
        Object data = new Object();
        Outbound out = bridge.outbound();
        ClientTransaction ct = out.newClientTransaction(udp, request, data);
        out.send(ct);

        String received = phoneReceives();
        assertTrue(received.startsWith("MESSAGE sip:phone@127.0.0.1"), received);
        SIPRequest onWire = (SIPRequest) bridge.messageFactory().createRequest(received);
        SIPResponse ok = onWire.createResponse(200);
        byte[] bytes = ok.encode().getBytes(StandardCharsets.UTF_8);
        phone.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), udp.port()));

        Recorder.Event got = inbound.next();
        assertEquals("response", got.kind());
        assertEquals(200, ((SIPResponse) got.message()).getStatusCode());
        assertSame(data, got.data(), "the response comes back with what the transaction was opened with");
    }

    /** An INVITE sent, answered 200; returns the client transaction. */
    private ClientTransaction inviteAnswered200(Object data) throws Exception {
        SIPRequest request = (SIPRequest) bridge.messageFactory().createRequest("""
                INVITE sip:phone@127.0.0.1:%d SIP/2.0
                Max-Forwards: 70
                To: <sip:phone@127.0.0.1>
                From: <sip:server@127.0.0.1>;tag=srv2
                Call-ID: bridge-test-lean-client
                CSeq: 1 INVITE
                Contact: <sip:server@127.0.0.1:%d>
                Content-Length: 0

                """.formatted(phone.getLocalPort(), udp.port()).replace("\n", "\r\n"));
        request.addFirst(bridge.headerFactory().createViaHeader(udp.advertisedHost(), udp.port(), "udp", null));
        ClientTransaction ct = bridge.outbound().newClientTransaction(udp, request, data);
        bridge.outbound().send(ct);
        SIPRequest onWire = (SIPRequest) bridge.messageFactory().createRequest(phoneReceives());
        SIPResponse ok = onWire.createResponse(200);
        ok.getTo().setTag("ph2");
        ok.setHeader(bridge.headerFactory().createHeader("Contact", "<sip:phone@127.0.0.1:" + phone.getLocalPort() + ">"));
        byte[] bytes = ok.encode().getBytes(StandardCharsets.UTF_8);
        phone.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), udp.port()));
        assertEquals(200, ((SIPResponse) inbound.next().message()).getStatusCode());
        return ct;
    }

    @Test
    void anAnsweredInviteTransactionEndsWithItsDataAndLetsGoOfItsRequest() throws Exception {
        Object data = new Object();
        ClientTransaction ct = inviteAnswered200(data);
        assertTrue(ct instanceof LeanClientTransaction, ct.getClass().getName());
        assertNotNull(ct.getRequest(), "while the transaction is in the stack's table");

        Recorder.Event ended = inbound.ends.poll(5, TimeUnit.SECONDS);
        assertNotNull(ended, "the transaction ended a timer tick after its 2xx");
        assertSame(data, ended.data());
        assertEquals(ct.getBranchId(), ended.message());
        // the RI would have encoded the whole INVITE again here, for callers the container does not have;
        // that happens right after the event, on the timer thread
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ct.getRequest() != null && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertNull(ct.getRequest());
        assertEquals(0, bridge.clientTransactionCount());
    }

    @Test
    void aCompletedNonInviteTransactionAbsorbsA200AgainThenEndsAfterTimerK() throws Exception {
        SIPRequest request = (SIPRequest) bridge.messageFactory().createRequest("""
                MESSAGE sip:phone@127.0.0.1:%d SIP/2.0
                Max-Forwards: 70
                To: <sip:phone@127.0.0.1>
                From: <sip:server@127.0.0.1>;tag=srv3
                Call-ID: bridge-test-lean-message
                CSeq: 1 MESSAGE
                Content-Length: 0

                """.formatted(phone.getLocalPort()).replace("\n", "\r\n"));
        request.addFirst(bridge.headerFactory().createViaHeader(udp.advertisedHost(), udp.port(), "udp", null));
        Object data = new Object();
        ClientTransaction ct = bridge.outbound().newClientTransaction(udp, request, data);
        bridge.outbound().send(ct);
        SIPRequest onWire = (SIPRequest) bridge.messageFactory().createRequest(phoneReceives());
        byte[] ok = onWire.createResponse(200).encode().getBytes(StandardCharsets.UTF_8);
        phone.send(new DatagramPacket(ok, ok.length, InetAddress.getLoopbackAddress(), udp.port()));
        assertEquals(200, ((SIPResponse) inbound.next().message()).getStatusCode());

        // completed: the request is let go of (the RI encodes it to bytes), yet a copy of the 200 is still matched
        phone.send(new DatagramPacket(ok, ok.length, InetAddress.getLoopbackAddress(), udp.port()));
        assertNull(inbound.events.poll(300, TimeUnit.MILLISECONDS), "the copy of the 200 was absorbed");
        assertNull(ct.getRequest());

        Recorder.Event ended = inbound.ends.poll(10, TimeUnit.SECONDS); // Timer K, T4 = 5 s over UDP
        assertNotNull(ended, "the transaction ended after Timer K");
        assertSame(data, ended.data());
        assertEquals(0, bridge.clientTransactionCount());
    }

    @Test
    void aResponseNoTransactionWantsIsDroppedBelowInbound() throws Exception {
        phoneSends("""
                SIP/2.0 200 OK
                Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-nobody-sent-this
                To: <sip:phone@127.0.0.1>;tag=x
                From: <sip:server@127.0.0.1>;tag=y
                Call-ID: bridge-test-stray
                CSeq: 1 MESSAGE
                Content-Length: 0

                """.formatted(udp.port()));
        // a request sent afterwards arrives: the stray response before it was dropped, not queued
        phoneSends(options("z9hG4bK-bridge-after-stray"));
        Recorder.Event got = inbound.next();
        assertEquals("request", got.kind(), "the stray response never reached Inbound");
    }

    @Test
    void stoppingTakesNoBlindSecondAndLeavesTheCallersInterruptFlagAsItWas() throws Exception {
        // the RI's stopStack sleeps a second after closing everything; OrderedSipStack cuts it short
        for (boolean callerInterrupted : new boolean[] {false, true}) {
            SipStackBridge other = new SipStackBridge(StackProperties.forStack(ServerConfig.builder().build(),
                    "bridge-stop-test-" + UUID.randomUUID()), scheduler);
            other.start(List.of(ListenSocket.of("udp", "127.0.0.1", 0), ListenSocket.of("tcp", "127.0.0.1", 0)),
                    inbound, new SipCounters(new StatisticsRegistry()));
            if (callerInterrupted) {
                Thread.currentThread().interrupt();
            }
            long started = System.nanoTime();
            other.stop();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(callerInterrupted, Thread.interrupted(), "the caller's flag is as it was");
            assertTrue(tookMillis < 1000, "stopped in " + tookMillis + " ms");
        }
    }

    @Test
    void theListenSocketIsBoundAndAdvertised() {
        assertEquals("udp", udp.transport());
        assertEquals("127.0.0.1", udp.host());
        assertTrue(udp.port() > 0);
        assertEquals(udp, bridge.connectors().get(0));
    }
}
