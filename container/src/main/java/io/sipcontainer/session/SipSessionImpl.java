package io.sipcontainer.session;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.ServletContext;
import jakarta.servlet.sip.Address;
import jakarta.servlet.sip.SipApplicationSession;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipSession;
import jakarta.servlet.sip.SipSessionAttributeListener;
import jakarta.servlet.sip.SipSessionBindingEvent;
import jakarta.servlet.sip.SipSessionBindingListener;
import jakarta.servlet.sip.SipSessionEvent;
import jakarta.servlet.sip.SipSessionListener;
import jakarta.servlet.sip.UAMode;
import jakarta.servlet.sip.URI;
import jakarta.servlet.sip.ar.SipApplicationRoutingRegion;

/**
 * One SIP dialog (or the would-be dialog of a non-dialog request) seen by one application:
 * attributes, the servlet that handles it, and the dialog state that in-dialog requests are built
 * from. Dialog transitions follow the SIP Servlet state diagram: INITIAL, EARLY, CONFIRMED,
 * TERMINATED; a UAC that receives a final non-2xx returns to INITIAL so it may retry.
 */
public final class SipSessionImpl implements SipSession, Serializable {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final SipApplicationSessionImpl applicationSession;
    private final long creationTime;
    private volatile long lastAccessedTime;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private volatile boolean valid = true;
    private volatile boolean invalidateWhenReady = true;
    private volatile String handler;

    private final DialogState dialog;
    private SipApplicationRoutingRegion region;
    private URI subscriberURI;
    private InetSocketAddress outboundInterface;

    /** Transactions not yet completed, by branch; a session with any is not ready to invalidate. */
    private transient Set<String> ongoing;
    /** Messages waiting for a final response or an ACK; node-local, created on first use. */
    private transient volatile ActiveMessages activeMessages;
    /** The session this one was derived from for a forked dialog (see {@link Forks}), or null. */
    private String derivedFrom;
    /** The attributes of the ForkingContext this session is the original of; null until one is set. */
    private Map<String, Object> forkingAttributes;
    /** Whether sessions were derived from this one, so final responses look for siblings. */
    private volatile boolean forked;
    /** The session a back-to-back user agent linked this one to, or null. */
    private volatile String linkedSessionId;
    /** The INVITE branch this session answers as; lives as long as the INVITE transaction (not replicated). */
    private transient volatile jakarta.servlet.sip.InviteBranch inviteBranch;
    /** The RFC 5626 flow the session's requests go over; node-local, as the connection is. */
    private transient volatile jakarta.servlet.sip.Flow flow;
    /** The RFC 4028 session timer, once negotiated; node-local (its task is). */
    private transient volatile SessionKeepAliveImpl keepAlive;

    SipSessionImpl(String id, SipApplicationSessionImpl applicationSession, String callId) {
        this.id = id;
        this.applicationSession = applicationSession;
        this.creationTime = applicationSession.now();
        this.lastAccessedTime = creationTime;
        this.dialog = new DialogState(callId);
    }

    void created() {
        SipSessionEvent event = new SipSessionEvent(this);
        for (SipSessionListener l : context().listeners(SipSessionListener.class)) {
            l.sessionCreated(event);
        }
    }

    private SessionContext context() {
        return applicationSession.context();
    }

    /** The dialog state; the message layer updates it as requests and responses pass. */
    public DialogState dialog() {
        return dialog;
    }

    public SipApplicationSessionImpl applicationSession() {
        return applicationSession;
    }

    /** Binds a dialog key so in-dialog requests find this session on any node. */
    public void bindDialog() {
        String key = dialogKey();
        if (key != null) {
            applicationSession.bindDialog(key, this);
        }
    }

    /** Call-ID and local tag; a forked UAC dialog shares both with its siblings, so adds the remote tag. */
    private String dialogKey() {
        String localTag = dialog.localTag();
        if (localTag == null) {
            return null;
        }
        if (derivedFrom != null && dialog.mode() == UAMode.UAC) {
            return DialogKey.ofFork(dialog.callId(), localTag, dialog.remoteTag());
        }
        return DialogKey.of(dialog.callId(), localTag);
    }

    /**
     * Whether a request from the remote tag belongs to this session's dialog: false only for a UAC
     * session whose dialog has another remote tag, i.e. the request is for a forked sibling.
     */
    public boolean isDialogOf(String remoteTag) {
        String tag = dialog.remoteTag();
        return dialog.mode() != UAMode.UAC || tag == null || tag.equals(remoteTag);
    }

