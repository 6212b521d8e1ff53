package io.sipcontainer.it.support;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.DefaultTlsSecurityPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scriptable SIP user agent for end-to-end tests, on its own JAIN-SIP stack bound to an
 * ephemeral UDP port of 127.0.0.1. It builds and sends requests (each in a client transaction),
 * answers incoming requests (each gets a server transaction on arrival, so retransmissions are
 * absorbed by the stack), and sends ACK and in-dialog requests for a 2xx as RFC 3261 12.2.1.1 and
 * 13.2.2.4 say. Everything received is queued: {@code await...} methods poll those queues up to a
 * deadline and fail with an {@link AssertionError} naming what was missing; {@code poll...} methods
 * return empty instead, for checking that something does not arrive. A separate plain UDP socket
 * sends and receives raw text for malformed-message tests.
 */
public final class SipAgent implements SipListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SipAgent.class);
    private static final AtomicInteger STACKS = new AtomicInteger();
    private static final String HOST = "127.0.0.1";
    private static final String TRANSPORT = ListeningPoint.UDP;
    /** Marks a transaction timeout in a transaction's response queue. */
    private static final Object TIMED_OUT = new Object();

    private final SipStackImpl stack;
    private final SipProvider provider;
    private final ListeningPoint listeningPoint;
    private final AddressFactory addresses;
    private final HeaderFactory headers;
    private final MessageFactory messages;
    private final DatagramSocket rawSocket;

    private final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
    private final Map<String, BlockingQueue<Object>> responsesByBranch = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<RequestEvent>> requestsByMethod = new ConcurrentHashMap<>();
    private final Map<ServerTransaction, String> toTags = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> cseqByCallId = new ConcurrentHashMap<>();

    /** Starts a stack listening on 127.0.0.1 at an ephemeral UDP port. */
    public SipAgent() {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "test-agent-" + STACKS.incrementAndGet());
        // like the container, the agent builds dialogs' requests itself
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", "io.sipcontainer.stack.logging.Slf4jStackLogger");
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", "io.sipcontainer.stack.logging.Slf4jServerLogger");
        // naming JAIN-SIP's TLS defaults spares a WARN line each per agent; the agent uses no TLS
        p.setProperty("gov.nist.javax.sip.TLS_SECURITY_POLICY", DefaultTlsSecurityPolicy.class.getName());
        p.setProperty("javax.net.ssl.keyStoreType", KeyStore.getDefaultType());
        p.setProperty("javax.net.ssl.trustStoreType", KeyStore.getDefaultType());
        try {
            SipFactory factory = SipFactory.getInstance();
            addresses = factory.createAddressFactory();
            headers = factory.createHeaderFactory();
            messages = factory.createMessageFactory();
            // built directly rather than by SipFactory, which would keep every stopped stack by name
            stack = new SipStackImpl(p);
            listeningPoint = bindEphemeral(stack);
            provider = stack.createSipProvider(listeningPoint);
            provider.addSipListener(this);
            stack.start();
            rawSocket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(HOST), 0));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test SIP agent: " + e, e);
        }
    }

    /** The agent's SIP port (UDP on 127.0.0.1). */
    public int port() {
        return listeningPoint.getPort();
    }

    /** A SIP URI of this agent: {@code sip:user@127.0.0.1:port}. */
    public String uri(String user) {
        return "sip:" + user + "@" + HOST + ":" + port();
    }

    /**
     * A new out-of-dialog request: fresh Call-ID and From tag, no To tag, CSeq 1, a Via with a new
     * branch, Max-Forwards 70 and a Contact of this agent. The URIs may be name-addr or bare URIs.
     */
    public Request newRequest(String method, String requestUri, String fromUri, String toUri) {
        try {
            URI target = addresses.createURI(requestUri);
            FromHeader from = headers.createFromHeader(addresses.createAddress(fromUri), newTag());
            ToHeader to = headers.createToHeader(addresses.createAddress(toUri), null);
            CallIdHeader callId = provider.getNewCallId();
            CSeqHeader cseq = headers.createCSeqHeader(1L, method);
            Request request = messages.createRequest(target, method, callId, cseq, from, to,
                    List.of(newVia()), headers.createMaxForwardsHeader(70));
            request.addHeader(contact());
            return request;
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalArgumentException("cannot build " + method + " to " + requestUri + ": " + e.getMessage(), e);
        }
    }

    /** Sets a minimal audio SDP offer (or answer) as the body of {@code message}. */
    public void attachSdp(javax.sip.message.Message message) {
        String sdp = "v=0\r\no=agent 1 1 IN IP4 " + HOST + "\r\ns=-\r\nc=IN IP4 " + HOST + "\r\nt=0 0\r\n"
                + "m=audio " + (port() + 2) + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        try {
            ContentTypeHeader type = headers.createContentTypeHeader("application", "sdp");
            message.setContent(sdp, type);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code request} in a new client transaction; its responses then queue up for the await methods. */
    public ClientTransaction send(Request request) {
        try {
            ClientTransaction transaction = provider.getNewClientTransaction(request);
            responsesByBranch.putIfAbsent(transaction.getBranchId(), new LinkedBlockingQueue<>());
            transaction.sendRequest();
            return transaction;
        } catch (SipException e) {
            throw new IllegalStateException("cannot send " + request.getMethod() + ": " + e.getMessage(), e);
        }
    }

    /** The next response received, of any transaction, in arrival order (2xx retransmissions included). */
    public Response awaitResponse(Duration timeout) {
        Response r = poll(responses, timeout);
        if (r == null) {
            throw new AssertionError("no response within " + timeout);
        }
        return r;
    }

    /** The final response of {@code transaction}, skipping its provisional ones; fails on timeout. */
    public Response awaitFinalResponse(ClientTransaction transaction, Duration timeout) {
        BlockingQueue<Object> queue = responsesByBranch.get(transaction.getBranchId());
        if (queue == null) {
            throw new IllegalArgumentException("transaction " + transaction.getBranchId() + " was not sent by this agent");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Integer> seen = new ArrayList<>();
        while (true) {
            Object next = poll(queue, Duration.ofNanos(deadline - System.nanoTime()));
            if (next == null) {
                throw new AssertionError("no final response to " + transaction.getRequest().getMethod()
                        + " within " + timeout + " (provisional responses: " + seen + ")");
            }
            if (next == TIMED_OUT) {
                throw new AssertionError("the " + transaction.getRequest().getMethod()
                        + " transaction timed out without a final response (provisional responses: " + seen + ")");
            }
            Response response = (Response) next;
            if (response.getStatusCode() >= 200) {
                return response;
            }
            seen.add(response.getStatusCode());
        }
    }

    /** The next incoming request of {@code method}; requests of other methods stay queued. */
    public RequestEvent awaitRequest(String method, Duration timeout) {
        return pollRequest(method, timeout).orElseThrow(
                () -> new AssertionError("no " + method + " request within " + timeout));
    }

    /** The next incoming request of {@code method}, or empty if none arrives in time. */
    public Optional<RequestEvent> pollRequest(String method, Duration timeout) {
        return Optional.ofNullable(poll(requestQueue(method), timeout));
    }

    /**
     * Answers a request with {@code status}: adds a To tag (the same one for every response of that
     * request) unless it has one or status is 100, and a Contact to 2xx and to INVITE provisionals.
     */
    public Response respond(RequestEvent event, int status) {
        Response response = createResponse(event, status);
        respond(event, response);
        return response;
    }

    /** The response {@link #respond(RequestEvent, int)} would send, to adjust before {@link #respond(RequestEvent, Response)}. */
    public Response createResponse(RequestEvent event, int status) {
        Request request = event.getRequest();
        try {
            Response response = messages.createResponse(status, request);
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (to.getTag() == null && status > 100) {
                ServerTransaction st = event.getServerTransaction();
                to.setTag(st == null ? newTag() : toTags.computeIfAbsent(st, t -> newTag()));
            }
            boolean invite = Request.INVITE.equals(request.getMethod());
            if (status / 100 == 2 || (invite && status > 100 && status < 200)) {
                response.setHeader(contact());
            }
            return response;
        } catch (ParseException e) {
            throw new IllegalArgumentException("cannot answer " + status + ": " + e.getMessage(), e);
        }
    }

    /** Sends {@code response} in the request's server transaction (statelessly if it has none). */
    public void respond(RequestEvent event, Response response) {
        try {
            ServerTransaction st = event.getServerTransaction();
            if (st != null) {
                st.sendResponse(response);
            } else {
                provider.sendResponse(response);
            }
        } catch (SipException | InvalidArgumentException e) {
            throw new IllegalStateException("cannot send " + response.getStatusCode() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Acknowledges a 2xx to an INVITE (RFC 3261 13.2.2.4): a new transaction to the 2xx's Contact,
     * through its route set, with the INVITE's Call-ID, From, To (with the tag) and CSeq number.
     * Returns the ACK sent.
     */
    public Request sendAck(Response ok) {
        CSeqHeader cseq = (CSeqHeader) ok.getHeader(CSeqHeader.NAME);
        Request ack = inDialog(ok, Request.ACK, cseq.getSeqNumber());
        try {
            provider.sendRequest(ack);
        } catch (SipException e) {
            throw new IllegalStateException("cannot send ACK: " + e.getMessage(), e);
        }
        return ack;
    }

    /**
     * A request within the dialog a 2xx (to a request this agent sent) established, e.g. BYE: sent to
     * the 2xx's Contact through its route set, with the next CSeq number of that Call-ID. Send it
     * with {@link #send(Request)}.
     */
    public Request newInDialogRequest(Response dialogResponse, String method) {
        CallIdHeader callId = (CallIdHeader) dialogResponse.getHeader(CallIdHeader.NAME);
        long initial = ((CSeqHeader) dialogResponse.getHeader(CSeqHeader.NAME)).getSeqNumber();
        long next = cseqByCallId.computeIfAbsent(callId.getCallId(), id -> new AtomicLong(initial)).incrementAndGet();
        return inDialog(dialogResponse, method, next);
    }

    /**
     * A request within the dialog this agent accepted as callee (RFC 3261 12.2.1.1): to the
     * caller's Contact through the INVITE's Record-Route, with the INVITE's Call-ID, From and To
     * swapped (this agent's tag from {@code answer}), and this side's own next CSeq number. Send it
     * with {@link #send(Request)}.
     */
    public Request newCalleeRequest(RequestEvent invite, Response answer, String method) {
        Request request = invite.getRequest();
        ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
        if (contact == null) {
            throw new AssertionError("the INVITE has no Contact: " + request);
        }
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        long cseq = cseqByCallId.computeIfAbsent("callee|" + callId.getCallId(), id -> new AtomicLong()).incrementAndGet();
        try {
            ToHeader answered = (ToHeader) answer.getHeader(ToHeader.NAME);
            FromHeader caller = (FromHeader) request.getHeader(FromHeader.NAME);
            FromHeader from = headers.createFromHeader((Address) answered.getAddress().clone(), answered.getTag());
            ToHeader to = headers.createToHeader((Address) caller.getAddress().clone(), caller.getTag());
            Request inDialog = messages.createRequest((URI) contact.getAddress().getURI().clone(), method,
                    (CallIdHeader) callId.clone(), headers.createCSeqHeader(cseq, method), from, to,
                    List.of(newVia()), headers.createMaxForwardsHeader(70));
            ListIterator<?> it = request.getHeaders(RecordRouteHeader.NAME);
            while (it.hasNext()) {
                inDialog.addHeader(headers.createRouteHeader((Address) ((RecordRouteHeader) it.next()).getAddress().clone()));
            }
            inDialog.addHeader(contact());
            return inDialog;
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("cannot build " + method + ": " + e.getMessage(), e);
        }
    }

    /** Sends raw text (e.g. a malformed message) from the raw socket to {@code to}. */
    public void sendRaw(String text, InetSocketAddress to) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            rawSocket.send(new DatagramPacket(bytes, bytes.length, to));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send raw datagram to " + to, e);
        }
    }

    /** The raw socket's port, to put in a raw message's Via so answers come back to it. */
    public int rawPort() {
        return rawSocket.getLocalPort();
    }

    /** The next datagram the raw socket receives, as text; fails if none arrives in time. */
    public String receiveRaw(Duration timeout) {
        return pollRaw(timeout).orElseThrow(() -> new AssertionError("no datagram within " + timeout));
    }

    /** The next datagram the raw socket receives, or empty if none arrives in time. */
    public synchronized Optional<String> pollRaw(Duration timeout) {
        byte[] buffer = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            rawSocket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            rawSocket.receive(packet);
            return Optional.of(new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot receive on the raw socket", e);
        }
    }

    /** Stops the stack and closes both sockets. */
    @Override
    public void close() {
        rawSocket.close();
        awaitUdpReader();
        provider.removeSipListener(this);
        try {
            withoutTheBlindPause(() -> stack.deleteSipProvider(provider));
            stack.deleteListeningPoint(listeningPoint);
        } catch (Exception e) {
            LOG.debug("while closing the test agent's provider", e);
        }
        try {
            withoutTheBlindPause(stack::stop);
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the test agent's stack", e);
        }
    }

    /**
     * Waits (up to 5 s) for JAIN-SIP's UDP reader to have started: it makes its list of channels
     * when its thread first runs, and its {@code stop} fails on a list not made yet, so a stack
     * closed right after it started threw a NullPointerException.
     */
    private void awaitUdpReader() {
        if (!(listeningPoint instanceof gov.nist.javax.sip.ListeningPointImpl lp)
                || !(lp.getMessageProcessor() instanceof gov.nist.javax.sip.stack.UDPMessageProcessor udp)) {
            return;
        }
        try {
            java.lang.reflect.Field channels = gov.nist.javax.sip.stack.UDPMessageProcessor.class
                    .getDeclaredField("messageChannels");
            channels.setAccessible(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (channels.get(udp) == null && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("cannot see whether the UDP reader started", e);
        }
    }

    /** A step that may throw, for {@link #withoutTheBlindPause}. */
    private interface StopStep {
        void run() throws Exception;
    }

    /**
     * Runs a JAIN-SIP step that ends in the RI's {@code stopStack} without its blind second: that
     * method sleeps 1 s "to let processing complete" and goes on at once when the sleep is
     * interrupted. Deleting the last provider stops the stack, and {@code stop()} stops it again,
     * so an agent's close paid one to two seconds for nothing: its socket is closed by then and its
     * test has read what it waited for. The interrupt is set just for the step; the thread's own
     * flag is restored afterwards.
     */
    private static void withoutTheBlindPause(StopStep step) throws Exception {
        boolean wasInterrupted = Thread.interrupted();
        Thread.currentThread().interrupt();
        try {
            step.run();
        } finally {
            Thread.interrupted();
            if (wasInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // --- SipListener: everything is queued for the test thread -------------------------------

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        ServerTransaction st = event.getServerTransaction();
        if (st == null && !Request.ACK.equals(request.getMethod())) {
            try {
                st = provider.getNewServerTransaction(request);
            } catch (TransactionAlreadyExistsException retransmission) {
                return;
            } catch (SipException e) {
                LOG.warn("test agent cannot create a server transaction for {}: {}", request.getMethod(), e.toString());
            }
        }
        requestQueue(request.getMethod()).add(new RequestEvent(provider, st, null, request));
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Response response = event.getResponse();
        responses.add(response);
        ViaHeader via = (ViaHeader) response.getHeader(ViaHeader.NAME);
        if (via != null && via.getBranch() != null) {
            BlockingQueue<Object> queue = responsesByBranch.get(via.getBranch());
            if (queue != null) {
                queue.add(response);
            }
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (!event.isServerTransaction()) {
            BlockingQueue<Object> queue = responsesByBranch.get(event.getClientTransaction().getBranchId());
            if (queue != null) {
                queue.add(TIMED_OUT);
            }
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.warn("test agent I/O error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        if (event.isServerTransaction()) {
            toTags.remove(event.getServerTransaction());
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // no dialogs: automatic dialog support is off
    }

    // --- helpers -----------------------------------------------------------------------------

    /** A request in the dialog of {@code response} (one this agent, as UAC, received). */
    private Request inDialog(Response response, String method, long cseqNumber) {
        ContactHeader contact = (ContactHeader) response.getHeader(ContactHeader.NAME);
        if (contact == null) {
            throw new AssertionError("the " + response.getStatusCode() + " response has no Contact: " + response);
        }
        try {
            URI target = (URI) contact.getAddress().getURI().clone();
            Request request = messages.createRequest(target, method,
                    (CallIdHeader) response.getHeader(CallIdHeader.NAME).clone(),
                    headers.createCSeqHeader(cseqNumber, method),
                    (FromHeader) response.getHeader(FromHeader.NAME).clone(),
                    (ToHeader) response.getHeader(ToHeader.NAME).clone(),
                    List.of(newVia()), headers.createMaxForwardsHeader(70));
            // the UAC's route set is the Record-Route of the response, in reverse order (12.1.2)
            List<RecordRouteHeader> recordRoutes = new ArrayList<>();
            ListIterator<?> it = response.getHeaders(RecordRouteHeader.NAME);
            while (it.hasNext()) {
                recordRoutes.add((RecordRouteHeader) it.next());
            }
            Collections.reverse(recordRoutes);
            for (RecordRouteHeader rr : recordRoutes) {
                Address routeAddress = (Address) rr.getAddress().clone();
                request.addHeader(headers.createRouteHeader(routeAddress));
            }
            if (!Request.ACK.equals(method)) {
                request.addHeader(contact());
            }
            return request;
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("cannot build " + method + ": " + e.getMessage(), e);
        }
    }

    /** JAIN-SIP refuses port 0, so bind a port found free, retrying if another process takes it first. */
    private static ListeningPoint bindEphemeral(SipStackImpl stack) throws SipException, InvalidArgumentException {
        InvalidArgumentException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return stack.createListeningPoint(HOST, FreePort.find(), TRANSPORT);
            } catch (InvalidArgumentException e) {
                last = e;
            }
        }
        throw last;
    }

    private ViaHeader newVia() throws ParseException, InvalidArgumentException {
        return headers.createViaHeader(HOST, port(), TRANSPORT, "z9hG4bK" + UUID.randomUUID().toString().replace("-", ""));
    }

    private ContactHeader contact() throws ParseException {
        return headers.createContactHeader(addresses.createAddress("<" + uri("agent") + ">"));
    }

    private BlockingQueue<RequestEvent> requestQueue(String method) {
        return requestsByMethod.computeIfAbsent(method.toUpperCase(Locale.ROOT), m -> new LinkedBlockingQueue<>());
    }

    private static String newTag() {
        return Long.toHexString(UUID.randomUUID().getMostSignificantBits());
    }

    private static <T> T poll(BlockingQueue<T> queue, Duration timeout) {
        try {
            return queue.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
