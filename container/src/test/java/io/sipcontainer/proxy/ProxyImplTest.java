package io.sipcontainer.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.servlet.sip.Proxy;
import jakarta.servlet.sip.TooManyHopsException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;

/**
 * The proxy's decisions (RFC 3261 16.7 and JSR 359 chapter 10) without a network: which response
 * goes upstream, which branches get a CANCEL, when the next sequential branch starts, and what a
 * timeout or a CANCEL from the caller does at each point of a branch's life.
 */
class ProxyImplTest {
    private final ProxyHarness h = new ProxyHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private Proxy proxyTo(SipServletRequestImpl invite, boolean parallel, String... targets) throws Exception {
        Proxy proxy = invite.getProxy();
        proxy.setParallel(parallel);
        proxy.setRecordRoute(false);
        proxy.proxyTo(java.util.Arrays.stream(targets).map(ProxyHarness::uri).toList());
        return proxy;
    }

    @Test
    void parallelBranchesAllLeaveWithOneLessMaxForwardsAndTheCallerGetsTrying() throws Exception {
        proxyTo(h.receiveInvite(), true, "sip:bob@192.0.2.21", "sip:bob@192.0.2.22");

        List<SIPRequest> sent = h.branchRequests("INVITE");
        assertEquals(2, sent.size());
        assertEquals("sip:bob@192.0.2.21", sent.get(0).getRequestURI().toString());
        assertEquals("sip:bob@192.0.2.22", sent.get(1).getRequestURI().toString());
        for (SIPRequest r : sent) {
            assertEquals(69, r.getMaxForwards().getMaxForwards());
            assertEquals(2, r.getViaHeaders().size(), "our Via on top of the caller's");
            assertEquals("192.0.2.10", r.getTopmostVia().getHost());
        }
        assertEquals(List.of(100), h.upstreamStatuses());
    }

    @Test
    void whenEveryBranchFailsTheLowestClassGoesUpstreamAfterTheServletSawIt() throws Exception {
        SipServletRequestImpl invite = h.receiveInvite();
        proxyTo(invite, true, "sip:a@192.0.2.21", "sip:b@192.0.2.22", "sip:c@192.0.2.23");
        List<SIPRequest> sent = h.branchRequests("INVITE");

        h.answer(sent.get(0), 503, "t1");
        h.answer(sent.get(1), 486, "t2");
        assertEquals(List.of(100), h.upstreamStatuses(), "nothing final while a branch is still out");
        h.answer(sent.get(2), 404, "t3");

        assertEquals(2, h.upstreamStatuses().size(), "100 Trying, then one final response");
        int best = h.upstreamStatuses().get(1);
        assertEquals(4, best / 100, "a 4xx beats a 5xx");
        assertTrue(invite.isFinalResponseSent());
        assertTrue(h.shownToServlet.stream().anyMatch(m -> m instanceof SipServletResponseImpl r
                && r.getStatus() == best), "a supervising servlet sees the best response before it leaves");
    }

    @Test
    void aChallengeIsPreferredAmongFourHundreds() throws Exception {
        proxyTo(h.receiveInvite(), true, "sip:a@192.0.2.21", "sip:b@192.0.2.22");
        List<SIPRequest> sent = h.branchRequests("INVITE");
        h.answer(sent.get(0), 404, "t1");
        h.answer(sent.get(1), 407, "t2");
        assertEquals(List.of(100, 407), h.upstreamStatuses());
    }

    @Test
    void aSuccessGoesUpstreamAtOnceAndCancelsTheBranchesStillRinging() throws Exception {
        proxyTo(h.receiveInvite(), true, "sip:a@192.0.2.21", "sip:b@192.0.2.22");
        List<SIPRequest> sent = h.branchRequests("INVITE");
        h.answer(sent.get(0), 180, "t1");
        h.answer(sent.get(1), 200, "t2");

        assertEquals(List.of(100, 180, 200), h.upstreamStatuses());
        SIPRequest cancel = h.outbound.last("CANCEL");
        assertNotNull(cancel, "the ringing branch is cancelled");
        assertEquals(sent.get(0).getRequestURI(), cancel.getRequestURI());
        assertTrue(cancel.getHeader("Reason").toString().contains("cause=200"), cancel.toString());
    }