    /** Requests and 2xx responses of this session still in progress. */
    public ActiveMessages activeMessages() {
        ActiveMessages m = activeMessages;
        if (m == null) {
            synchronized (this) {
                m = activeMessages;
                if (m == null) {
                    m = new ActiveMessages();
                    activeMessages = m;
                }
            }
        }
        return m;
    }

    /** The id of the session this one was derived from for a forked dialog, or null. */
    public String derivedFrom() {
        return derivedFrom;
    }

    boolean isForked() {
        return forked;
    }

    void setForked() {
        forked = true;
        applicationSession.markDirty();
    }

    /** Takes over what a derived session shares with its parent: handler, routing, attributes. */
    void inheritFrom(SipSessionImpl parent) {
        derivedFrom = parent.id;
        handler = parent.handler;
        region = parent.region;
        subscriberURI = parent.subscriberURI;
        outboundInterface = parent.outboundInterface;
        invalidateWhenReady = parent.invalidateWhenReady;
        attributes.putAll(parent.attributes);
        activeMessages().setOriginal(parent.activeMessages().original());
        applicationSession.markDirty();
    }

    /** The id of the session a back-to-back user agent linked to this one, or null. */
    public String linkedSessionId() {
        return linkedSessionId;
    }

    public void setLinkedSessionId(String sessionId) {
        linkedSessionId = sessionId;
        applicationSession.markDirty();
    }

    // --- transactions --------------------------------------------------------------------------

    public synchronized void transactionStarted(String branch) {
        if (ongoing == null) {
            ongoing = Collections.synchronizedSet(new HashSet<>());
        }
        ongoing.add(branch);
    }

    public synchronized void transactionEnded(String branch) {
        if (ongoing != null) {
            ongoing.remove(branch);
        }
    }

    /** Invalidates the session if the application asked for that and it is now ready. */
    public void invalidateIfReady() {
        if (!valid || !invalidateWhenReady || !isReadyToInvalidate()) {
            return;
        }
        SipSessionEvent event = new SipSessionEvent(this);
        boolean failed = !ListenerCalls.each(context(), SipSessionListener.class, "sessionReadyToInvalidate",
                l -> l.sessionReadyToInvalidate(event));
        // The listener may have kept the session or sent a request in it: ready again when that
        // ends. One that failed is not left to live until expiry.
        if (isValid() && (failed || (invalidateWhenReady && isReadyToInvalidate()))) {
            invalidate();
        }
    }

    // --- SipSession ----------------------------------------------------------------------------

    @Override
    public SipServletRequest createRequest(String method) {
        checkValid();
        if ("ACK".equals(method) || "CANCEL".equals(method)) {
            throw new IllegalArgumentException(method + " is created from the request or response it belongs to");
        }
        State state = dialog.state();
        if (state == State.TERMINATED) {
            throw new IllegalStateException("the dialog of session " + id + " is terminated");
        }
        if (state == State.INITIAL && dialog.mode() == UAMode.UAS) {
            throw new IllegalStateException("a UAS session in INITIAL state has no dialog to send in");
        }
        return context().createRequestInDialog(this, method);
    }

    @Override
    public SipApplicationSession getApplicationSession() {
        return applicationSession;
    }

    @Override
    public String getCallId() {
        return dialog.callId();
    }

