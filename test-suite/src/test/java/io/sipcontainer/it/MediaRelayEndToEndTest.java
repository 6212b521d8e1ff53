package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.RtpPeer;
import io.sipcontainer.it.support.RtpengineDaemon;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.Sipp;
import io.sipcontainer.it.support.SippResult;
import io.sipcontainer.service.MediaRelayException;
import io.sipcontainer.service.MediaRelayService;
import io.sipcontainer.service.MediaRelayService.MediaCall;
import io.sipcontainer.service.Statistics;

/**
 * rtpengine_manage in the default proxy application, end to end: a SIPp caller calls a SIPp callee
 * through the proxy with media relay configured and the real rtpengine daemon running. Each side
 * must be given rtpengine's ports in the SDP it receives (the INVITE's offer for the callee, the
 * 200's answer for the caller), RTP sent by each side's socket reaches the other through those
 * ports, and the media session is gone after the BYE; the same with a late offer (the 200 offers,
 * the ACK answers); a call the callee rejects is deleted at its failure, one the caller cancels at
 * its CANCEL.
 */
class MediaRelayEndToEndTest {
    private static final Duration CALL_LIMIT = Duration.ofSeconds(40);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static RtpengineDaemon daemon;

    @TempDir
    static Path daemonDir;
    @TempDir
    Path home;
    private ServerFixture fixture;

    @BeforeAll
    static void startDaemon() throws Exception {
        Sipp.require();
        daemon = RtpengineDaemon.start(daemonDir);
    }

    @AfterAll
    static void stopDaemon() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @AfterEach
    void stopServer() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private void start(String... settings) throws Exception {
        fixture = new ServerFixture(home)
                .dar(Files.readString(Path.of("..", "conf", "dar.properties"), StandardCharsets.UTF_8))
                .configure(b -> {
                    for (int i = 0; i < settings.length; i += 2) {
                        b.moduleParam(settings[i], settings[i + 1]);
                    }
                    return b;
                });
        DefaultProxyTest.deploy("proxy", fixture.deployDir());
        fixture.start();
    }

