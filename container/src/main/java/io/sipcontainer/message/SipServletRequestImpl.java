package io.sipcontainer.message;

import java.io.IOException;
import java.io.Serializable;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;

import javax.sip.ClientTransaction;
import javax.sip.header.MaxForwardsHeader;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import jakarta.servlet.sip.Address;
import jakarta.servlet.sip.AuthInfo;
import jakarta.servlet.sip.B2buaHelper;
import jakarta.servlet.sip.Proxy;
import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.SipURI;
import jakarta.servlet.sip.TooManyHopsException;
import jakarta.servlet.sip.URI;
import jakarta.servlet.sip.ar.SipApplicationRoutingDirective;
import jakarta.servlet.sip.ar.SipApplicationRoutingRegion;

import io.sipcontainer.session.SipSessionImpl;
import io.sipcontainer.transport.Connector;

/**
 * A SIP request as the application sees it: either received (with its JAIN-SIP server
 * transaction, answered through {@link #createResponse}) or created by the application (sent
 * through a client transaction by {@link #send}).
 */
public class SipServletRequestImpl extends ServletRequestAdapter implements SipServletRequest {
    private final SIPRequest request;
    private final boolean incoming;
    private final TransactionRecord transaction = new TransactionRecord(this);
    private boolean initial;
    private SipApplicationRoutingDirective directive = SipApplicationRoutingDirective.NEW;
    private SipApplicationRoutingRegion region;
    private URI subscriberURI;
    private Serializable routerState;
    private Address poppedRoute;
    private Address initialPoppedRoute;
    private URI requestUriView;
    /** Name/value pairs every 2xx created for this request carries; copied on write, read unlocked. */
    private volatile List<String[]> successResponseHeaders = List.of();
    /** RFC 3263 targets of a request sent to a host name, kept for failover; null otherwise. */
    private io.sipcontainer.dns.TargetList targets;

    public SipServletRequestImpl(SIPRequest request, MessageServices services, SipSessionImpl session,
            Connector connector, boolean incoming) {
        super(request, services, session, connector);
        this.request = request;
        this.incoming = incoming;
    }

    public SIPRequest jainRequest() {
        return request;
    }

    public boolean isIncoming() {
        return incoming;
    }

    /** The transaction this request opened, with its responses and the role the request plays. */
    public TransactionRecord transaction() {
        return transaction;
    }

    public void setInitial(boolean initial) {
        this.initial = initial;
    }

    /** True once the request has its final response, sent (received request) or received (sent request). */
    public boolean isFinalResponseSent() {
        return transaction.isAnswered();
    }

    /** A response to this request left or arrived. */
    void responded(SipServletResponseImpl response) {
        transaction.responded(response);
        if (response.getStatus() >= 200 && incoming) {
            setCommitted();
        }
    }

    @Override
    protected boolean isReceived() {
        return incoming;
    }

    @Override
    protected boolean isSystemHeader(String canonicalName) {
        return SystemHeaders.isSystem(canonicalName, getMethod(), 0, true);
    }

    // --- routing information set by the dispatcher ---------------------------------------------

    public void setRouting(SipApplicationRoutingRegion region, URI subscriberURI, Serializable routerState) {
        this.region = region;
        this.subscriberURI = subscriberURI;
        this.routerState = routerState;
    }

    public Serializable routerState() {
        return routerState;
    }

    public void setPoppedRoute(Address route) {
        this.poppedRoute = route;
        if (initialPoppedRoute == null) {
            initialPoppedRoute = route;
        }
    }

    @Override
    public SipApplicationRoutingRegion getRegion() {
        return region;
    }

    @Override
    public URI getSubscriberURI() {
        return subscriberURI;
    }

    @Override
    public SipApplicationRoutingDirective getRoutingDirective() {
        if (!initial) {
            throw new IllegalStateException("routing directives apply to initial requests only");
        }
        return directive;
    }

    @Override
    public void setRoutingDirective(SipApplicationRoutingDirective directive, SipServletRequest origRequest) {
        checkNotCommitted();
        if (directive != SipApplicationRoutingDirective.NEW && (origRequest == null || !origRequest.isInitial())) {
            throw new IllegalStateException("CONTINUE and REVERSE need an initial original request");
        }
        this.directive = directive;
        if (directive == SipApplicationRoutingDirective.NEW) {
            this.region = null;
            this.routerState = null;
        } else if (origRequest instanceof SipServletRequestImpl orig) {
            // the router continues from where it was for the original request
            this.region = orig.region;
            this.routerState = orig.routerState;
        }
    }

    /** The directive the container passes to the application router when this request is sent. */
    public SipApplicationRoutingDirective directive() {
        return directive;
    }

    @Override
    public Address getPoppedRoute() {
        return poppedRoute;
    }

