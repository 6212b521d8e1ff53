package io.sipcontainer.session;

import java.io.Serializable;
import java.util.List;

import jakarta.servlet.sip.Address;
import jakarta.servlet.sip.SipSession.State;
import jakarta.servlet.sip.UAMode;

/**
 * The dialog of a SIP session as RFC 3261 section 12 defines it: Call-ID, local and remote
 * party with their tags, remote target, route set and both CSeq counters. The message layer
 * feeds it every request and response of the session; in-dialog requests are built from it.
 * It is written only on its application session's serial executor (see the concurrency rule in
 * {@code dispatch.MessagePath}); the methods are synchronized for the readers on other threads
 * (RPC listings, HTTP servlets), which must see a dialog whole.
 */
public final class DialogState implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String callId;
    private UAMode mode;
    private State state = State.INITIAL;
    private Address localParty;
    private Address remoteParty;
    private String localTag;
    private String remoteTag;
    private String remoteTarget;
    private List<String> routeSet = List.of();
    private long localCSeq;
    private long remoteCSeq = -1;
    private boolean secure;

    DialogState(String callId) {
        this.callId = callId;
    }

    public synchronized void initAsUac(Address from, Address to, String fromTag, long cseq) {
        mode = UAMode.UAC;
        localParty = from;
        remoteParty = to;
        localTag = fromTag;
        localCSeq = cseq;
    }

    public synchronized void initAsUas(Address to, Address from, String fromTag, String contact,
            List<String> recordRoutes, long cseq) {
        mode = UAMode.UAS;
        localParty = to;
        remoteParty = from;
        remoteTag = fromTag;
        remoteTarget = contact;
        routeSet = List.copyOf(recordRoutes);
        remoteCSeq = cseq;
    }

    /**
     * Starts this dialog as a UAC sibling of {@code parent}, for a forked response with another To
     * tag: same local side and CSeq counter, remote tag and target still to be learned.
     */
    void deriveAsUac(DialogState parent) {
        Address from;
        Address to;
        String tag;
        long cseq;
        synchronized (parent) {
            from = parent.localParty;
            to = parent.remoteParty;
            tag = parent.localTag;
            cseq = parent.localCSeq;
        }
        initAsUac(from, to, tag, cseq);
        setSecure(parent.secure());
    }

    /**
     * Starts this dialog as a UAS sibling of {@code parent}: the same received request answered
     * with another To tag, so another dialog with the same caller.
     */
    void deriveAsUas(DialogState parent, String newLocalTag) {
        Address to;
        Address from;
        String fromTag;
        String contact;
        List<String> routes;
        long cseq;
        synchronized (parent) {
            to = parent.localParty;
            from = parent.remoteParty;
            fromTag = parent.remoteTag;
            contact = parent.remoteTarget;
            routes = parent.routeSet;
            cseq = parent.remoteCSeq;
        }
        initAsUas(to, from, fromTag, contact, routes, cseq);
        setLocalTag(newLocalTag);
        setSecure(parent.secure());
    }

    /** The UAS chose its tag (in the first response that carries one). */
    public synchronized void setLocalTag(String tag) {
        if (localTag == null) {
            localTag = tag;
        }
    }

    /**
     * A UAC learned the remote side from a response that creates or confirms the dialog: the To
     * tag, the Contact (remote target) and the Record-Route set, which the UAC reverses.
     */
    public synchronized void establishAsUac(String toTag, String contact, List<String> recordRoutes, boolean confirmed) {
        if (remoteTag == null || state == State.INITIAL) {
            remoteTag = toTag;
            List<String> reversed = new java.util.ArrayList<>(recordRoutes);
            java.util.Collections.reverse(reversed);
            routeSet = List.copyOf(reversed);
        }
        if (contact != null) {
            remoteTarget = contact;
        }
        state = confirmed ? State.CONFIRMED : State.EARLY;
    }

    /** The UAS sent a provisional (EARLY) or 2xx (CONFIRMED) response creating the dialog. */
    public synchronized void establishAsUas(boolean confirmed) {
        if (state == State.TERMINATED) {
            return;
        }
        if (confirmed) {
            state = State.CONFIRMED;
        } else if (state == State.INITIAL) {
            state = State.EARLY;
        }
    }

    /** A final non-2xx to the dialog-creating request: a UAC may retry, a UAS is done. */
    public synchronized void failed() {
        if (state == State.INITIAL || state == State.EARLY) {
            state = mode == UAMode.UAC ? State.INITIAL : State.TERMINATED;
        }
    }

    public synchronized void terminate() {
        state = State.TERMINATED;
    }

    /** A refresh (re-INVITE 2xx, UPDATE) may move the remote target. */
    public synchronized void setRemoteTarget(String contact) {
        if (contact != null) {
            remoteTarget = contact;
        }
    }

    public synchronized long nextLocalCSeq() {
        return ++localCSeq;
    }

    /** Accepts a remote CSeq; false when it is older than the last one seen (RFC 3261 12.2.2). */
    public synchronized boolean acceptRemoteCSeq(long cseq, boolean isAck) {
        if (isAck) {
            return true;
        }
        if (remoteCSeq >= 0 && cseq < remoteCSeq) {
            return false;
        }
        remoteCSeq = cseq;
        return true;
    }

    public void setSecure(boolean secure) {
        this.secure = secure;
    }

    public boolean secure() {
        return secure;
    }

    public String callId() {
        return callId;
    }

    public synchronized UAMode mode() {
        return mode;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized Address localParty() {
        return localParty;
    }

    public synchronized Address remoteParty() {
        return remoteParty;
    }

    public synchronized String localTag() {
        return localTag;
    }

    public synchronized String remoteTag() {
        return remoteTag;
    }

    public synchronized String remoteTarget() {
        return remoteTarget;
    }

    public synchronized List<String> routeSet() {
        return routeSet;
    }

    public synchronized long localCSeq() {
        return localCSeq;
    }

    @Override
    public synchronized String toString() {
        return mode + " " + state + " " + callId + " local=" + localTag + " remote=" + remoteTag;
    }
}
