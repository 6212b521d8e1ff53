package io.sipcontainer.dialog;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;

import javax.sip.SipFactory;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;

import io.sipcontainer.message.MessageServices;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;
import io.sipcontainer.transport.Connector;

/**
 * The messages of one proxied call as the proxy application sees them (the container's real
 * message classes over parsed text): the caller's INVITE, the callee's responses, ACK, BYE,
 * CANCEL and re-requests from either side.
 */
final class DialogMessages {
    static final String CALL_ID = "call-1@192.0.2.1";
    static final String CALLER_TAG = "caller-tag";
    static final String CALLEE_TAG = "callee-tag";
    static final Connector SOCKET = new Connector("udp", "192.0.2.10", 5060, "192.0.2.10", 5060, null, null);

    private final MessageServices services;

    DialogMessages() {
        try {
            SipFactory f = SipFactory.getInstance();
            f.setPathName("gov.nist");
            services = new MessageServices(f.createMessageFactory(), f.createHeaderFactory(),
                    f.createAddressFactory(), null, "test");
        } catch (javax.sip.PeerUnavailableException e) {
            throw new IllegalStateException(e);
        }
    }

    SipServletRequestImpl invite() {
        SipServletRequestImpl r = request("""
                INVITE sip:bob@192.0.2.10 SIP/2.0
                Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK-1
                Record-Route: <sip:192.0.2.5;lr>
                From: <sip:alice@192.0.2.1>;tag=%s
                To: <sip:bob@192.0.2.10>
                Call-ID: %s
                CSeq: 10 INVITE
                Contact: <sip:alice@192.0.2.1:5070>
                Max-Forwards: 70
                Content-Length: 0

                """.formatted(CALLER_TAG, CALL_ID));
        r.setInitial(true);
        return r;
    }

    /** A response of the callee to the INVITE (with its tag unless 100), passing our Record-Route. */
    SipServletResponseImpl response(SipServletRequestImpl invite, int status) {
        String tag = status == 100 ? "" : ";tag=" + CALLEE_TAG;
        return new SipServletResponseImpl((SIPResponse) parse("""
                SIP/2.0 %d Whatever
                Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK-1
                Record-Route: <sip:192.0.2.30;lr>
                Record-Route: <sip:192.0.2.10:5060;lr;sc-s=abc>
                Record-Route: <sip:192.0.2.5;lr>
                From: <sip:alice@192.0.2.1>;tag=%s
                To: <sip:bob@192.0.2.10>%s
                Call-ID: %s
                CSeq: 10 INVITE
                Contact: <sip:bob@192.0.2.20:5080>
                Content-Length: 0

                """.formatted(status, CALLER_TAG, tag, CALL_ID)), services, null, SOCKET, invite, true);
    }

    /** A request within the dialog from the caller (or, with {@code fromCallee}, from the callee). */
    SipServletRequestImpl inDialog(String method, int cseq, boolean fromCallee) {
        String from = fromCallee ? "<sip:bob@192.0.2.10>;tag=" + CALLEE_TAG : "<sip:alice@192.0.2.1>;tag=" + CALLER_TAG;
        String to = fromCallee ? "<sip:alice@192.0.2.1>;tag=" + CALLER_TAG : "<sip:bob@192.0.2.10>;tag=" + CALLEE_TAG;
        return request("""
                %s sip:x@192.0.2.99 SIP/2.0
                Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK-%s%d
                From: %s
                To: %s
                Call-ID: %s
                CSeq: %d %s
                Max-Forwards: 70
                Content-Length: 0

                """.formatted(method, method, cseq, from, to, CALL_ID, cseq, method));
    }

    /** The caller's CANCEL of the INVITE (no To tag). */
    SipServletRequestImpl cancel() {
        return request("""
                CANCEL sip:bob@192.0.2.10 SIP/2.0
                Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK-1
                From: <sip:alice@192.0.2.1>;tag=%s
                To: <sip:bob@192.0.2.10>
                Call-ID: %s
                CSeq: 10 CANCEL
                Max-Forwards: 70
                Content-Length: 0

                """.formatted(CALLER_TAG, CALL_ID));
    }

    private SipServletRequestImpl request(String text) {
        return new SipServletRequestImpl((SIPRequest) parse(text), services, null, SOCKET, true);
    }

    private static Object parse(String text) {
        String crlf = text.replace("\r\n", "\n").replace("\n", "\r\n");
        try {
            return new StringMsgParser().parseSIPMessage(crlf.getBytes(StandardCharsets.UTF_8), true, false, null);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