    @Override
    public Address getInitialPoppedRoute() {
        return initialPoppedRoute;
    }

    @Override
    public boolean isInitial() {
        return initial;
    }

    // --- request line and routing headers ------------------------------------------------------

    @Override
    public URI getRequestURI() {
        if (requestUriView == null) {
            try {
                requestUriView = UriParser.parse(request.getRequestURI().toString());
            } catch (ServletParseException e) {
                throw new IllegalStateException("unparsable Request-URI: " + e.getMessage(), e);
            }
        }
        return requestUriView;
    }

    @Override
    public void setRequestURI(URI uri) {
        checkNotCommitted();
        if (uri == null) {
            throw new NullPointerException("uri");
        }
        try {
            request.setRequestURI(services.addressFactory().createURI(uri.toString()));
            requestUriView = null;
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid Request-URI " + uri + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void pushRoute(SipURI uri) {
        checkNotCommitted();
        SipURI copy = (SipURI) uri.clone();
        copy.setLrParam(true);
        pushRouteValue("<" + copy + ">");
    }

    @Override
    public void pushRoute(Address route) {
        checkNotCommitted();
        if (!route.getURI().isSipURI()) {
            throw new IllegalArgumentException("a Route must be a SIP URI: " + route);
        }
        pushRouteValue(route.toString());
    }

    /** Pushes a Route the container itself adds, also on a request being sent. */
    public void pushRouteInternal(String value) {
        pushRouteValue(value);
    }

    /** The RFC 3263 targets this request is being sent to, or null when its next hop is an address. */
    public io.sipcontainer.dns.TargetList targets() {
        return targets;
    }

    void setTargets(io.sipcontainer.dns.TargetList targets) {
        this.targets = targets;
    }

    private void pushRouteValue(String value) {
        try {
            request.addFirst(createHeader("Route", value));
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid Route " + value + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int getMaxForwards() {
        MaxForwardsHeader mf = request.getMaxForwards();
        return mf == null ? -1 : mf.getMaxForwards();
    }

    @Override
    public void setMaxForwards(int n) {
        checkNotCommitted();
        if (n < 0 || n > 255) {
            throw new IllegalArgumentException("Max-Forwards must be 0-255, got " + n);
        }
        setHeaderInternal("Max-Forwards", Integer.toString(n));
    }

    // --- responses -----------------------------------------------------------------------------

    /**
     * Has every 2xx later created for this received request carry this header, whichever
     * application creates it (Kamailio's {@code append_to_reply} for success replies): how the
     * digest check's {@code Authentication-Info} reaches the registrar's 200.
     */
    public synchronized void addSuccessResponseHeader(String name, String value) {
        List<String[]> more = new ArrayList<>(successResponseHeaders);
        more.add(new String[] {name, value});
        successResponseHeaders = List.copyOf(more);
    }

    /** What {@link #addSuccessResponseHeader} added, in order; empty (no allocation) for most requests. */
    List<String[]> successResponseHeaders() {
        return successResponseHeaders;
    }

    @Override
    public SipServletResponse createResponse(int statusCode) {
        return createResponse(statusCode, null);
    }

    @Override
    public SipServletResponse createResponse(int statusCode, String reasonPhrase) {
        return createResponse(statusCode, reasonPhrase, session);
    }

    /**
     * A response in the dialog of {@code dialogSession}: this request's session, or a session
     * derived from it to answer under another To tag (a B2BUA relaying forked dialogs).
     */
    public SipServletResponseImpl createResponse(int statusCode, String reasonPhrase, SipSessionImpl dialogSession) {
        if (!incoming) {
            throw new IllegalStateException("responses are created for received requests only");
        }
        if ("ACK".equals(getMethod())) {
            throw new IllegalStateException("ACK is never answered");
        }
        if (isFinalResponseSent()) {
            throw new IllegalStateException("a final response has already been sent for this request");
        }
        if (statusCode < 100 || statusCode > 699) {
            throw new IllegalArgumentException("invalid status code " + statusCode);
        }
        SIPResponse response = reasonPhrase == null ? request.createResponse(statusCode)
                : request.createResponse(statusCode, reasonPhrase);
        return ResponseBuilder.prepare(new SipServletResponseImpl(response, services, dialogSession, connector, this));
    }

    // --- sending -------------------------------------------------------------------------------

    @Override
    public void send() throws IOException {
        if (incoming) {
            throw new IllegalStateException("a received request cannot be sent; proxy it or create a new one");
        }
        checkNotCommitted();
        if (session != null && !session.isValid()) {
            throw new IllegalStateException("the session of this request has been invalidated");
        }
        SessionTimers.beforeRequestSent(this, keepAlivePreferenceIfMade());
        flushAddressViews();
        setCommitted();
        services.sender().send(this);
    }

    @Override
    public SipServletRequest createCancel() {
        if (incoming || !"INVITE".equals(getMethod())) {
            throw new IllegalStateException("only a sent INVITE can be cancelled");
        }
        ClientTransaction ct = transaction.clientTransaction();
        if (isFinalResponseSent() || ct == null) {
            throw new IllegalStateException("the INVITE has already been answered, or was not sent");
        }
        try {
            SIPRequest cancel = (SIPRequest) ct.createCancel();
            return new SipServletRequestImpl(cancel, services, session, connector, false);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create CANCEL: " + e.getMessage(), e);
        }
    }

    @Override
    public Proxy getProxy() throws TooManyHopsException {
        return getProxy(true);
    }

    @Override
    public Proxy getProxy(boolean create) throws TooManyHopsException {
        if (!incoming) {
            throw new IllegalStateException("only a received request can be proxied");
        }
        Proxy p = transaction.proxy();
        if (p != null || !create) {
            return p;
        }
        if (!initial) {
            throw new IllegalStateException("subsequent requests are proxied by the container");
        }
        if (transaction.isB2bua()) {
            throw new IllegalStateException("the application acts as a B2BUA on this request: it cannot proxy it");
        }
        if (isFinalResponseSent()) {
            throw new IllegalStateException("the request has already been answered");
        }
        synchronized (this) {
            if (transaction.proxy() == null) {
                transaction.setProxy(services.proxies().create(this));
            }
            return transaction.proxy();
        }
    }

    /** Marks an in-dialog request the container routes on for a record-routing proxy. */
    public void markProxiedInDialog() {
        transaction.markRelayedInDialog();
        setCommitted();
    }

    /** Marks a received request answered by the proxy (the best response was forwarded). */
    public void proxyResponseSent(SipServletResponseImpl response) {
        responded(response);
    }

    /**
     * Commits the application to the back-to-back user agent role for this request (no proxying
     * afterwards); refused once it proxies the request.
     */
    @Override
    public B2buaHelper getB2buaHelper() {
        if (transaction.proxy() != null) {
            throw new IllegalStateException("the application proxies this request: it cannot act as a B2BUA on it");
        }
        transaction.markB2bua();
        return services.b2bua().helperFor(this);
    }

    @Override
    public void addAuthHeader(SipServletResponse challengeResponse, AuthInfo authInfo) {
        checkNotCommitted();
        if (!(authInfo instanceof DigestCredentials credentials)) {
            throw new IllegalArgumentException("AuthInfo comes from SipFactory.createAuthInfo()");
        }
        credentials.answer((SipServletResponseImpl) challengeResponse, this);
    }

    @Override
    public void addAuthHeader(SipServletResponse challengeResponse, String username, String password) {
        checkNotCommitted();
        DigestCredentials.single(username, password).answer((SipServletResponseImpl) challengeResponse, this);
    }

    // --- ServletRequest parameters: those of the Request-URI -----------------------------------

    @Override
    public String getParameter(String name) {
        return getRequestURI().getParameter(name);
    }

    @Override
    public Enumeration<String> getParameterNames() {
        List<String> names = new ArrayList<>();
        Iterator<String> it = getRequestURI().getParameterNames();
        it.forEachRemaining(names::add);
        return Collections.enumeration(names);
    }

    @Override
    public String[] getParameterValues(String name) {
        String v = getParameter(name);
        return v == null ? null : new String[] {v};
    }

    @Override
    public String getMethod() {
        return request.getMethod();
    }

    @Override
    public jakarta.servlet.sip.InviteBranch createInviteBranch() {
        return InviteBranchImpl.create(this);
    }

    @Override
    public jakarta.servlet.sip.Flow getFlow() {
        return incoming && services.sender() != null ? services.sender().flows().flowOf(this) : null;
    }

    /** For an ACK: the final response it acknowledges (the 2xx received, or the one this session sent). */
    private SipServletResponse acknowledged;

    void setAcknowledgedResponse(SipServletResponse response) {
        this.acknowledged = response;
    }

    @Override
    public SipServletResponse getAcknowledgedResponse() {
        return "ACK".equals(getMethod()) ? acknowledged : null;
    }

    @Override
    public SipServletResponse getFinalResponse() {
        return transaction.finalResponse();
    }

    @Override
    public String getId() {
        javax.sip.header.ViaHeader via = request.getTopmostViaHeader();
        return via == null ? getRequestId() : via.getBranch();
    }

    @Override
    public int getMaxBreadth() {
        String v = getHeader("Max-Breadth");
        try {
            return v == null ? -1 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void setMaxBreadth(int n) {
        checkNotCommitted();
        if (n < 0) {
            throw new IllegalArgumentException("Max-Breadth must not be negative");
        }
        setHeaderInternal("Max-Breadth", Integer.toString(n));
    }

    @Override
    public boolean isRequestUriInternal() {
        return false;
    }
}