    @Override
    public long getCreationTime() {
        checkValid();
        return creationTime;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public long getLastAccessedTime() {
        return lastAccessedTime;
    }

    public void access() {
        lastAccessedTime = applicationSession.now();
        applicationSession.access();
    }

    @Override
    public Address getLocalParty() {
        return dialog.localParty();
    }

    @Override
    public Address getRemoteParty() {
        return dialog.remoteParty();
    }

    @Override
    public SipApplicationRoutingRegion getRegion() {
        checkValid();
        return region;
    }

    public void setRegion(SipApplicationRoutingRegion region) {
        this.region = region;
    }

    @Override
    public ServletContext getServletContext() {
        return context().servletContext();
    }

    @Override
    public State getState() {
        checkValid();
        return dialog.state();
    }

    @Override
    public URI getSubscriberURI() {
        checkValid();
        return subscriberURI;
    }

    public void setSubscriberURI(URI subscriberURI) {
        this.subscriberURI = subscriberURI;
    }

    @Override
    public void setHandler(String name) throws jakarta.servlet.ServletException {
        checkValid();
        if (!context().servletNames().contains(name)) {
            throw new jakarta.servlet.ServletException("no servlet named " + name + " in " + context().applicationName());
        }
        handler = name;
        applicationSession.markDirty();
    }

    /** The servlet that handles this session's messages, or null for the application's default. */
    public String handler() {
        return handler;
    }

    @Override
    public void setOutboundInterface(InetAddress address) {
        checkValid();
        if (address == null) {
            throw new NullPointerException("address");
        }
        outboundInterface = new InetSocketAddress(address, 0);
    }

    @Override
    public void setOutboundInterface(InetSocketAddress address) {
        checkValid();
        if (address == null) {
            throw new NullPointerException("address");
        }
        outboundInterface = address;
    }

    public InetSocketAddress outboundInterface() {
        return outboundInterface;
    }

    // --- attributes ----------------------------------------------------------------------------

    @Override
    public Object getAttribute(String name) {
        checkValid();
        return attributes.get(name);
    }

    @Override
    public java.util.Enumeration<String> getAttributeNames() {
        checkValid();
        return Collections.enumeration(new ArrayList<>(attributes.keySet()));
    }

    @Override
    public void setAttribute(String name, Object value) {
        checkValid();
        if (name == null || value == null) {
            throw new NullPointerException("attribute name and value must not be null");
        }
        Object old = attributes.put(name, value);
        applicationSession.markDirty();
        if (old == value) {
            return;
        }
        if (old instanceof SipSessionBindingListener l) {
            l.valueUnbound(new SipSessionBindingEvent(this, name));
        }
        if (value instanceof SipSessionBindingListener l) {
            l.valueBound(new SipSessionBindingEvent(this, name));
        }
        SipSessionBindingEvent event = new SipSessionBindingEvent(this, name);
        for (SipSessionAttributeListener l : context().listeners(SipSessionAttributeListener.class)) {
            if (old == null) {
                l.attributeAdded(event);
            } else {
                l.attributeReplaced(event);
            }
        }
    }

    @Override
    public void removeAttribute(String name) {
        checkValid();
        Object old = attributes.remove(name);
        if (old == null) {
            return;
        }
        applicationSession.markDirty();
        SipSessionBindingEvent event = new SipSessionBindingEvent(this, name);
        if (old instanceof SipSessionBindingListener l) {
            l.valueUnbound(event);
        }
        for (SipSessionAttributeListener l : context().listeners(SipSessionAttributeListener.class)) {
            l.attributeRemoved(event);
        }
    }

    // --- lifetime ------------------------------------------------------------------------------

    @Override
    public void invalidate() {
        checkValid();
        destroy();
        applicationSession.removeSipSession(this);
    }

    void invalidateFromParent() {
        destroy();
    }

    private void destroy() {
        valid = false;
        SessionKeepAliveImpl timer = keepAlive;
        if (timer != null) {
            timer.cancel();
        }
        String key = dialogKey();
        if (key != null) {
            context().store().unbindDialog(key);
        }
        SipSessionEvent event = new SipSessionEvent(this);
        for (SipSessionListener l : context().listeners(SipSessionListener.class)) {
            l.sessionDestroyed(event);
        }
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            if (e.getValue() instanceof SipSessionBindingListener l) {
                l.valueUnbound(new SipSessionBindingEvent(this, e.getKey()));
            }
        }
        attributes.clear();
    }

    @Override
    public boolean isValid() {
        return valid && applicationSession.isValid();
    }

    @Override
    public boolean getInvalidateWhenReady() {
        checkValid();
        return invalidateWhenReady;
    }

    @Override
    public void setInvalidateWhenReady(boolean invalidateWhenReady) {
        checkValid();
        this.invalidateWhenReady = invalidateWhenReady;
    }

    @Override
    public boolean isReadyToInvalidate() {
        checkValid();
        Set<String> pending = ongoing;
        boolean idle = pending == null || pending.isEmpty();
        State state = dialog.state();
        return state == State.TERMINATED || (state == State.INITIAL && idle);
    }

    // --- SIP Servlet 2.0 ------------------------------------------------------------------------

    @Override
    public void clearAttributes() {
        checkValid();
        for (String name : new ArrayList<>(attributes.keySet())) {
            removeAttribute(name);
        }
    }

    @Override
    public Set<String> getAttributeNameSet() {
        checkValid();
        return Set.copyOf(attributes.keySet());
    }

    @Override
    public SipServletRequest getActiveInvite(UAMode mode) {
        for (SipServletRequest r : activeMessages().requests(mode)) {
            if ("INVITE".equals(r.getMethod())) {
                return r;
            }
        }
        return null;
    }