    @Test
    void aProxiedSessionLetsGoOfItsInviteOnceAnsweredSoAHeldCallPinsNoMessages() throws Exception {
        SipServletRequestImpl invite = h.receiveInvite();
        proxyTo(invite, true, "sip:a@192.0.2.21");
        List<SIPRequest> sent = h.branchRequests("INVITE");
        h.answer(sent.get(0), 180, "t1");
        assertSame(invite, invite.sipSession().activeMessages().original(), "kept while the INVITE is pending");

        h.answer(sent.get(0), 200, "t1");

        assertEquals(List.of(100, 180, 200), h.upstreamStatuses());
        assertNull(invite.sipSession().activeMessages().original(),
                "the answered INVITE (and the Proxy, branches and transactions behind it) is not pinned for the call's life");
    }

    @Test
    void aLateSecondSuccessStillGoesUpstream() throws Exception {
        proxyTo(h.receiveInvite(), true, "sip:a@192.0.2.21", "sip:b@192.0.2.22");
        List<SIPRequest> sent = h.branchRequests("INVITE");
        h.answer(sent.get(0), 180, "t1");
        h.answer(sent.get(1), 200, "t2");
        h.answer(sent.get(0), 200, "t1"); // answered before our CANCEL arrived (RFC 3261 16.7 step 5)

        assertEquals(List.of(100, 180, 200, 200), h.upstreamStatuses());
    }

