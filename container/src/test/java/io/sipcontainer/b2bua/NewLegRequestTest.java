package io.sipcontainer.b2bua;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.servlet.sip.SipSession.State;
import jakarta.servlet.sip.TooManyHopsException;
import jakarta.servlet.sip.UAMode;
import jakarta.servlet.sip.ar.SipApplicationRoutingDirective;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sipcontainer.message.SipServletRequestImpl;

/**
 * createRequest(origRequest, linked, headerMap) builds the other leg's initial request from the
 * received one as the B2BUA section of the SIP Servlet specification says: a new dialog (Call-ID,
 * From tag, no To tag) in a new session of the same application session, unknown headers and body
 * copied, system headers the container's, and the header map applied under its rules.
 */
class NewLegRequestTest {
    private static final String OFFER = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n";
    private final B2buaTestSupport t = new B2buaTestSupport();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void newLegIsANewDialogInTheSameApplicationSession() throws Exception {
        SipServletRequestImpl in = t.receiveInvite("", OFFER);
        SipServletRequestImpl out = (SipServletRequestImpl) t.helper.createRequest(in, false, null);

        assertNotEquals(in.getCallId(), out.getCallId());
        assertNotNull(out.jainRequest().getFromTag());
        assertNotEquals("alicetag", out.jainRequest().getFromTag());
        assertNull(out.jainRequest().getToTag());
        assertEquals("Alice", out.getFrom().getDisplayName());
        assertEquals("sip:alice@atlanta.example.com", out.getFrom().getURI().toString());
        assertEquals("sip:bob@biloxi.example.com", out.getTo().getURI().toString());
        assertEquals("sip:bob@b2bua.example.com", out.getRequestURI().toString());
        assertEquals("INVITE", out.getMethod());
        assertEquals(1L, out.jainRequest().getCSeq().getSeqNumber());
        assertSame(in.getApplicationSession(), out.getApplicationSession());
        assertNotEquals(in.getSession(), out.getSession());
        assertEquals(UAMode.UAC, out.sipSession().dialog().mode());
        assertTrue(out.isInitial());
        assertEquals(SipApplicationRoutingDirective.CONTINUE, out.getRoutingDirective());
    }

    @Test
    void unknownHeadersAndBodyAreCopiedButNotTheContainersHeaders() throws Exception {
        SipServletRequestImpl in = t.receiveInvite("Subject: lunch\nX-Custom: a\nX-Custom: b\nAllow: INVITE, ACK, BYE\n", OFFER);
        SipServletRequestImpl out = (SipServletRequestImpl) t.helper.createRequest(in);

        assertEquals("lunch", out.getHeader("Subject"));
        assertEquals(List.of("a", "b"), out.getHeaderList("X-Custom"));
        assertEquals("INVITE, ACK, BYE", String.join(", ", out.getHeaderList("Allow")));
        assertEquals(List.of("<sip:next-hop.example.com;lr>"), out.getHeaderList("Route"),
                "Route headers left for the next hops are kept");
        assertTrue(out.getHeaderList("Record-Route").isEmpty());
        assertTrue(out.getHeaderList("Via").isEmpty(), "the container adds its Via when sending");
        assertNull(out.getHeader("Contact"), "the container's Contact is added when sending");
        assertEquals(69, out.getMaxForwards());
        assertArrayEquals(in.getRawContent(), out.getRawContent());
        assertEquals("application/sdp", out.getContentType());
    }

    @Test
    void reliableProvisionalsAreOfferedOnTheNewLegAsTheCallerOfferedThem() throws Exception {
        SipServletRequestImpl in = t.receiveInvite("Supported: timer, 100rel, replaces\nRequire: 100rel\n", null);
        SipServletRequestImpl out = (SipServletRequestImpl) t.helper.createRequest(in);
        assertEquals("timer, 100rel, replaces", String.join(", ", out.getHeaderList("Supported")));
        assertEquals(List.of("100rel"), out.getHeaderList("Require"));
    }