    /** The value logged by a SIPp {@code <log message="name=value"/>}, or null before it is logged. */
    private static String logged(Path log, String name) {
        try {
            if (!Files.exists(log)) {
                return null;
            }
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "=(\\S+)").matcher(Files.readString(log));
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String awaitLogged(Path log, String name) {
        Poll.until(() -> logged(log, name) != null, WAIT, () -> "SIPp did not log " + name + " in " + log);
        return logged(log, name);
    }

    private void assertRtpenginePort(int port, String side) {
        assertTrue(port >= daemon.portMin() && port <= daemon.portMax(), side + " was given port " + port
                + ", not one of rtpengine's " + daemon.portMin() + "-" + daemon.portMax());
    }

    private long stat(String name) {
        Long v = fixture.server().services().get(Statistics.class).snapshot("rtpengine:" + name).get("rtpengine:" + name);
        return v == null ? -1 : v;
    }

    @Test
    void proxiedCallGetsRtpenginePortsBothWaysRelaysRtpAndIsDeletedAtBye() throws Exception {
        try (RtpPeer callerMedia = new RtpPeer(); RtpPeer calleeMedia = new RtpPeer()) {
            Path callerLog = home.resolve("caller.log");
            Path calleeLog = home.resolve("callee.log");
            Sipp bob = Sipp.scenario("sipp/rtpengine-uas-answer.xml").calls(1).timeout(CALL_LIMIT)
                    .recvTimeout(Duration.ofSeconds(30))
                    .args("-key", "rtp_port", Integer.toString(calleeMedia.port()), "-trace_logs", "-log_file",
                            calleeLog.toString());
            start("proxy.static_location", "bob=sip:bob@127.0.0.1:" + bob.localPort(),
                    "rtpengine.rtpengine_sock", daemon.socket());
            Sipp alice = Sipp.scenario("sipp/rtpengine-uac-call.xml").remote(fixture.udpPort()).udp().service("bob")
                    .calls(1).timeout(CALL_LIMIT).recvTimeout(Duration.ofSeconds(30))
                    .args("-key", "rtp_port", Integer.toString(callerMedia.port()), "-trace_logs", "-log_file",
                            callerLog.toString());
            try (Sipp.Running callee = bob.start(); Sipp.Running caller = alice.start()) {
                int calleeSendsTo = Integer.parseInt(awaitLogged(calleeLog, "offer-port"));
                int callerSendsTo = Integer.parseInt(awaitLogged(callerLog, "answer-port"));
                assertRtpenginePort(calleeSendsTo, "the callee (in the INVITE)");
                assertRtpenginePort(callerSendsTo, "the caller (in the 200)");
                assertNotEquals(calleeSendsTo, callerSendsTo);
                assertEquals("127.0.0.1", logged(calleeLog, "offer-address"));
                assertEquals("127.0.0.1", logged(callerLog, "answer-address"));

                assertEquals(calleeSendsTo, callerMedia.sendUntilReceived(callerSendsTo, (byte) 0x31, calleeMedia,
                        Duration.ofSeconds(4)), "the callee gets the caller's RTP from rtpengine's port");
                assertEquals(callerSendsTo, calleeMedia.sendUntilReceived(calleeSendsTo, (byte) 0x32, callerMedia,
                        Duration.ofSeconds(4)), "the caller gets the callee's RTP from rtpengine's port");

                MediaCall call = new MediaCall(awaitLogged(callerLog, "call-id"), awaitLogged(callerLog, "from-tag"),
                        null, null, null);
                MediaRelayService media = fixture.server().services().get(MediaRelayService.class);
                Map<String, Object> query = media.query(call);
                assertTrue(((Map<?, ?>) query.get("tags")).containsKey(call.fromTag()), query.toString());

                SippResult hungUp = caller.awaitResult();
                assertTrue(hungUp.allSucceeded(), "caller: " + hungUp);
                assertTrue(callee.awaitResult().allSucceeded(), "callee");
                Poll.until(() -> gone(media, call), WAIT, () -> "rtpengine still has call " + call.callId());
            }
            assertEquals(1, stat("offers"));
            assertEquals(1, stat("answers"));
            assertEquals(1, stat("deletes"), "one delete, at the BYE");
            assertEquals(1, stat("failures"), "only the test's last query, which found the call gone");
        }
    }

    @Test
    void lateOfferInThe200IsOfferedAndTheAckAnsweredSoRtpFlowsBothWays() throws Exception {
        try (RtpPeer callerMedia = new RtpPeer(); RtpPeer calleeMedia = new RtpPeer()) {
            Path callerLog = home.resolve("caller.log");
            Path calleeLog = home.resolve("callee.log");
            Sipp bob = Sipp.scenario("sipp/rtpengine-uas-late.xml").calls(1).timeout(CALL_LIMIT)
                    .recvTimeout(Duration.ofSeconds(30))
                    .args("-key", "rtp_port", Integer.toString(calleeMedia.port()), "-trace_logs", "-log_file",
                            calleeLog.toString());
            start("proxy.static_location", "bob=sip:bob@127.0.0.1:" + bob.localPort(),
                    "rtpengine.rtpengine_sock", daemon.socket());
            Sipp alice = Sipp.scenario("sipp/rtpengine-uac-late.xml").remote(fixture.udpPort()).udp().service("bob")
                    .calls(1).timeout(CALL_LIMIT).recvTimeout(Duration.ofSeconds(30))
                    .args("-key", "rtp_port", Integer.toString(callerMedia.port()), "-trace_logs", "-log_file",
                            callerLog.toString());
            try (Sipp.Running callee = bob.start(); Sipp.Running caller = alice.start()) {
                int callerSendsTo = Integer.parseInt(awaitLogged(callerLog, "offer-port"));
                int calleeSendsTo = Integer.parseInt(awaitLogged(calleeLog, "answer-port"));
                assertRtpenginePort(callerSendsTo, "the caller (in the 200's offer)");
                assertRtpenginePort(calleeSendsTo, "the callee (in the ACK's answer)");
                assertEquals(calleeSendsTo, callerMedia.sendUntilReceived(callerSendsTo, (byte) 0x41, calleeMedia,
                        Duration.ofSeconds(4)), "the callee gets the caller's RTP from rtpengine's port");
                assertEquals(callerSendsTo, calleeMedia.sendUntilReceived(calleeSendsTo, (byte) 0x42, callerMedia,
                        Duration.ofSeconds(4)), "the caller gets the callee's RTP from rtpengine's port");
                assertTrue(caller.awaitResult().allSucceeded(), "caller");
                assertTrue(callee.awaitResult().allSucceeded(), "callee");
            }
            MediaCall call = new MediaCall(awaitLogged(callerLog, "call-id"), awaitLogged(callerLog, "from-tag"), null,
                    null, null);
            MediaRelayService media = fixture.server().services().get(MediaRelayService.class);
            Poll.until(() -> gone(media, call), WAIT, () -> "rtpengine still has call " + call.callId());
            assertEquals(1, stat("offers"), "the 200's SDP");
            assertEquals(1, stat("answers"), "the ACK's SDP");
            assertEquals(1, stat("deletes"));
        }
    }

    @Test
    void callTheCalleeRejectsIsDeletedAtItsFailure() throws Exception {
        Path callerLog = home.resolve("caller.log");
        Sipp bob = Sipp.scenario("sipp/proxy-uas-busy.xml").calls(1).timeout(CALL_LIMIT)
                .recvTimeout(Duration.ofSeconds(30));
        start("proxy.static_location", "bob=sip:bob@127.0.0.1:" + bob.localPort(),
                "rtpengine.rtpengine_sock", daemon.socket());
        Sipp alice = Sipp.scenario("sipp/rtpengine-uac-busy.xml").remote(fixture.udpPort()).udp().service("bob")
                .calls(1).timeout(CALL_LIMIT).recvTimeout(Duration.ofSeconds(30))
                .args("-key", "rtp_port", "4000", "-trace_logs", "-log_file", callerLog.toString());
        try (Sipp.Running callee = bob.start(); Sipp.Running caller = alice.start()) {
            SippResult busy = caller.awaitResult();
            assertTrue(busy.allSucceeded(), "caller: " + busy);
            assertTrue(callee.awaitResult().allSucceeded(), "callee");
        }
        MediaCall call = new MediaCall(awaitLogged(callerLog, "call-id"), awaitLogged(callerLog, "from-tag"), null,
                null, null);
        MediaRelayService media = fixture.server().services().get(MediaRelayService.class);
        Poll.until(() -> gone(media, call), WAIT, () -> "rtpengine still has call " + call.callId());
        assertEquals(1, stat("offers"));
        assertEquals(0, stat("answers"));
        assertEquals(1, stat("deletes"), "one delete, at the 486");
    }

    @Test
    void callTheCallerCancelsIsDeleted() throws Exception {
        Path callerLog = home.resolve("caller.log");
        Sipp bob = Sipp.scenario("sipp/proxy-uas-ring-cancel.xml").calls(1).timeout(CALL_LIMIT)
                .recvTimeout(Duration.ofSeconds(30));
        start("proxy.static_location", "bob=sip:bob@127.0.0.1:" + bob.localPort(),
                "rtpengine.rtpengine_sock", daemon.socket());
        Sipp alice = Sipp.scenario("sipp/rtpengine-uac-cancel.xml").remote(fixture.udpPort()).udp().service("bob")
                .calls(1).timeout(CALL_LIMIT).recvTimeout(Duration.ofSeconds(30))
                .args("-key", "rtp_port", "4000", "-trace_logs", "-log_file", callerLog.toString());
        try (Sipp.Running callee = bob.start(); Sipp.Running caller = alice.start()) {
            SippResult cancelled = caller.awaitResult();
            assertTrue(cancelled.allSucceeded(), "caller: " + cancelled);
            assertTrue(callee.awaitResult().allSucceeded(), "callee");
        }
        MediaCall call = new MediaCall(awaitLogged(callerLog, "call-id"), awaitLogged(callerLog, "from-tag"), null,
                null, null);
        MediaRelayService media = fixture.server().services().get(MediaRelayService.class);
        Poll.until(() -> gone(media, call), WAIT, () -> "rtpengine still has call " + call.callId());
        assertEquals(1, stat("offers"));
        assertTrue(stat("deletes") >= 1, "deleted at the CANCEL");
    }

    private static boolean gone(MediaRelayService media, MediaCall call) {
        try {
            media.query(call);
            return false;
        } catch (MediaRelayException e) {
            assertFalse(e.isTimeout(), e.getMessage());
            return true;
        }
    }
}
