package io.sipcontainer.rtpengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import javax.sip.SipFactory;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;

import org.junit.jupiter.api.Test;

import io.sipcontainer.message.MessageServices;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;
import io.sipcontainer.service.MediaRelayService.MediaCall;
import io.sipcontainer.transport.Connector;

/**
 * The tags an ng command names for a SIP message, as Kamailio takes them: the offerer's tag is
 * always the {@code from-tag}, so they are swapped for an offer in a response and an answer in a
 * request (the late-offer case); and which SDP messages {@code rtpengine_manage} handles.
 */
class MediaRelayTagsTest {
    private static final String CALL_ID = "tags-1@192.0.2.1";
    private final MessageServices services;
    private final Connector connector = new Connector("udp", "192.0.2.10", 5060, "192.0.2.10", 5060, null, null);

    MediaRelayTagsTest() throws Exception {
        SipFactory f = SipFactory.getInstance();
        f.setPathName("gov.nist");
        services = new MessageServices(f.createMessageFactory(), f.createHeaderFactory(), f.createAddressFactory(), null,
                "test");
    }

    private static Object parse(String text) throws Exception {
        String crlf = text.replace("\n", "\r\n");
        return new StringMsgParser().parseSIPMessage(crlf.getBytes(StandardCharsets.UTF_8), true, false, null);
    }

    private static String headers(String firstLine, String method, String toTag, boolean sdp) {
        String body = sdp ? "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 0\n" : "";
        return firstLine + "\n"
                + "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKproxy\n"
                + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKcaller\n"
                + "From: <sip:alice@example.com>;tag=caller\n"
                + "To: <sip:bob@example.com>" + (toTag == null ? "" : ";tag=" + toTag) + "\n"
                + "Call-ID: " + CALL_ID + "\n"
                + "CSeq: 1 " + method + "\n"
                + "Max-Forwards: 70\n"
                + (sdp ? "Content-Type: application/sdp\n" : "")
                + "Content-Length: " + body.replace("\n", "\r\n").length() + "\n\n" + body.replace("\n", "\r\n");
    }

    private SipServletRequestImpl request(String method, String toTag, boolean sdp) throws Exception {
        SIPRequest jain = (SIPRequest) parse(headers(method + " sip:bob@192.0.2.2 SIP/2.0", method, toTag, sdp));
        return new SipServletRequestImpl(jain, services, null, connector, true);
    }

    private SipServletResponseImpl response(int status, String method, boolean sdp, SipServletRequestImpl request)
            throws Exception {
        SIPResponse jain = (SIPResponse) parse(headers("SIP/2.0 " + status + " X", method, "callee", sdp));
        return new SipServletResponseImpl(jain, services, null, connector, request, true);
    }

    @Test
    void offerInARequestNamesTheFromTag() throws Exception {
        MediaCall call = MediaRelay.call("offer", request("INVITE", null, true), NgFlags.NONE);
        assertEquals(CALL_ID, call.callId());
        assertEquals("caller", call.fromTag());
        assertNull(call.toTag());
    }

    @Test
    void answerInAResponseNamesFromThenTo() throws Exception {
        MediaCall call = MediaRelay.call("answer", response(200, "INVITE", true, null), NgFlags.NONE);
        assertEquals("caller", call.fromTag());
        assertEquals("callee", call.toTag());
    }

    @Test
    void lateOfferInTheResponseAndItsAnswerInTheAckSwapTheTags() throws Exception {
        MediaCall offer = MediaRelay.call("offer", response(200, "INVITE", true, null), NgFlags.NONE);
        assertEquals("callee", offer.fromTag());
        assertEquals("caller", offer.toTag());
        MediaCall answer = MediaRelay.call("answer", request("ACK", "callee", true), NgFlags.NONE);
        assertEquals("callee", answer.fromTag());
        assertEquals("caller", answer.toTag());
    }

    @Test
    void answerInARequestWithoutToTagIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MediaRelay.call("answer", request("ACK", null, true), NgFlags.NONE));
        assertTrue(e.getMessage().contains("no To tag"), e.getMessage());
    }

    @Test
    void deleteNamesTheFromTagEvenInAResponse() throws Exception {
        MediaCall call = MediaRelay.call("delete", response(486, "INVITE", false, null), NgFlags.NONE);
        assertEquals("caller", call.fromTag());
    }

    @Test
    void viaBranchFlagPicksTheViaKamailioWould() throws Exception {
        assertEquals("z9hG4bKproxy", MediaRelay.call("offer", request("INVITE", null, true),
                NgFlags.parse("via-branch=1")).viaBranch());
        assertEquals("z9hG4bKcaller", MediaRelay.call("answer", response(200, "INVITE", true, null),
                NgFlags.parse("via-branch=auto")).viaBranch());
        assertNull(MediaRelay.call("offer", request("INVITE", null, true), NgFlags.NONE).viaBranch());
    }

    @Test
    void onlyApplicationSdpBodiesCount() throws Exception {
        assertTrue(MediaRelay.hasSdp(request("INVITE", null, true)));
        assertTrue(!MediaRelay.hasSdp(request("INVITE", null, false)));
    }
}
