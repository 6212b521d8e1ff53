package io.sipcontainer.message;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;

import javax.sip.header.WWWAuthenticateHeader;

import gov.nist.javax.sip.message.SIPResponse;
import jakarta.servlet.sip.Proxy;
import jakarta.servlet.sip.ProxyBranch;
import jakarta.servlet.sip.Rel100Exception;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

import io.sipcontainer.session.SipSessionImpl;
import io.sipcontainer.transport.Connector;

/**
 * A SIP response as the application sees it: either created for a received request (and sent
 * through its server transaction) or received for a request the application sent.
 */
public class SipServletResponseImpl extends ServletResponseAdapter implements SipServletResponse {
    private final SIPResponse response;
    private final SipServletRequestImpl request;
    private final boolean incoming;
    private boolean branchResponse;
    private boolean prackCreated;
    private boolean transactionTimeout;
    private jakarta.servlet.sip.InviteBranch inviteBranch;

    /** A response to be sent for a received request. */
    public SipServletResponseImpl(SIPResponse response, MessageServices services, SipSessionImpl session,
            Connector connector, SipServletRequestImpl request) {
        this(response, services, session, connector, request, false);
    }

    public SipServletResponseImpl(SIPResponse response, MessageServices services, SipSessionImpl session,
            Connector connector, SipServletRequestImpl request, boolean incoming) {
        super(response, services, session, connector);
        this.response = response;
        this.request = request;
        this.incoming = incoming;
        if (incoming) {
            setCommitted();
        }
    }

    public SIPResponse jainResponse() {
        return response;
    }

    /** Marks the 408 the container made for a client transaction's timeout (Timer B/F, or a transport error). */
    public void markTransactionTimeout() {
        transactionTimeout = true;
    }

    /** True for the 408 of a client transaction's timeout, not one a peer sent. */
    public boolean isTransactionTimeout() {
        return transactionTimeout;
    }

    public SipServletRequestImpl requestImpl() {
        return request;
    }

    public boolean isIncoming() {
        return incoming;
    }

    @Override
    protected boolean isReceived() {
        return incoming;
    }

    @Override
    protected boolean isSystemHeader(String canonicalName) {
        return SystemHeaders.isSystem(canonicalName, getMethod(), getStatus(), false);
    }

    @Override
    public SipServletRequest getRequest() {
        return request;
    }

    @Override
    public int getStatus() {
        return response.getStatusCode();
    }

    @Override
    public void setStatus(int statusCode) {
        setStatus(statusCode, null);
    }

