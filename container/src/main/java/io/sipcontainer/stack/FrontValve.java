package io.sipcontainer.stack;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sip.SipStack;
import javax.sip.message.Response;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * Everything the stack receives passes here before JAIN-SIP looks for its transaction.
 *
 * <p>Responses no client transaction matches go straight to the stray handling. JAIN-SIP 1.3.0-91
 * answers a failed look-up by its branch with a walk over every client transaction (lower-casing
 * strings for each): profiled under proxied calls at 500/s, that walk was 27% of all allocation,
 * and every 2xx the callee retransmitted made it longer, which made the server slower, which made
 * the callee retransmit more. An RFC 3261 branch (z9hG4bK) identifies its transaction exactly, so
 * when the look-up by branch finds nothing, nothing will: the response goes to the stack listener's
 * stray handling (the ACK sent again, or a 2xx relayed upstream). Responses with an RFC 2543 branch
 * still get JAIN-SIP's search.
 *
 * <p>A message read from a connection that began with a PROXY protocol header first gets the
 * client's address the header names ({@link ProxiedConnection}).
 *
 * <p>Requests that would start a new transaction go to the server's {@link
 * io.sipcontainer.transport.Admission} first, so that an overloaded server or a flooding source costs
 * one look-up and at most one stateless 503, not a transaction, a session and a queued task each. UDP
 * requests were admitted before they were parsed ({@link DatagramGate}), and so were those of
 * WebSocket connections and of TCP and TLS connections peers opened ({@link HeadGatedParser}), so
 * only requests on connections this server opened are decided here.
 *
 * <p>A message larger than {@code max_message_size} (a UDP datagram can be up to 64 KB whatever the
 * setting; over TCP and TLS the stack's own parser closes the connection first, see
 * {@link AcceptedTcpChannel}) is refused here: a request with a stateless 513 Message Too Large (RFC
 * 3261 21.5.11), a response dropped; both counted as {@code core:bad_msg_hdr}.
 */
public final class FrontValve implements SIPMessageValve {
    private static final String RFC3261_BRANCH = "z9hg4bk"; // JAIN-SIP's transaction ids are lower case
    private static final Map<String, SipStackBridge> BRIDGES = new ConcurrentHashMap<>();

    private volatile SIPTransactionStack stack;
    /** {@code max_message_size} as configured (the RI raises its own limit to at least 4096). */
    private volatile int maxMessageSize;
    private volatile SipStackBridge bridge;

    static void register(String stackName, SipStackBridge bridge) {
        if (stackName != null) {
            BRIDGES.put(stackName, bridge);
        }
    }

    /** The bridge of the stack with this name, or null (stopped, or a stack built without one). */
    static SipStackBridge bridgeOf(String stackName) {
        return stackName == null ? null : BRIDGES.get(stackName);
    }

    static void unregister(String stackName) {
        if (stackName != null) {
            BRIDGES.remove(stackName);
        }
    }

    @Override
    public void init(SipStack sipStack) {
        stack = (SIPTransactionStack) sipStack;
        String max = sipStack instanceof gov.nist.javax.sip.SipStackImpl impl
                ? impl.getConfigurationProperties().getProperty(StackProperties.MAX_MESSAGE_SIZE) : null;
        maxMessageSize = max == null ? 0 : Integer.parseInt(max.trim());
        bridge = BRIDGES.get(sipStack.getStackName());
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        ProxiedConnection.restamp(request, channel); // before admission: pike counts the real client
        SipStackBridge b = bridge;
        SIPTransactionStack s = stack;
        if (s != null && tooLarge(request, maxMessageSize, s, channel)) {
            if (!"ACK".equals(request.getMethod())) {
                Refusals.send513(request, channel);
            }
            return false;
        }
        if (b == null || s == null || "ACK".equals(request.getMethod()) || "CANCEL".equals(request.getMethod())) {
            return true;
        }
        if (channel.getMessageProcessor() instanceof ReusingUdpMessageProcessor udp && udp.gated()) {
            return true; // admitted by the socket's DatagramGate before it was parsed
        }
        if ((channel instanceof HeadGate gated && gated.headGated())
                || channel instanceof io.sipcontainer.ws.channel.WebSocketMessageChannel) {
            return true; // admitted from its head by the connection's parser (HeadGatedParser)
        }
        String id = request.getTransactionId();
        if (id != null && s.findTransaction(id, true) != null) {
            return true; // a retransmission: the stack absorbs it whatever the load
        }
        return b.admit(request, channel);
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        if (response instanceof SIPResponse proxied) {
            ProxiedConnection.restamp(proxied, channel);
        }
        SipStackBridge b = bridge;
        SIPTransactionStack s = stack;
        if (s != null && response instanceof SIPResponse sized && tooLarge(sized, maxMessageSize, s, channel)) {
            return false;
        }
        if (b == null || s == null || !(response instanceof SIPResponse r)) {
            return true;
        }
        String id = r.getTransactionId();
        if (id == null || !id.startsWith(RFC3261_BRANCH) || s.findTransaction(id, false) != null) {
            return true; // the stack matches it (or searches for an RFC 2543 one) as usual
        }
        return !b.strayResponse(r, channel.getTransport(), channel.getMessageProcessor().getPort());
    }

    private static boolean tooLarge(gov.nist.javax.sip.message.SIPMessage message, int max, SIPTransactionStack stack,
            MessageChannel channel) {
        if (max <= 0 || message.getSize() <= max) {
            return false;
        }
        io.sipcontainer.stack.logging.MalformedMessages.of(((SipStack) stack).getStackName()).record(
                channel.getTransport() + ":" + channel.getPeerAddress() + ":" + channel.getPeerPort(),
                "message of " + message.getSize() + " bytes, larger than max_message_size (" + max + ")");
        return true;
    }

    @Override
    public void destroy() {
        bridge = null;
    }
}