    @Override
    public jakarta.servlet.sip.InviteBranch getActiveInviteBranch() {
        jakarta.servlet.sip.InviteBranch branch = inviteBranch;
        return branch != null && branch.getRequest().getFinalResponse() == null ? branch : null;
    }

    /** The INVITE branch this session answers as, or null (see {@code message.InviteBranchImpl}). */
    public jakarta.servlet.sip.InviteBranch inviteBranch() {
        return inviteBranch;
    }

    public void setInviteBranch(jakarta.servlet.sip.InviteBranch branch) {
        this.inviteBranch = branch;
    }

    @Override
    public SipServletRequest getActiveRequest(String id) {
        for (UAMode mode : UAMode.values()) {
            for (SipServletRequest r : activeMessages().requests(mode)) {
                if (r.getId().equals(id)) {
                    return r;
                }
            }
        }
        return null;
    }

    @Override
    public java.util.Collection<SipServletRequest> getActiveRequests(UAMode mode) {
        return activeMessages().requests(mode);
    }

    @Override
    public jakarta.servlet.sip.SipServletResponse getUnacknowledgedProvisionalResponse(String id) {
        for (UAMode mode : UAMode.values()) {
            for (jakarta.servlet.sip.SipServletResponse r : activeMessages().unacknowledgedProvisionals(mode)) {
                if (r.getProvisionalResponseId().equals(id)) {
                    return r;
                }
            }
        }
        return null;
    }

    @Override
    public java.util.Collection<jakarta.servlet.sip.SipServletResponse> getUnacknowledgedProvisionalResponses(
            UAMode mode) {
        return activeMessages().unacknowledgedProvisionals(mode);
    }

    @Override
    public jakarta.servlet.sip.Flow getFlow() {
        return flow;
    }

    /** Pins the session's requests to a flow a request arrived on ({@code SipServletRequest.getFlow}); null unpins. */
    @Override
    public void setFlow(jakarta.servlet.sip.Flow flow) {
        checkValid();
        // only the container's flows name a connection to send on (the type lives in the message
        // package above this one, hence the check by name)
        if (flow != null && !flow.getClass().getName().startsWith("io.sipcontainer.")) {
            throw new IllegalArgumentException("not a flow of this container: " + flow);
        }
        this.flow = flow;
    }

    @Override
    public jakarta.servlet.sip.ForkingContext getForkingContext() {
        checkValid();
        return new ForkingContextImpl(Forks.rootOf(this));
    }

    /** The attributes shared by this session's forking family, kept on the original session. */
    synchronized Map<String, Object> forkingAttributes() {
        if (forkingAttributes == null) {
            forkingAttributes = ForkingContextImpl.newAttributes();
        }
        return forkingAttributes;
    }

    @Override
    public jakarta.servlet.sip.SessionKeepAlive getKeepAlive() {
        return keepAlive;
    }

    /** This session's RFC 4028 timer, made on the first 2xx that negotiates one. */
    public synchronized SessionKeepAliveImpl keepAlive() {
        if (keepAlive == null) {
            keepAlive = new SessionKeepAliveImpl(this);
        }
        return keepAlive;
    }

    /** Ends a confirmed dialog with BYE; a session without a dialog is simply invalidated. */
    @Override
    public void terminateDialog() {
        checkValid();
        if (dialog.state() == State.CONFIRMED) {
            try {
                createRequest("BYE").send();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot send BYE: " + e.getMessage(), e);
            }
        } else {
            dialog.terminate();
        }
    }

    @Override
    public void terminateDialog(jakarta.servlet.sip.AutomaticProcessingListener listener) {
        terminateDialog();
    }

    @Override
    public void terminateProxiedDialog() {
        throw new IllegalStateException("this session is not proxying");
    }

    @Override
    public void terminateProxiedDialog(jakarta.servlet.sip.AutomaticProcessingListener listener) {
        terminateProxiedDialog();
    }

    @Override
    public void terminateProxiedDialog(UAMode mode) {
        terminateProxiedDialog();
    }

    @Override
    public void terminateProxiedDialog(UAMode mode, jakarta.servlet.sip.AutomaticProcessingListener listener) {
        terminateProxiedDialog();
    }

    private void checkValid() {
        if (!isValid()) {
            throw new IllegalStateException("SIP session " + id + " has been invalidated");
        }
    }

    @Override
    public String toString() {
        return "SipSession[" + id + ", " + dialog + "]";
    }
}
