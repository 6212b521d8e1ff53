package io.sipcontainer.ws.channel;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sip.address.Hop;
import javax.sip.address.SipURI;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.core.LogWriter;
import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.ContactList;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.RawMessageChannel;
import gov.nist.javax.sip.stack.SIPClientTransaction;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.ServerRequestInterface;
import gov.nist.javax.sip.stack.ServerResponseInterface;

/**
 * One WebSocket connection as a JAIN-SIP message channel. Each WebSocket message holds exactly one
 * SIP message (RFC 7118 section 5), so a message is parsed whole, like a UDP datagram, and handed
 * to the stack's transactions like any channel's; whatever the stack sends on this channel
 * (responses to the requests that came in on it, requests to the peer) is written back as one
 * WebSocket message on the same connection. A WebSocket message of nothing but CR and LF is an
 * RFC 5626 keep-alive: a double CRLF gets a CRLF back, as Kamailio answers.
 *
 * <p>The Via of a request is stamped with {@code received} (the peer's IP, since a WebSocket
 * client's Via names a {@code .invalid} host) and {@code rport} (its TCP port), so a reply or a
 * registrar can name this connection by address; see {@link WebSocketMessageProcessor}. Every
 * message received carries the connection's {@link jakarta.servlet.sip.SipWebSocketContext} as its
 * JAIN-SIP application data.
 */
