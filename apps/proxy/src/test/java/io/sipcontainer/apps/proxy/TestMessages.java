package io.sipcontainer.apps.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sip.ClientTransaction;
import javax.sip.PeerUnavailableException;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;

import io.sipcontainer.message.MessageSender;
import io.sipcontainer.message.MessageServices;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.stats.SipCounters;
import io.sipcontainer.stats.StatisticsRegistry;
import io.sipcontainer.transport.Connector;
import io.sipcontainer.transport.Outbound;

/**
 * Real requests for unit tests: raw SIP text parsed by JAIN-SIP and wrapped in the container's
 * message class, as the server does for a received request, with an outbound path that records
 * the responses sent instead of putting them on a socket.
 */
final class TestMessages {
    /** The server's own address in these tests. */
    static final String HOST = "192.0.2.10";

    final List<SIPResponse> sent = new CopyOnWriteArrayList<>();
    private final MessageServices services;
    private final Connector connector = new Connector("udp", HOST, 5060, HOST, 5060, null, null);

    TestMessages() {
        try {
            SipFactory f = SipFactory.getInstance();
            f.setPathName("gov.nist");
            Outbound outbound = new Outbound() {
                @Override
                public Connector connectorFor(String transport) {
                    return connector;
                }

                @Override
                public ClientTransaction newClientTransaction(Connector via, SIPRequest request, Object data)
                        throws IOException {
                    throw new IOException("tests send no requests");
                }

                @Override
                public void send(ClientTransaction ct) throws IOException {
                    throw new IOException("tests send no requests");
                }

                @Override
                public void cancel(Connector via, ClientTransaction invite, String reason) throws IOException {
                    throw new IOException("tests send no requests");
                }

                @Override
                public void sendAck(Connector via, SIPRequest ack, boolean ours) throws IOException {
                    throw new IOException("tests send no requests");
                }

                @Override
                public void respond(Connector via, ServerTransaction st, SIPResponse response, boolean untilAcked) {
                    sent.add(response);
                }

                @Override
                public void respondReliably(Connector via, ServerTransaction st, SIPResponse response, long rseq,
                        Runnable unacknowledged) {
                    sent.add(response);
                }

                @Override
                public void prackReceived(String callId, String toTag, long rseq) {
                }

                @Override
                public void sendStateless(Connector via, SIPResponse response) {
                    sent.add(response);
                }

                @Override
                public boolean resendAck(Connector via, SIPResponse ok) {
                    return false;
                }
            };
            MessageSender sender = new MessageSender(outbound, f.createHeaderFactory(), MessageSender.SendHook.NONE,
                    new SipCounters(new StatisticsRegistry()));
            services = new MessageServices(f.createMessageFactory(), f.createHeaderFactory(), f.createAddressFactory(),
                    sender, "test");
        } catch (PeerUnavailableException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A received request from text whose lines end in \n (joined with CRLF here). */
    SipServletRequestImpl receive(String text) {
        String crlf = text.replace("\r\n", "\n").replace("\n", "\r\n");
        try {
            SIPRequest jain = (SIPRequest) new StringMsgParser()
                    .parseSIPMessage(crlf.getBytes(StandardCharsets.UTF_8), true, false, null);
            SipServletRequestImpl request = new SipServletRequestImpl(jain, services, null, connector, true);
            request.setInitial(jain.getToTag() == null);
            return request;
        } catch (ParseException e) {
            throw new IllegalArgumentException("JAIN-SIP refuses the test message: " + e.getMessage() + "\n" + text, e);
        }
    }

    /**
     * A request built from the parts tests vary: method, Request-URI, extra header lines (each
     * ending in \n) and a body; From is a remote caller, To the Request-URI.
     */
    SipServletRequestImpl request(String method, String requestUri, String extraHeaders, String body) {
        return receive(text(method, requestUri, extraHeaders, body));
    }

    SipServletRequestImpl request(String method, String requestUri, String extraHeaders) {
        return request(method, requestUri, extraHeaders, "");
    }

    static String text(String method, String requestUri, String extraHeaders, String body) {
        String to = requestUri.startsWith("sip") ? requestUri : "sip:x@" + HOST;
        return method + " " + requestUri + " SIP/2.0\n"
                + "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-" + Math.abs(requestUri.hashCode()) + "\n"
                + "From: <sip:carol@198.51.100.7>;tag=f1\n"
                + "To: <" + to + ">\n"
                + "Call-ID: test-call@198.51.100.7\n"
                + "CSeq: 1 " + method + "\n"
                + extraHeaders
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\n\n" + body;
    }
}
