package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.example.testapps.B2buaServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.DarText;
import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;

/**
 * A B2BUA application built on the B2buaHelper bridges a caller agent and a callee agent through
 * the server: both legs are separate dialogs (own Call-ID, tags, CSeq), INVITE, provisional and
 * final responses, ACK, BYE from either side, CANCEL and errors cross from one leg to the other,
 * a forked callee's early dialogs each reach the caller as dialogs of their own, and every session
 * is gone once the call is over.
 */
class B2buaTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path home;
    private ServerFixture fixture;
    private SipAgent caller;
    private SipAgent callee;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(home).dar(DarText.route("INVITE", "b2bua"));
        fixture.deploy(SarBuilder.named("b2bua.sar")
                .sipXml(SarBuilder.sipXml("b2bua", "b2bua", B2buaServlet.class.getName()))
                .withClasses(B2buaServlet.class));
        fixture.start();
        caller = new SipAgent();
        callee = new SipAgent();
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {caller, callee, fixture}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    @Test
    void callIsBridgedAndCallerHangupEndsBothLegs() {
        Call call = answeredCall();

        Request bye = caller.newInDialogRequest(call.ok, Request.BYE);
        ClientTransaction byeTx = caller.send(bye);
        RequestEvent byeOut = callee.awaitRequest(Request.BYE, WAIT);
        assertEquals(callId(call.invite.getRequest()), callId(byeOut.getRequest()));
        assertEquals(call.calleeTag, ((ToHeader) byeOut.getRequest().getHeader(ToHeader.NAME)).getTag());
        callee.respond(byeOut, 200);
        assertEquals(200, caller.awaitFinalResponse(byeTx, WAIT).getStatusCode(), "the callee's 200 reaches the caller");

        awaitNoSessions();
    }

    @Test
    void updateCrossesWithThisServersContactInTheRequestAndIts200() {
        // RFC 3311 5.1/5.2, issue 16 #6: UPDATE and its 2xx left without a Contact
        Call call = answeredCall();

        ClientTransaction updateTx = caller.send(caller.newInDialogRequest(call.ok, Request.UPDATE));
        RequestEvent updateOut = callee.awaitRequest(Request.UPDATE, WAIT);
        ContactHeader contact = (ContactHeader) updateOut.getRequest().getHeader(ContactHeader.NAME);
        assertNotNull(contact, "the relayed UPDATE has a Contact");
        assertTrue(contact.getAddress().getURI().toString().contains(":" + fixture.udpPort()), contact.toString());
        callee.respond(updateOut, 200);
        Response ok = caller.awaitFinalResponse(updateTx, WAIT);
        assertEquals(200, ok.getStatusCode());
        assertNotNull(ok.getHeader(ContactHeader.NAME), "the 200 to UPDATE has a Contact");
    }

    @Test
    void calleeHangupEndsBothLegs() {
        Call call = answeredCall();

        ClientTransaction byeTx = callee.send(callee.newCalleeRequest(call.invite, call.calleeOk, Request.BYE));
        RequestEvent byeIn = caller.awaitRequest(Request.BYE, WAIT);
        Request callerBye = byeIn.getRequest();
        assertEquals(callId(call.callerInvite), callId(callerBye));
        assertEquals(fromTag(call.callerInvite), ((ToHeader) callerBye.getHeader(ToHeader.NAME)).getTag(),
                "the BYE is in the caller's dialog");
        assertEquals(toTag(call.ok), ((FromHeader) callerBye.getHeader(FromHeader.NAME)).getTag());
        caller.respond(byeIn, 200);
        assertEquals(200, callee.awaitFinalResponse(byeTx, WAIT).getStatusCode(), "the caller's 200 reaches the callee");

        awaitNoSessions();
    }

    @Test
    void callerCancelBeforeAnswerCancelsTheCalleeAndGets487() throws Exception {
        Request invite = callerInvite();
        ClientTransaction inviteTx = caller.send(invite);
        RequestEvent out = callee.awaitRequest(Request.INVITE, WAIT);
        callee.respond(out, 180);
        assertEquals(180, awaitProvisional(caller).getStatusCode());

        ClientTransaction cancelTx = caller.send(inviteTx.createCancel());
        assertEquals(200, caller.awaitFinalResponse(cancelTx, WAIT).getStatusCode());
        RequestEvent cancel = callee.awaitRequest(Request.CANCEL, WAIT);
        callee.respond(cancel, 200);
        callee.respond(out, 487);

        assertEquals(487, caller.awaitFinalResponse(inviteTx, WAIT).getStatusCode());
        awaitNoSessions();
    }

    @Test
    void calleeBusyReachesTheCaller() {
        ClientTransaction inviteTx = caller.send(callerInvite());
        RequestEvent out = callee.awaitRequest(Request.INVITE, WAIT);
        callee.respond(out, 486);

        Response busy = caller.awaitFinalResponse(inviteTx, WAIT);
        assertEquals(486, busy.getStatusCode());
        assertNotNull(toTag(busy));
        awaitNoSessions();
    }

    @Test
    void forkedEarlyDialogsReachTheCallerAsSeparateDialogsAndTheAnsweredForkIsBridged() {
        ClientTransaction inviteTx = caller.send(callerInvite());
        RequestEvent out = callee.awaitRequest(Request.INVITE, WAIT);
        // one at a time: the caller's stack hands messages to threads, and a 180 overtaken by the
        // 200 would be dropped by its transaction
        callee.respond(out, withToTag(callee.createResponse(out, 180), "fork-1"));
        Response ringing1 = awaitProvisional(caller);
        callee.respond(out, withToTag(callee.createResponse(out, 180), "fork-2"));
        Response ringing2 = awaitProvisional(caller);
        Response answer = withToTag(callee.createResponse(out, 200), "fork-2");
        callee.attachSdp(answer);
        callee.respond(out, answer);
        Response ok = caller.awaitFinalResponse(inviteTx, WAIT);
        assertEquals(200, ok.getStatusCode());
        assertNotEquals(toTag(ringing1), toTag(ringing2), "each downstream early dialog is a dialog upstream");
        assertEquals(toTag(ringing2), toTag(ok), "the answer confirms the early dialog of its fork");

        caller.sendAck(ok);
        RequestEvent ack = callee.awaitRequest(Request.ACK, WAIT);
        assertEquals("fork-2", ((ToHeader) ack.getRequest().getHeader(ToHeader.NAME)).getTag(),
                "the ACK goes to the fork that answered");

        // the fork's BYE carries the B2BUA's tag shared by both forks: its own tag tells its dialog
        ClientTransaction byeTx = callee.send(callee.newCalleeRequest(out, answer, Request.BYE));
        RequestEvent bye = caller.awaitRequest(Request.BYE, WAIT);
        assertEquals(toTag(ok), ((FromHeader) bye.getRequest().getHeader(FromHeader.NAME)).getTag(),
                "the BYE comes in the caller's dialog of the answered fork");
        caller.respond(bye, 200);
        assertEquals(200, callee.awaitFinalResponse(byeTx, WAIT).getStatusCode());
        awaitNoSessions();
    }

    // --- a call up to the ACK ------------------------------------------------------------------

    /** What {@link #answeredCall()} leaves: both legs confirmed and acknowledged. */
    private record Call(Request callerInvite, RequestEvent invite, Response calleeOk, String calleeTag, Response ok) { }

    private Call answeredCall() {
        Request invite = callerInvite();
        invite.addHeader(header("X-Custom", "kept"));
        ClientTransaction inviteTx = caller.send(invite);

        RequestEvent out = callee.awaitRequest(Request.INVITE, WAIT);
        Request outgoing = out.getRequest();
        assertNotEquals(callId(invite), callId(outgoing), "the callee leg is a dialog of its own");
        assertNotEquals(fromTag(invite), fromTag(outgoing));
        assertNull(toTag(outgoing));
        assertEquals(callee.uri("bob"), outgoing.getRequestURI().toString());
        assertEquals("kept", ((javax.sip.header.ExtensionHeader) outgoing.getHeader("X-Custom")).getValue(),
                "headers the application could set are copied");
        assertNull(outgoing.getHeader("X-Target"), "the application removed its own header");
        assertEquals(69, ((MaxForwardsHeader) outgoing.getHeader(MaxForwardsHeader.NAME)).getMaxForwards());
        assertArrayEquals(invite.getRawContent(), outgoing.getRawContent(), "the offer is relayed");

        callee.respond(out, 180);
        Response ringing = awaitProvisional(caller);
        assertEquals(180, ringing.getStatusCode());
        assertNotNull(toTag(ringing));

        Response calleeOk = callee.createResponse(out, 200);
        callee.attachSdp(calleeOk);
        callee.respond(out, calleeOk);
        Response ok = caller.awaitFinalResponse(inviteTx, WAIT);
        assertEquals(200, ok.getStatusCode());
        assertEquals(toTag(ringing), toTag(ok), "the 200 confirms the caller's early dialog");
        assertArrayEquals(calleeOk.getRawContent(), ok.getRawContent(), "the answer is relayed");
        assertEquals(1, fixture.server().sessions().size(), "both legs are in one application session");

        caller.sendAck(ok);
        RequestEvent ack = callee.awaitRequest(Request.ACK, WAIT);
        assertEquals(callId(outgoing), callId(ack.getRequest()));
        assertEquals(((CSeqHeader) outgoing.getHeader(CSeqHeader.NAME)).getSeqNumber(),
                ((CSeqHeader) ack.getRequest().getHeader(CSeqHeader.NAME)).getSeqNumber());
        return new Call(invite, out, calleeOk, toTag(calleeOk), ok);
    }

    private Request callerInvite() {
        String server = "sip:bob@127.0.0.1:" + fixture.udpPort();
        Request invite = caller.newRequest(Request.INVITE, server, caller.uri("alice"), server);
        invite.addHeader(header("X-Target", callee.uri("bob")));
        caller.attachSdp(invite);
        return invite;
    }

    private static Response awaitProvisional(SipAgent agent) {
        List<Integer> skipped = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Response r = agent.awaitResponse(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (r.getStatusCode() > 100 && r.getStatusCode() < 200) {
                return r;
            }
            skipped.add(r.getStatusCode());

        }
        throw new AssertionError("no provisional response; saw " + skipped);
    }

    private void awaitNoSessions() {
        Poll.until(() -> fixture.server().sessions().size() == 0, WAIT,
                () -> "application sessions left after the call: " + fixture.server().sessions().size());
    }

    private static Response withToTag(Response r, String tag) {
        try {
            ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(tag);
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException(e);
        }
        return r;
    }

    private static javax.sip.header.Header header(String name, String value) {
        try {
            return javax.sip.SipFactory.getInstance().createHeaderFactory().createHeader(name, value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String callId(Message m) {
        return ((CallIdHeader) m.getHeader(CallIdHeader.NAME)).getCallId();
    }

    private static String fromTag(Message m) {
        return ((FromHeader) m.getHeader(FromHeader.NAME)).getTag();
    }

    private static String toTag(Message m) {
        return ((ToHeader) m.getHeader(ToHeader.NAME)).getTag();
    }
}
