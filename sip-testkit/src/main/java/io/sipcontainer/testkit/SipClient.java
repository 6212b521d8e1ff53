package io.sipcontainer.testkit;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
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
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.DefaultTlsSecurityPolicy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scriptable SIP user agent for tests, on its own JAIN-SIP stack at an ephemeral UDP port of
 * 127.0.0.1. As a caller it builds requests ({@link #request}, {@link #invite}), sends each in a
 * client transaction ({@link #send}) and hands back an {@link Exchange} to expect responses on; it
 * acknowledges a 2xx and sends requests in the dialog a 2xx set up. As a callee it queues every
 * request it receives ({@link #expectRequest}) for the test to answer ({@link Incoming#respond}).
 * Requests and responses are JAIN-SIP's {@link Request} and {@link Response}, so a test can add any
 * header. Waits end after {@link #timeout(Duration)} (5 s unless set) with an {@link AssertionError}.
 */
public final class SipClient implements SipListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SipClient.class);
    private static final AtomicInteger STACKS = new AtomicInteger();
    private static final String HOST = "127.0.0.1";
    static final Object TIMED_OUT = new Object();

    private final SipStackImpl stack;
    private final SipProvider provider;
    private final ListeningPoint listeningPoint;
    private final AddressFactory addresses;
    private final HeaderFactory headers;
    private final MessageFactory messages;
    private final Map<String, BlockingQueue<Object>> responsesByBranch = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<Incoming>> requestsByMethod = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> cseqByCallId = new ConcurrentHashMap<>();
    private volatile Duration timeout = Duration.ofSeconds(5);

    /** Starts a stack on 127.0.0.1 at an ephemeral UDP port. */
    public SipClient() {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "sip-testkit-client-" + STACKS.incrementAndGet());
        // the client builds in-dialog requests itself, as a test wants to control them
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", "io.sipcontainer.stack.logging.Slf4jStackLogger");
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", "io.sipcontainer.stack.logging.Slf4jServerLogger");
        // naming JAIN-SIP's TLS defaults spares a WARN line per client; the client uses no TLS
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
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the SIP client: " + e, e);
        }
    }

    /** Sets how long expectations wait; returns this client. */
    public SipClient timeout(Duration wait) {
        this.timeout = wait;
        return this;
    }

    Duration timeout() {
        return timeout;
    }

    /** The client's UDP port on 127.0.0.1. */
    public int port() {
        return listeningPoint.getPort();
    }

    /** {@code sip:user@127.0.0.1:port}: requests sent there reach this client. */
    public String uri(String user) {
        return "sip:" + user + "@" + HOST + ":" + port();
    }

    /**
     * A new out-of-dialog request from {@code sip:alice@...} (this client) to {@code requestUri}: fresh
     * Call-ID and From tag, CSeq 1, Max-Forwards 70, a Contact of this client.
     */
    public Request request(String method, String requestUri) {
        return request(method, requestUri, uri("alice"), requestUri);
    }

    /** As {@link #request(String, String)} with the From and To given (URIs or name-addrs). */
    public Request request(String method, String requestUri, String from, String to) {
        try {
            FromHeader fromHeader = headers.createFromHeader(addresses.createAddress(from), newTag());
            ToHeader toHeader = headers.createToHeader(addresses.createAddress(to), null);
            Request request = messages.createRequest(addresses.createURI(requestUri), method,
                    provider.getNewCallId(), headers.createCSeqHeader(1L, method), fromHeader, toHeader,
                    List.of(newVia()), headers.createMaxForwardsHeader(70));
            request.addHeader(contact());
            return request;
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalArgumentException("cannot build " + method + " to " + requestUri + ": " + e.getMessage(), e);
        }
    }

    /** An INVITE to {@code requestUri} with a minimal audio SDP offer. */
    public Request invite(String requestUri) {
        Request invite = request(Request.INVITE, requestUri);
        setSdp(invite);
        return invite;
    }

    /** Sets a UTF-8 body of the given type, e.g. {@code ("text", "plain", "hello")}. */
    public void setBody(Message message, String type, String subType, String body) {
        try {
            ContentTypeHeader contentType = headers.createContentTypeHeader(type, subType);
            message.setContent(body, contentType);
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad content type " + type + "/" + subType, e);
        }
    }

    /** Sets a minimal audio SDP (offer or answer) as the body. */
    public void setSdp(Message message) {
        setBody(message, "application", "sdp", "v=0\r\no=testkit 1 1 IN IP4 " + HOST + "\r\ns=-\r\nc=IN IP4 " + HOST
                + "\r\nt=0 0\r\nm=audio " + (port() + 2) + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");
    }

    /** Sets (replaces) a header from its text, e.g. {@code setHeader(req, "Subject", "hello")}. */
    public void setHeader(Message message, String name, String value) {
        try {
            message.setHeader(headers.createHeader(name, value));
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad " + name + " header '" + value + "'", e);
        }
    }

    /** Sends {@code request} in a new client transaction; expect its responses on the result. */
    public Exchange send(Request request) {
        try {
            ClientTransaction transaction = provider.getNewClientTransaction(request);
            BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
            responsesByBranch.put(transaction.getBranchId(), queue);
            transaction.sendRequest();
            return new Exchange(this, request, queue);
        } catch (SipException e) {
            throw new IllegalStateException("cannot send " + request.getMethod() + ": " + e.getMessage(), e);
        }
    }

    /** Acknowledges a 2xx to an INVITE (RFC 3261 13.2.2.4) and returns the ACK sent. */
    public Request ack(Response ok) {
        Request ack = inDialog(ok, Request.ACK, ((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber());
        try {
            provider.sendRequest(ack);
        } catch (SipException e) {
            throw new IllegalStateException("cannot send ACK: " + e.getMessage(), e);
        }
        return ack;
    }

    /**
     * A request in the dialog the 2xx {@code dialogResponse} set up (e.g. BYE): to its Contact through
     * its Record-Route, next CSeq of the Call-ID. Send it with {@link #send(Request)}.
     */
    public Request inDialog(Response dialogResponse, String method) {
        String callId = ((CallIdHeader) dialogResponse.getHeader(CallIdHeader.NAME)).getCallId();
        long first = ((CSeqHeader) dialogResponse.getHeader(CSeqHeader.NAME)).getSeqNumber();
        long next = cseqByCallId.computeIfAbsent(callId, id -> new AtomicLong(first)).incrementAndGet();
        return inDialog(dialogResponse, method, next);
    }

    /**
     * A request in the dialog this client accepted as callee (RFC 3261 12.2.1.1), e.g. its BYE: to the
     * caller's Contact through the INVITE's Record-Route, From and To swapped (the tag of
     * {@code answer}), this side's own CSeq. Send it with {@link #send(Request)}.
     */
    public Request inDialog(Incoming invite, Response answer, String method) {
        Request request = invite.request();
        ContactHeader target = (ContactHeader) request.getHeader(ContactHeader.NAME);
        if (target == null) {
            throw new AssertionError("the INVITE has no Contact: " + request);
        }
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        long cseq = cseqByCallId.computeIfAbsent("callee|" + callId.getCallId(), id -> new AtomicLong()).incrementAndGet();
        try {
            ToHeader answered = (ToHeader) answer.getHeader(ToHeader.NAME);
            FromHeader caller = (FromHeader) request.getHeader(FromHeader.NAME);
            Request inDialog = messages.createRequest((javax.sip.address.URI) target.getAddress().getURI().clone(), method,
                    (CallIdHeader) callId.clone(), headers.createCSeqHeader(cseq, method),
                    headers.createFromHeader((Address) answered.getAddress().clone(), answered.getTag()),
                    headers.createToHeader((Address) caller.getAddress().clone(), caller.getTag()),
                    List.of(newVia()), headers.createMaxForwardsHeader(70));
            ListIterator<?> it = request.getHeaders(RecordRouteHeader.NAME);
            while (it.hasNext()) { // the callee's route set: Record-Route in its order
                inDialog.addHeader(headers.createRouteHeader((Address) ((RecordRouteHeader) it.next()).getAddress().clone()));
            }
            inDialog.addHeader(contact());
            return inDialog;
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("cannot build " + method + ": " + e.getMessage(), e);
        }
    }

    /** The next request of {@code method} this client received; fails after the timeout. */
    public Incoming expectRequest(String method) {
        return pollRequest(method, timeout).orElseThrow(
                () -> new AssertionError("no " + method + " request reached the client within " + timeout));
    }

    /** The next request of {@code method}, or empty if none arrives within {@code wait}. */
    public Optional<Incoming> pollRequest(String method, Duration wait) {
        return Optional.ofNullable(Exchange.poll(requestQueue(method), wait));
    }

    /** Stops the stack and closes its socket. */
    @Override
    public void close() {
        awaitUdpReader();
        provider.removeSipListener(this);
        try {
            withoutTheBlindPause(() -> stack.deleteSipProvider(provider));
            stack.deleteListeningPoint(listeningPoint);
        } catch (Exception e) {
            LOG.debug("while closing the test client's provider", e);
        }
        try {
            withoutTheBlindPause(stack::stop);
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the test client's stack", e);
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
     * so a client's close paid one to two seconds for nothing: its socket is closed by then and its
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

    // --- SipListener: everything is queued for the test thread ---------------------------------

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        ServerTransaction st = event.getServerTransaction();
        if (st == null && !Request.ACK.equals(request.getMethod())) {
            try {
                st = provider.getNewServerTransaction(request);
            } catch (TransactionAlreadyExistsException retransmission) {
                return; // the stack answers it from the transaction
            } catch (SipException e) {
                LOG.warn("test client cannot create a server transaction for {}: {}", request.getMethod(), e.toString());
            }
        }
        requestQueue(request.getMethod()).add(new Incoming(this, request, st));
    }

    @Override
    public void processResponse(ResponseEvent event) {
        ViaHeader via = (ViaHeader) event.getResponse().getHeader(ViaHeader.NAME);
        BlockingQueue<Object> queue = via == null || via.getBranch() == null ? null : responsesByBranch.get(via.getBranch());
        if (queue != null) {
            queue.add(event.getResponse());
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
        LOG.warn("test client I/O error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // nothing kept per transaction beyond its response queue
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // no dialogs: automatic dialog support is off
    }

    // --- used by Incoming -----------------------------------------------------------------------

    MessageFactory messages() {
        return messages;
    }

    ContactHeader contact() {
        try {
            return headers.createContactHeader(addresses.createAddress("<" + uri("client") + ">"));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    static String newTag() {
        return Long.toHexString(UUID.randomUUID().getMostSignificantBits());
    }

    // --- helpers ----------------------------------------------------------------------------------

    private Request inDialog(Response response, String method, long cseq) {
        ContactHeader target = (ContactHeader) response.getHeader(ContactHeader.NAME);
        if (target == null) {
            throw new AssertionError("the " + response.getStatusCode() + " response has no Contact: " + response);
        }
        try {
            Request request = messages.createRequest((javax.sip.address.URI) target.getAddress().getURI().clone(), method,
                    (CallIdHeader) response.getHeader(CallIdHeader.NAME).clone(), headers.createCSeqHeader(cseq, method),
                    (FromHeader) response.getHeader(FromHeader.NAME).clone(),
                    (ToHeader) response.getHeader(ToHeader.NAME).clone(), List.of(newVia()),
                    headers.createMaxForwardsHeader(70));
            // the caller's route set is the response's Record-Route, reversed (RFC 3261 12.1.2)
            List<RecordRouteHeader> recordRoutes = new ArrayList<>();
            ListIterator<?> it = response.getHeaders(RecordRouteHeader.NAME);
            while (it.hasNext()) {
                recordRoutes.add((RecordRouteHeader) it.next());
            }
            Collections.reverse(recordRoutes);
            for (RecordRouteHeader rr : recordRoutes) {
                request.addHeader(headers.createRouteHeader((Address) rr.getAddress().clone()));
            }
            if (!Request.ACK.equals(method)) {
                request.addHeader(contact());
            }
            return request;
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("cannot build " + method + ": " + e.getMessage(), e);
        }
    }

    /** JAIN-SIP refuses port 0: bind a port found free, again if another process takes it first. */
    private static ListeningPoint bindEphemeral(SipStackImpl stack) throws SipException, InvalidArgumentException {
        InvalidArgumentException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return stack.createListeningPoint(HOST, freeUdpPort(), ListeningPoint.UDP);
            } catch (InvalidArgumentException e) {
                last = e;
            }
        }
        throw last;
    }

    private static int freeUdpPort() {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("no free UDP port on the loopback address", e);
        }
    }

    private ViaHeader newVia() throws ParseException, InvalidArgumentException {
        return headers.createViaHeader(HOST, port(), ListeningPoint.UDP,
                "z9hG4bK" + UUID.randomUUID().toString().replace("-", ""));
    }

    private BlockingQueue<Incoming> requestQueue(String method) {
        return requestsByMethod.computeIfAbsent(method.toUpperCase(Locale.ROOT), m -> new LinkedBlockingQueue<>());
    }
}