    @Test
    void aResponseThatCannotGoUpstreamIsDroppedWithAWarning() throws Exception {
        // issue 16 #8: a downstream 2xx whose only Via is ours has nowhere to go; that was a DEBUG line
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(Upstream.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            proxyTo(h.receiveInvite(), true, "sip:a@192.0.2.21", "sip:b@192.0.2.22");
            List<SIPRequest> sent = h.branchRequests("INVITE");
            h.answer(sent.get(0), 200, "t1");
            SIPResponse stripped = sent.get(1).createResponse(200);
            stripped.getTo().setTag("t2");
            stripped.getViaHeaders().removeLast(); // the caller's Via, below ours
            h.deliver(sent.get(1), stripped);

            assertEquals(List.of(100, 200), h.upstreamStatuses(), "nothing sent without a Via");
            assertTrue(lines.list.stream().anyMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN
                    && e.getFormattedMessage().contains("no Via left")), lines.list.toString());
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void aGlobalFailureCancelsTheOtherBranchesAndWins() throws Exception {
        proxyTo(h.receiveInvite(), true, "sip:a@192.0.2.21", "sip:b@192.0.2.22");
        List<SIPRequest> sent = h.branchRequests("INVITE");
        h.answer(sent.get(0), 180, "t1");
        h.answer(sent.get(1), 603, "t2");

        SIPRequest cancel = h.outbound.last("CANCEL");
        assertNotNull(cancel, "a 6xx cancels the other branches");
        assertEquals(sent.get(0).getRequestURI(), cancel.getRequestURI());
        h.answer(sent.get(0), 487, "t1");
        assertEquals(603, h.upstreamStatuses().get(h.upstreamStatuses().size() - 1));
    }

    @Test
    void serviceUnavailableIsForwardedAsServerError() throws Exception {
        proxyTo(h.receiveInvite(), true, "sip:a@192.0.2.21");
        h.answer(h.branchRequests("INVITE").get(0), 503, "t1");
        assertEquals(List.of(100, 500), h.upstreamStatuses(), "RFC 3261 16.7 step 6: 503 becomes 500");
    }

    @Test
    void sequentialForkingTriesTheNextTargetOnlyAfterAFailure() throws Exception {
        proxyTo(h.receiveInvite(), false, "sip:a@192.0.2.21", "sip:b@192.0.2.22");
        assertEquals(1, h.branchRequests("INVITE").size(), "one target at a time");

        h.answer(h.branchRequests("INVITE").get(0), 486, "t1");
        assertEquals(2, h.branchRequests("INVITE").size(), "the next target after a failure");
        assertEquals("sip:b@192.0.2.22", h.branchRequests("INVITE").get(1).getRequestURI().toString());
        assertEquals(List.of(100), h.upstreamStatuses(), "the 486 is not final for the caller yet");

        h.answer(h.branchRequests("INVITE").get(1), 200, "t2");
        assertEquals(List.of(100, 200), h.upstreamStatuses());
    }

    @Test
    void cancelFromTheCallerBeforeAnyProvisionalAnswers487AndCancelsWhenTheBranchRings() throws Exception {
        SipServletRequestImpl invite = h.receiveInvite();
        proxyTo(invite, true, "sip:a@192.0.2.21");
        SIPRequest branch = h.branchRequests("INVITE").get(0);

        h.proxies.cancel(invite);
        assertEquals(List.of(100, 487), h.upstreamStatuses());
        assertNull(h.outbound.last("CANCEL"), "no CANCEL before a provisional response (RFC 3261 9.1)");

        h.answer(branch, 180, "t1");
        assertNotNull(h.outbound.last("CANCEL"), "the CANCEL leaves once the branch answered provisionally");
        assertEquals(List.of(100, 487), h.upstreamStatuses(), "the 180 of a cancelled branch is not relayed");
    }

    @Test
    void cancelFromTheCallerAfterTheSuccessChangesNothing() throws Exception {
        SipServletRequestImpl invite = h.receiveInvite();
        proxyTo(invite, true, "sip:a@192.0.2.21");
        h.answer(h.branchRequests("INVITE").get(0), 200, "t1");

        h.proxies.cancel(invite);
        assertEquals(List.of(100, 200), h.upstreamStatuses());
        assertNull(h.outbound.last("CANCEL"));
    }

    @Test
    void aBranchWithNoFinalResponseTimesOutCancelsAndTheCallerGets408() throws Exception {
        SipServletRequestImpl invite = h.receiveInvite();
        Proxy proxy = invite.getProxy();
        proxy.setRecordRoute(false);
        proxy.setProxyTimeout(5);
        proxy.proxyTo(ProxyHarness.uri("sip:a@192.0.2.21"));
        h.answer(h.branchRequests("INVITE").get(0), 180, "t1");

        assertEquals(0, h.scheduler.runDueWithin(4), "not before its timeout");
        assertEquals(1, h.scheduler.runDueWithin(5));
        assertNotNull(h.outbound.last("CANCEL"), "a ringing branch that timed out is cancelled");
        assertEquals(List.of(100, 180, 408), h.upstreamStatuses());
    }

    @Test
    void finalResponsesTheProxyMakesUpCarryAToTagAndTheTryingNone() throws Exception {
        // RFC 3261 8.2.6.2, issue 16 #7: the 408 of a branch that never answered had no To tag
        SipServletRequestImpl invite = h.receiveInvite();
        Proxy proxy = invite.getProxy();
        proxy.setRecordRoute(false);
        proxy.setProxyTimeout(5);
        proxy.proxyTo(ProxyHarness.uri("sip:a@192.0.2.21"));
        assertEquals(1, h.scheduler.runDueWithin(5));
        assertEquals(List.of(100, 408), h.upstreamStatuses());
        assertNull(h.outbound.responses.get(0).getToTag(), "100 Trying has no To tag");
        assertNotNull(h.outbound.responses.get(1).getToTag(), "408 without To tag");

        SipServletRequestImpl cancelled = h.receiveInvite();
        proxyTo(cancelled, true, "sip:b@192.0.2.22");
        h.proxies.cancel(cancelled);
        SIPResponse last = h.outbound.responses.get(h.outbound.responses.size() - 1);
        assertEquals(487, last.getStatusCode());
        assertNotNull(last.getToTag(), "487 without To tag");
    }

    @Test
    void aFinalResponseStopsTheBranchTimer() throws Exception {
        SipServletRequestImpl invite = h.receiveInvite();
        Proxy proxy = invite.getProxy();
        proxy.setProxyTimeout(5);
        proxy.proxyTo(ProxyHarness.uri("sip:a@192.0.2.21"));
        h.answer(h.branchRequests("INVITE").get(0), 486, "t1");
        assertEquals(0, h.scheduler.pending());
    }

    @Test
    void maxForwardsZeroCannotBeProxied() {
        SipServletRequestImpl invite = h.receive("""
                INVITE sip:bob@biloxi.example.com SIP/2.0
                Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds
                Max-Forwards: 0
                To: Bob <sip:bob@biloxi.example.com>
                From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
                Call-ID: mf0@pc33.atlanta.example.com
                CSeq: 1 INVITE
                Content-Length: 0

                """);
        assertThrows(TooManyHopsException.class, invite::getProxy);
    }

    @Test
    void recordRouteNamesThisServerAndTheSession() throws Exception {
        SipServletRequestImpl invite = h.receiveInvite();
        Proxy proxy = invite.getProxy();
        proxy.setRecordRoute(true);
        proxy.proxyTo(ProxyHarness.uri("sip:a@192.0.2.21"));
        String rr = h.branchRequests("INVITE").get(0).getHeader("Record-Route").toString();
        assertTrue(rr.contains("192.0.2.10") && rr.contains(";lr"), rr);
        assertTrue(rr.contains(RecordRoutes.SESSION_PARAM + "="), rr);
    }
}