    @Override
    public void setStatus(int statusCode, String reasonPhrase) {
        checkNotCommitted();
        if (statusCode < 100 || statusCode > 699) {
            throw new IllegalArgumentException("invalid status code " + statusCode);
        }
        try {
            response.setStatusCode(statusCode);
            response.setReasonPhrase(reasonPhrase != null ? reasonPhrase : SIPResponse.getReasonPhrase(statusCode));
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public String getReasonPhrase() {
        return response.getReasonPhrase();
    }

    @Override
    public void send() throws IOException {
        if (incoming) {
            throw new IllegalStateException("a received response cannot be sent again");
        }
        checkNotCommitted();
        if (request.isFinalResponseSent()) {
            throw new IllegalStateException("a final response has already been sent for this request");
        }
        RequiredExtensions.check(this);
        SessionTimers.checkInterval(this);
        ProvisionalOrder.checkFinal(this);
        if (getStatus() > 100 && getStatus() < 200 && ReliableProvisionals.required(request)) {
            // the UAC required 100rel: every provisional response but 100 must go reliably (RFC 3262 3),
            // also what a B2BUA relays from its other leg
            try {
                sendReliably();
            } catch (Rel100Exception e) {
                throw new IllegalStateException(e.getMessage(), e); // not reached: Require: 100rel allows it
            }
            return;
        }
        SessionTimers.beforeResponseSent(this);
        flushAddressViews();
        setCommitted();
        services.sender().send(this);
        request.responded(this);
    }

    @Override
    public void sendReliably() throws Rel100Exception {
        if (incoming) {
            throw new IllegalStateException("a received response cannot be sent again");
        }
        checkNotCommitted();
        ReliableProvisionals.checkReliable(this);
        if (request.isFinalResponseSent()) {
            throw new IllegalStateException("a final response has already been sent for this request");
        }
        RequiredExtensions.check(this);
        flushAddressViews();
        setCommitted();
        if (ProvisionalOrder.mustWait(this)) {
            ProvisionalOrder.hold(this);
            return;
        }
        try {
            ReliableProvisionals.send(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot send the reliable provisional response: " + e.getMessage(), e);
        }
        request.responded(this);
    }

    @Override
    public SipServletRequest createAck() {
        if (!incoming || !"INVITE".equals(getMethod()) || getStatus() < 200 || getStatus() >= 300) {
            throw new IllegalStateException("ACK is created for a received 2xx response to an INVITE");
        }
        return session.getApplicationSession() == null ? null
                : RequestBuilder.ackFor(this, services);
    }

    @Override
    public SipServletRequest createPrack() throws Rel100Exception {
        SipServletRequestImpl prack = ReliableProvisionals.createPrack(this);
        if (prackCreated) {
            throw new IllegalStateException("a PRACK was already created for this response");
        }
        prackCreated = true;
        return prack;
    }

    @Override
    public Iterator<String> getChallengeRealms() {
        List<String> realms = new ArrayList<>();
        for (String name : new String[] {"WWW-Authenticate", "Proxy-Authenticate"}) {
            ListIterator<?> it = response.getHeaders(name);
            while (it != null && it.hasNext()) {
                Object h = it.next();
                if (h instanceof WWWAuthenticateHeader w) {
                    realms.add(w.getRealm());
                } else if (h instanceof javax.sip.header.ProxyAuthenticateHeader p) {
                    realms.add(p.getRealm());
                }
            }
        }
        return realms.iterator();
    }

    @Override
    public java.util.Set<String> getChallengeRealmSet() {
        java.util.Set<String> set = new java.util.LinkedHashSet<>();
        getChallengeRealms().forEachRemaining(set::add);
        return java.util.Collections.unmodifiableSet(set);
    }

    /** A response the application sends starts from its request's session timer settings (RFC 4028). */
    @Override
    KeepAlivePreference initialKeepAlivePreference() {
        return incoming ? super.initialKeepAlivePreference() : request.keepAlivePreference().copy();
    }

    @Override
    public jakarta.servlet.sip.InviteBranch getInviteBranch() {
        return inviteBranch;
    }

    void setInviteBranch(jakarta.servlet.sip.InviteBranch branch) {
        this.inviteBranch = branch;
    }

    @Override
    public String getProvisionalResponseId() {
        long rseq = ReliableProvisionals.rseqOf(response);
        return isReliableProvisional() ? Long.toString(rseq) : null;
    }

    @Override
    public boolean isReliableProvisional() {
        return ReliableProvisionals.isReliable(this);
    }

    @Override
    public Proxy getProxy() {
        ProxyBranch branch = request.transaction().branch();
        if (branch != null) {
            return branch.getProxy();
        }
        try {
            return request.isIncoming() ? request.getProxy(false) : null;
        } catch (jakarta.servlet.sip.TooManyHopsException e) {
            return null; // not reached: nothing is created
        }
    }

    @Override
    public ProxyBranch getProxyBranch() {
        return request.transaction().branch();
    }

    @Override
    public boolean isBranchResponse() {
        return branchResponse;
    }

    /** Delivered to doBranchResponse: a branch's final response that is not (yet) the best one. */
    public void setBranchResponse(boolean branchResponse) {
        this.branchResponse = branchResponse;
    }

    @Override
    public String getMethod() {
        return response.getCSeq().getMethod();
    }
}