    @Test
    void headerMapChangesPartiesContactRouteAndOtherHeaders() throws Exception {
        SipServletRequestImpl in = t.receiveInvite("Subject: lunch\nX-Drop: me\n", null);
        SipServletRequestImpl out = (SipServletRequestImpl) t.helper.createRequest(in, true, Map.of(
                "From", List.of("\"Front Desk\" <sip:desk@b2bua.example.com>;tag=ignored"),
                "t", List.of("<sip:carol@chicago.example.com>"),
                "Contact", List.of("<sip:desk@192.0.2.99:9999;ob>;expires=60"),
                "Route", List.of("<sip:r1.example.com;lr>", "<sip:r2.example.com;lr>"),
                "Subject", List.of("dinner"),
                "X-Drop", List.of()));

        assertEquals("Front Desk", out.getFrom().getDisplayName());
        assertEquals("sip:desk@b2bua.example.com", out.getFrom().getURI().toString());
        assertNotEquals("ignored", out.jainRequest().getFromTag(), "the container chooses the From tag");
        assertEquals("sip:carol@chicago.example.com", out.getTo().getURI().toString());
        assertNull(out.jainRequest().getToTag());
        assertEquals("<sip:desk@203.0.113.5:5070;ob>;expires=60", out.getHeader("Contact"),
                "Contact keeps the application's user part and parameters on this server's address");
        assertEquals(List.of("<sip:r1.example.com;lr>", "<sip:r2.example.com;lr>", "<sip:next-hop.example.com;lr>"),
                out.getHeaderList("Route"));
        assertEquals("dinner", out.getHeader("Subject"));
        assertNull(out.getHeader("X-Drop"), "an empty list removes the copied header");
    }

    @Test
    void systemHeadersInTheMapAreRefused() {
        SipServletRequestImpl in = t.receiveInvite("", null);
        for (String name : List.of("Call-ID", "CSeq", "Via", "Record-Route", "RSeq")) {
            assertThrows(IllegalArgumentException.class,
                    () -> t.helper.createRequest(in, false, Map.of(name, List.of("x"))), name);
        }
    }

    @Test
    void maxForwardsZeroIsTooManyHops() {
        SipServletRequestImpl in = t.receiveInvite("", null);
        in.jainRequest().removeHeader("Max-Forwards");
        in.setHeaderInternal("Max-Forwards", "0");
        assertThrows(TooManyHopsException.class, () -> t.helper.createRequest(in, true, null));
    }

    @Test
    void onlyAnInitialRequestStartsANewLeg() throws Exception {
        SipServletRequestImpl in = t.receiveInvite("", null);
        in.createResponse(200).send();
        SipServletRequestImpl bye = t.receiveFromCaller("BYE", 11, in.sipSession(), null);
        assertThrows(IllegalArgumentException.class, () -> t.helper.createRequest(bye, true, null));
    }

    @Test
    void linkedLegsFindEachOtherAndUnlinkedOnesDoNot() throws Exception {
        SipServletRequestImpl in = t.receiveInvite("", null);
        SipServletRequestImpl loose = (SipServletRequestImpl) t.helper.createRequest(in, false, null);
        assertNull(t.helper.getLinkedSession(in.getSession()));
        assertNull(t.helper.getLinkedSipServletRequest(in));

        SipServletRequestImpl out = (SipServletRequestImpl) t.helper.createRequest(in, true, null);
        assertSame(out.getSession(), t.helper.getLinkedSession(in.getSession()));
        assertSame(in.getSession(), t.helper.getLinkedSession(out.getSession()));
        assertSame(out, t.helper.getLinkedSipServletRequest(in));
        assertSame(in, t.helper.getLinkedSipServletRequest(out));
        assertNull(t.helper.getLinkedSession(loose.getSession()));
        assertEquals(State.INITIAL, out.getSession().getState());
    }

    @Test
    void newLegAfterAFailedOneTakesOverTheLink() throws Exception {
        SipServletRequestImpl in = t.receiveInvite("", null);
        SipServletRequestImpl first = (SipServletRequestImpl) t.helper.createRequest(in, true, null);
        first.send();
        t.calleeAnswers(first, 486, "busy", null);
        SipServletRequestImpl second = (SipServletRequestImpl) t.helper.createRequest(in, true, null);
        assertSame(second.getSession(), t.helper.getLinkedSession(in.getSession()));
        assertNull(t.helper.getLinkedSession(first.getSession()));
    }
}
