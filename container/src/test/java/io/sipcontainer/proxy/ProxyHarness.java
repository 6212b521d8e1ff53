package io.sipcontainer.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.sip.SipFactory;
import javax.sip.header.HeaderFactory;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;

import io.sipcontainer.message.DialogEvents;
import io.sipcontainer.message.MessageSender;
import io.sipcontainer.message.MessageServices;
import io.sipcontainer.message.SipServletMessageImpl;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;
import io.sipcontainer.message.TransactionRecord;
import io.sipcontainer.message.UriParser;
import io.sipcontainer.session.SipSessionImpl;
import io.sipcontainer.session.TestSessionContext;
import io.sipcontainer.stats.SipCounters;
import io.sipcontainer.stats.StatisticsRegistry;
import io.sipcontainer.testing.RecordingOutbound;
import io.sipcontainer.transport.Connector;

/**
 * A proxy with no stack and no threads: requests leave into a {@link RecordingOutbound}, the
 * test plays the downstream phones by answering the recorded branches, timers run when the test
 * says, and the supervising "servlet" only records what it was shown.
 */
final class ProxyHarness implements AutoCloseable {
    static final Connector CONNECTOR = new Connector("udp", "192.0.2.10", 5060, "192.0.2.10", 5060, null, null);

    final RecordingOutbound outbound = new RecordingOutbound(CONNECTOR);
    final ManualScheduler scheduler = new ManualScheduler();
    final List<SipServletMessageImpl> shownToServlet = new ArrayList<>();
    final TestSessionContext context = new TestSessionContext();
    final ProxyService proxies;
    final MessageServices services;

    ProxyHarness() {
        HeaderFactory headers;
        javax.sip.message.MessageFactory messages;
        javax.sip.address.AddressFactory addresses;
        try {
            SipFactory f = SipFactory.getInstance();
            f.setPathName("gov.nist");
            headers = f.createHeaderFactory();
            messages = f.createMessageFactory();
            addresses = f.createAddressFactory();
        } catch (javax.sip.PeerUnavailableException e) {
            throw new IllegalStateException(e);
        }
        ServletRunner inline = new ServletRunner() {
            @Override
            public void runSerial(SipSessionImpl session, Runnable task) {
                task.run();
            }

            @Override
            public void service(SipServletMessageImpl message) {
                shownToServlet.add(message);
            }
        };
        ProxyConfig config = new ProxyConfig(scheduler, inline,
                (host, port) -> "192.0.2.10".equals(host) && (port <= 0 || port == 5060), 180);
        proxies = new ProxyService(config, id -> null);
        MessageSender sender = new MessageSender(outbound, headers, MessageSender.SendHook.NONE,
                new SipCounters(new StatisticsRegistry()));
        services = new MessageServices(messages, headers, addresses, sender, null, proxies,
                io.sipcontainer.message.B2buaFactory.UNAVAILABLE);
    }

    /** An INVITE from the caller, received as the initial-request handler hands it to a new session. */
    SipServletRequestImpl receiveInvite() {
        return receive("""
                INVITE sip:bob@biloxi.example.com SIP/2.0
                Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds
                Max-Forwards: 70
                To: Bob <sip:bob@biloxi.example.com>
                From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
                Call-ID: a84b4c76e66710@pc33.atlanta.example.com
                CSeq: 314159 INVITE
                Contact: <sip:alice@pc33.atlanta.example.com>
                Content-Length: 0

                """);
    }

    SipServletRequestImpl receive(String raw) {
        SIPRequest jain = (SIPRequest) parse(raw);
        SipServletRequestImpl request = new SipServletRequestImpl(jain, services, null, CONNECTOR, true);
        request.transaction().attach(RecordingOutbound.serverTransaction(jain));
        request.setInitial(true);
        SipSessionImpl session = context.newApplicationSession("app-" + System.nanoTime())
                .newSipSession(request.getCallId());
        request.setSipSession(session);
        DialogEvents.initialRequestReceived(request);
        return request;
    }

    /** The branch INVITEs sent so far, in order. */
    List<SIPRequest> branchRequests(String method) {
        return outbound.requests.stream().filter(r -> r.getMethod().equals(method)).toList();
    }

    /** Delivers a response from downstream to the branch request it answers, as the message path does. */
    void answer(SIPRequest branchRequest, int status, String toTag) {
        SIPResponse jain = branchRequest.createResponse(status);
        if (toTag != null) {
            try {
                jain.getTo().setTag(toTag);
            } catch (java.text.ParseException e) {
                throw new IllegalArgumentException(e);
            }
        }
        deliver(branchRequest, jain);
    }

    void deliver(SIPRequest branchRequest, SIPResponse jain) {
        TransactionRecord record = (TransactionRecord) outbound.transactionOf(branchRequest).getApplicationData();
        SipServletRequestImpl sent = record.request();
        SipServletResponseImpl response = new SipServletResponseImpl(jain, services, sent.sipSession(),
                sent.connector(), sent, true);
        if (!proxies.handleResponse(response)) {
            throw new AssertionError("the proxy did not take the response to " + branchRequest.getFirstLine());
        }
    }

    /** Status codes of the responses sent upstream, in order. */
    List<Integer> upstreamStatuses() {
        return outbound.responses.stream().map(SIPResponse::getStatusCode).toList();
    }

    static jakarta.servlet.sip.URI uri(String s) {
        try {
            return UriParser.parse(s);
        } catch (jakarta.servlet.sip.ServletParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Object parse(String text) {
        String crlf = text.replace("\r\n", "\n").replace("\n", "\r\n");
        try {
            return new StringMsgParser().parseSIPMessage(crlf.getBytes(StandardCharsets.UTF_8), true, false, null);
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        context.close();
    }
}