public final class WebSocketMessageChannel extends MessageChannel implements RawMessageChannel, ParseExceptionListener {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketMessageChannel.class);
    private static final byte[] CRLF = {'\r', '\n'};

    private final WebSocketMessageProcessor processor;
    private final SIPTransactionStack stack;
    private final WebSocketLink link;
    private final InetAddress peerAddress;
    private final int peerPort;
    private final String transport;
    /** Frames of one connection arrive one at a time, so one parser serves them all. */
    private final MessageParser parser;
    /** The {@code .invalid} names the peer used, for the processor to forget when we close. */
    private final List<String> names = new CopyOnWriteArrayList<>();

    WebSocketMessageChannel(WebSocketMessageProcessor processor, WebSocketLink link) {
        this.processor = processor;
        this.messageProcessor = processor;
        this.stack = processor.getSIPStack();
        this.link = link;
        this.peerAddress = link.remoteAddress().getAddress();
        this.peerPort = link.remoteAddress().getPort();
        this.transport = processor.getTransport();
        this.parser = stack.getMessageParserFactory().createMessageParser(stack);
    }

    /** The connection under this channel. */
    public WebSocketLink link() {
        return link;
    }

    /** Handles the payload of one WebSocket message (text or binary) received on this connection. */
    public void receive(byte[] payload) {
        if (isOnlyLineBreaks(payload)) {
            if (payload.length >= 4) { // a CRLF CRLF ping: answer with the CRLF pong
                try {
                    link.send(CRLF);
                } catch (IOException e) {
                    LOG.debug("Cannot answer a keep-alive on {}: {}", this, e.toString());
                }
            }
            return;
        }
        SIPMessage message;
        try {
            message = parser.parseSIPMessage(payload, true, false, this);
        } catch (ParseException e) {
            rejectUnparsable(payload, e);
            return;
        }
        if (message == null) {
            return;
        }
        try {
            processMessage(message);
        } catch (Exception e) {
            LOG.debug("Dropped a message from {}: {}", this, e.toString());
        }
    }

    /** A request that does not parse gets a 400, unless it is an ACK or a response, as over UDP. */
    private void rejectUnparsable(byte[] payload, ParseException e) {
        String text = new String(payload, StandardCharsets.UTF_8);
        LOG.debug("Unparsable message from {}: {}", this, e.getMessage());
        if (text.startsWith("SIP/") || text.startsWith("ACK ")) {
            return;
        }
        String badRequest = createBadReqRes(text, e);
        if (badRequest != null) {
            try {
                link.send(badRequest.getBytes(StandardCharsets.UTF_8));
            } catch (IOException io) {
                LOG.debug("Cannot send 400 to {}: {}", this, io.toString());
            }
        }
    }

    @Override
    public void processMessage(SIPMessage message) throws Exception {
        if (message.getFrom() == null || message.getTo() == null || message.getCallId() == null
                || message.getCSeq() == null || message.getViaHeaders() == null) {
            LOG.debug("Dropped a message without From, To, Call-ID, CSeq or Via from {}", this);
            return;
        }
        message.setRemoteAddress(peerAddress);
        message.setRemotePort(peerPort);
        message.setLocalAddress(processor.getIpAddress());
        message.setLocalPort(processor.getPort());
        message.setPeerPacketSourceAddress(peerAddress);
        message.setPeerPacketSourcePort(peerPort);
        message.setApplicationData(link.context());
        if (stack.sipEventInterceptor != null) {
            stack.sipEventInterceptor.beforeMessage(message);
        }
        try {
            if (message instanceof SIPRequest request) {
                processRequest(request);
            } else {
                processResponse((SIPResponse) message);
            }
        } finally {
            if (stack.sipEventInterceptor != null) {
                stack.sipEventInterceptor.afterMessage(message);
            }
        }
    }

    private void processRequest(SIPRequest request) throws IOException, ParseException {
        Via via = request.getTopmostVia();
        String peerIp = peerAddress.getHostAddress();
        if (!peerIp.equalsIgnoreCase(via.getHost())) {
            via.setParameter(Via.RECEIVED, peerIp);
        }
        via.setParameter(Via.RPORT, Integer.toString(peerPort));
        rememberNames(request, via);
        logReceived(request);
        int maxSize = stack.getMaxMessageSize();
        if (maxSize > 0 && request.getSize() > maxSize) {
            processor.oversize(getTransport() + ":" + peerIp + ":" + peerPort,
                    "message of " + request.getSize() + " bytes, larger than max_message_size (" + maxSize + ")");
            reply(request.createResponse(Response.MESSAGE_TOO_LARGE));
            return;
        }
        String version = request.getRequestLine().getSipVersion();
        if (!"SIP/2.0".equals(version)) {
            reply(request.createResponse(Response.VERSION_NOT_SUPPORTED, "Bad SIP version " + version));
            return;
        }
        if (!request.getMethod().equalsIgnoreCase(request.getCSeq().getMethod())) {
            reply(request.createResponse(Response.BAD_REQUEST));
            return;
        }
        ServerRequestInterface server = stack.newSIPServerRequest(request, this);
        if (server == null) {
            LOG.debug("No server transaction available for {} from {}: dropped", request.getMethod(), this);
            return;
        }
        try {
            server.processRequest(request, this);
        } finally {
            if (server instanceof SIPServerTransaction tx && !tx.passToListener()) {
                ((SIPTransaction) server).releaseSem();
            }
        }
    }

    private void processResponse(SIPResponse response) {
        try {
            response.checkHeaders();
        } catch (ParseException e) {
            LOG.debug("Dropped a badly formatted response from {}: {}", this, e.getMessage());
            return;
        }
        logReceived(response);
        ServerResponseInterface client = stack.newSIPServerResponse(response, this);
        if (client == null) {
            return;
        }
        try {
            if (client instanceof SIPClientTransaction ct && !ct.checkFromTag(response)) {
                LOG.debug("Dropped a response with a foreign From tag from {}", this);
                return;
            }
            client.processResponse(response, this);
        } finally {
            if (client instanceof SIPTransaction tx && !tx.passToListener()) {
                tx.releaseSem();
            }
        }
    }

    /** The {@code .invalid} names a client calls itself by (Via sent-by, Contact host) now lead here. */
    private void rememberNames(SIPRequest request, Via via) {
        remember(via.getHost());
        ContactList contacts = request.getContactHeaders();
        if (contacts != null) {
            for (Contact contact : contacts) {
                if (contact.getAddress() != null && contact.getAddress().getURI() instanceof SipURI uri) {
                    remember(uri.getHost());
                }
            }
        }
    }

    private void remember(String host) {
        String name = processor.nameSeen(host, this);
        if (name != null && !names.contains(name)) {
            names.add(name);
        }
    }

    List<String> names() {
        return names;
    }

    private void reply(SIPResponse response) throws IOException {
        sendMessage(response);
    }

    private void logReceived(SIPMessage message) {
        if (stack.getStackLogger().isLoggingEnabled(LogWriter.TRACE_MESSAGES)) {
            stack.getServerLogger().logMessage(message, getPeerHostPort().toString(),
                    processor.getIpAddress().getHostAddress() + ":" + processor.getPort(), false,
                    System.currentTimeMillis());
        }
    }

    /** Called by the HTTP side once the connection is closed, whoever closed it. */
    public void closed() {
        processor.detach(this);
    }

    // --- sending ---------------------------------------------------------------------------------

    @Override
    public void sendMessage(SIPMessage message) throws IOException {
        long time = System.currentTimeMillis();
        link.send(message.encodeAsBytes(transport));
        message.setRemoteAddress(peerAddress);
        message.setRemotePort(peerPort);
        message.setLocalAddress(processor.getIpAddress());
        message.setLocalPort(processor.getPort());
        logMessage(message, peerAddress, peerPort, time);
    }

    /**
     * A request sent statelessly (an ACK for a 2xx) to a hop this channel was found for: the hop may
     * name the peer by a {@code .invalid} host, which must not be looked up, so it is not.
     */
    @Override
    public void sendMessage(SIPMessage message, Hop hop) throws IOException {
        sendMessage(message);
    }

    /** The address is this connection's peer in every case the stack calls this: there is no other. */
    @Override
    protected void sendMessage(byte[] message, InetAddress receiverAddress, int receiverPort, boolean reconnect)
            throws IOException {
        link.send(message);
    }

    /** Sends bytes already framed as a SIP message (a stateless refusal made from a request's head). */
    public void sendRaw(byte[] message) throws IOException {
        link.send(message);
    }

    /** Closes the connection from our side. */
    @Override
    public void close() {
        link.close();
    }

    // --- what the stack asks of a channel --------------------------------------------------------

    @Override
    public SIPTransactionStack getSIPStack() {
        return stack;
    }

    @Override
    public String getTransport() {
        return transport;
    }

    @Override
    public boolean isReliable() {
        return true;
    }

    @Override
    public boolean isSecure() {
        return processor.isSecure();
    }

    @Override
    public String getPeerAddress() {
        return peerAddress.getHostAddress();
    }

    @Override
    protected InetAddress getPeerInetAddress() {
        return peerAddress;
    }

    @Override
    protected String getPeerProtocol() {
        return transport;
    }

    @Override
    public int getPeerPort() {
        return peerPort;
    }

    @Override
    public int getPeerPacketSourcePort() {
        return peerPort;
    }

    @Override
    public InetAddress getPeerPacketSourceAddress() {
        return peerAddress;
    }

    @Override
    public String getKey() {
        return getKey(peerAddress, peerPort, transport);
    }

    @Override
    public String getViaHost() {
        return processor.getIpAddress().getHostAddress();
    }

    @Override
    public int getViaPort() {
        return processor.getPort();
    }

    /** Headers without which a message cannot be matched fail the parse; others are kept unparsed. */
    @Override
    public void handleException(ParseException e, SIPMessage message, Class hdrClass, String header, String text)
            throws ParseException {
        if (hdrClass != null && (hdrClass == From.class || hdrClass == To.class || hdrClass == CSeq.class
                || hdrClass == Via.class || hdrClass == CallID.class || hdrClass == ContentLength.class
                || hdrClass == RequestLine.class || hdrClass == StatusLine.class)) {
            throw e;
        }
        message.addUnparsed(header);
    }

    private static boolean isOnlyLineBreaks(byte[] payload) {
        if (payload.length == 0) {
            return true;
        }
        for (byte b : payload) {
            if (b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return transport + ":" + getPeerAddress() + ":" + peerPort;
    }
}
