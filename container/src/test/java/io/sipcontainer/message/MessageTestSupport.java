package io.sipcontainer.message;

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

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;

import io.sipcontainer.session.SipApplicationSessionImpl;
import io.sipcontainer.session.SipSessionImpl;
import io.sipcontainer.session.TestSessionContext;
import io.sipcontainer.stats.SipCounters;
import io.sipcontainer.stats.StatisticsRegistry;
import io.sipcontainer.testing.RecordingOutbound;
import io.sipcontainer.transport.Connector;

/**
 * Builds real JAIN-SIP messages and wraps them in the container's message classes, with a
 * {@link RecordingOutbound} instead of a stack: what unit tests of the message layer need.
 */
final class MessageTestSupport {
    static final String CALL_ID = "a84b4c76e66710@pc33.atlanta.example.com";
    static final String SERVER_HEADER = "sipcontainer-test/1.0";

    final MessageFactory messageFactory;
    final HeaderFactory headerFactory;
    final AddressFactory addressFactory;
    final RecordingOutbound outbound;
    final MessageServices services;
    final TestSessionContext context;
    final Connector connector = new Connector("udp", "192.0.2.10", 5060, "192.0.2.10", 5060, null, null);

    MessageTestSupport() {
        this(SERVER_HEADER);
    }

    MessageTestSupport(String serverHeader) {
        try {
            SipFactory f = SipFactory.getInstance();
            f.setPathName("gov.nist");
            messageFactory = f.createMessageFactory();
            headerFactory = f.createHeaderFactory();
            addressFactory = f.createAddressFactory();
        } catch (javax.sip.PeerUnavailableException e) {
            throw new IllegalStateException(e);
        }
        outbound = new RecordingOutbound(connector);
        MessageSender sender = new MessageSender(outbound, headerFactory, MessageSender.SendHook.NONE,
                new SipCounters(new StatisticsRegistry()));
        services = new MessageServices(messageFactory, headerFactory, addressFactory, sender, serverHeader);
        context = new TestSessionContext()
                .withRequestFactory((session, method) -> RequestBuilder.inDialog(services, session, method));
    }

    /** Parses raw SIP text whose lines end with \n; the lines are re-joined with CRLF. */
    static SIPMessage parse(String text) {
        String crlf = text.replace("\r\n", "\n").replace("\n", "\r\n");
        try {
            return new StringMsgParser().parseSIPMessage(crlf.getBytes(StandardCharsets.UTF_8), true, false, null);
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad test message: " + e.getMessage() + "\n" + text, e);
        }
    }

    /** A SIP session in a fresh application session of the test context. */
    SipSessionImpl newSession(String callId) {
        SipApplicationSessionImpl app = context.newApplicationSession("app-" + Tags.newTag());
        return app.newSipSession(callId);
    }

    /**
     * A request received from the network and handed to a new UAS session, as the initial-request
     * dispatcher does it: committed, initial, dialog state initialised.
     */
    SipServletRequestImpl receiveInitial(String rawRequest) {
        SIPRequest jain = (SIPRequest) parse(rawRequest);
        SipServletRequestImpl request = new SipServletRequestImpl(jain, services, null, connector, true);
        request.setInitial(true);
        request.setSipSession(newSession(request.getCallId()));
        DialogEvents.initialRequestReceived(request);
        return request;
    }

    /** A request received inside the dialog of an existing session. */
    SipServletRequestImpl receiveSubsequent(String rawRequest, SipSessionImpl session) {
        SIPRequest jain = (SIPRequest) parse(rawRequest);
        return new SipServletRequestImpl(jain, services, session, connector, true);
    }

    /** A response received for a request this side sent. */
    SipServletResponseImpl receiveResponse(SIPResponse jain, SipServletRequestImpl request) {
        return new SipServletResponseImpl(jain, services, request.sipSession(), connector, request, true);
    }

    static String invite() {
        return """
                INVITE sip:bob@biloxi.example.com SIP/2.0
                Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK2d4790.1
                Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds
                Max-Forwards: 69
                Record-Route: <sip:proxy.example.com;lr>
                To: Bob <sip:bob@biloxi.example.com>
                From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
                Call-ID: a84b4c76e66710@pc33.atlanta.example.com
                CSeq: 314159 INVITE
                Contact: <sip:alice@pc33.atlanta.example.com>
                Content-Length: 0

                """;
    }

    static String bye(String toTag, long cseq) {
        return """
                BYE sip:bob@192.0.2.10 SIP/2.0
                Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds10
                Max-Forwards: 70
                To: Bob <sip:bob@biloxi.example.com>;tag=%s
                From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
                Call-ID: a84b4c76e66710@pc33.atlanta.example.com
                CSeq: %d BYE
                Content-Length: 0

                """.formatted(toTag, cseq);
    }

    static String options() {
        return """
                OPTIONS sip:bob@biloxi.example.com SIP/2.0
                Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKhjhs8ass877
                Max-Forwards: 70
                To: <sip:bob@biloxi.example.com>
                From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
                Call-ID: opt-a84b4c76e66710@pc33.atlanta.example.com
                CSeq: 63104 OPTIONS
                Accept: application/sdp
                Content-Length: 0

                """;
    }

    static String register() {
        return """
                REGISTER sip:registrar.biloxi.example.com SIP/2.0
                Via: SIP/2.0/UDP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7
                Max-Forwards: 70
                To: Bob <sip:bob@biloxi.example.com>
                From: Bob <sip:bob@biloxi.example.com>;tag=456248
                Call-ID: reg-843817637684230@998sdasdh09
                CSeq: 1826 REGISTER
                Contact: <sip:bob@192.0.2.4>;q=0.7;expires=3600, "Bob Mobile" <sip:bob@198.51.100.7:5070>;q=0.3
                m: <sip:bob@203.0.113.9;transport=tcp>
                Expires: 7200
                Content-Length: 0

                """;
    }
}
