package io.sipcontainer.b2bua;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;

import io.sipcontainer.message.DialogEvents;
import io.sipcontainer.message.MessageServices;
import io.sipcontainer.message.MessageSender;
import io.sipcontainer.message.RequestBuilder;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;
import io.sipcontainer.message.Tags;
import io.sipcontainer.session.SipApplicationSessionImpl;
import io.sipcontainer.session.SipSessionImpl;
import io.sipcontainer.session.TestSessionContext;
import io.sipcontainer.stats.SipCounters;
import io.sipcontainer.stats.StatisticsRegistry;
import io.sipcontainer.testing.RecordingOutbound;
import io.sipcontainer.transport.Connector;

/**
 * A B2BUA's two legs without a network: real JAIN-SIP messages, the container's message and
 * session classes, an outbound path that records what would be sent (keeping dialog state in step
 * as the stack bridge does), and a helper whose new requests are built the way the application's
 * SipFactory builds them.
 */
final class B2buaTestSupport implements AutoCloseable {
    static final String CALLER_CALL_ID = "caller-call-1@192.0.2.1";

    final MessageFactory messageFactory;
    final HeaderFactory headerFactory;
    final AddressFactory addressFactory;
    final Connector connector = new Connector("udp", "192.0.2.10", 5060, "203.0.113.5", 5070, null, null);
    final RecordingOutbound outbound = new RecordingOutbound(connector);
    final MessageServices services;
    final TestSessionContext context;
    final B2buaHelperImpl helper;

    B2buaTestSupport() {
        try {
            SipFactory f = SipFactory.getInstance();
            f.setPathName("gov.nist");
            messageFactory = f.createMessageFactory();
            headerFactory = f.createHeaderFactory();
            addressFactory = f.createAddressFactory();
        } catch (javax.sip.PeerUnavailableException e) {
            throw new IllegalStateException(e);
        }
        MessageSender sender = new MessageSender(outbound, headerFactory, MessageSender.SendHook.NONE,
                new SipCounters(new StatisticsRegistry()));
        services = new MessageServices(messageFactory, headerFactory, addressFactory, sender, null,
                io.sipcontainer.message.ProxyFactory.UNAVAILABLE, request -> helper());
        context = new TestSessionContext()
                .withRequestFactory((session, method) -> RequestBuilder.inDialog(services, session, method));
        helper = new B2buaHelperImpl((appSession, method, from, to) -> {
            String callId = Tags.newCallId("192.0.2.10");
            return RequestBuilder.initial(services, appSession.newSipSession(callId), method, from, to, callId);
        });
    }

    /** An INVITE from the caller, received by a new UAS session as the dispatcher hands it over. */
    SipServletRequestImpl receiveInvite(String extraHeaders, String body) {
        String text = """
                INVITE sip:bob@b2bua.example.com SIP/2.0
                Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKcaller1
                Max-Forwards: 70
                Route: <sip:next-hop.example.com;lr>
                Record-Route: <sip:edge.example.com;lr>
                From: "Alice" <sip:alice@atlanta.example.com>;tag=alicetag
                To: Bob <sip:bob@biloxi.example.com>
                Call-ID: %s
                CSeq: 10 INVITE
                Contact: <sip:alice@192.0.2.1>
                %s""".formatted(CALLER_CALL_ID, extraHeaders);
        if (body != null) {
            text += "Content-Type: application/sdp\nContent-Length: " + body.length() + "\n\n" + body;
        } else {
            text += "Content-Length: 0\n\n";
        }
        SIPRequest jain = (SIPRequest) parse(text);
        SipServletRequestImpl request = new SipServletRequestImpl(jain, services, null, connector, true);
        request.setInitial(true);
        SipApplicationSessionImpl app = context.newApplicationSession("app-" + Tags.newTag());
        request.setSipSession(app.newSipSession(request.getCallId()));
        DialogEvents.initialRequestReceived(request);
        return request;
    }

    /** A request from the caller inside the dialog of {@code session}. */
    SipServletRequestImpl receiveFromCaller(String method, long cseq, SipSessionImpl session, String body) {
        String text = """
                %s sip:bob@203.0.113.5:5070 SIP/2.0
                Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK%s
                Max-Forwards: 70
                From: "Alice" <sip:alice@atlanta.example.com>;tag=alicetag
                To: Bob <sip:bob@biloxi.example.com>;tag=%s
                Call-ID: %s
                CSeq: %d %s
                X-Reason: hangup
                """.formatted(method, Tags.newTag(), session.dialog().localTag(), CALLER_CALL_ID, cseq, method);
        text += body == null ? "Content-Length: 0\n\n"
                : "Content-Type: application/sdp\nContent-Length: " + body.length() + "\n\n" + body;
        SipServletRequestImpl request = new SipServletRequestImpl((SIPRequest) parse(text), services, session,
                connector, true);
        DialogEvents.subsequentRequestReceived(request);
        return request;
    }

    /** A response of the callee to a request the B2BUA sent, delivered as the dispatcher does. */
    SipServletResponseImpl calleeAnswers(SipServletRequestImpl sent, int status, String toTag, String body) {
        try {
            SIPResponse r = (SIPResponse) messageFactory.createResponse(status, sent.jainRequest());
            if (toTag != null && r.getTo().getTag() == null) {
                r.getTo().setTag(toTag);
            }
            if (status > 100 && status < 300) {
                r.addHeader(headerFactory.createHeader("Contact", "<sip:bob@198.51.100.7>"));
            }
            if (body != null) {
                r.setContent(body, headerFactory.createContentTypeHeader("application", "sdp"));
            }
            SipServletResponseImpl response = new SipServletResponseImpl(r, services, sent.sipSession(), connector,
                    sent, true);
            DialogEvents.responseReceived(response);
            return response;
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static javax.sip.message.Message parse(String text) {
        String crlf = text.replace("\r\n", "\n").replace("\n", "\r\n");
        try {
            return new StringMsgParser().parseSIPMessage(crlf.getBytes(StandardCharsets.UTF_8), true, false, null);
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad test message: " + e.getMessage() + "\n" + text, e);
        }
    }

    private B2buaHelperImpl helper() {
        return helper;
    }

    SIPResponse lastResponse() {
        return outbound.responses.get(outbound.responses.size() - 1);
    }

    SIPRequest lastRequest() {
        return outbound.requests.get(outbound.requests.size() - 1);
    }

    @Override
    public void close() {
        context.close();
    }
}
