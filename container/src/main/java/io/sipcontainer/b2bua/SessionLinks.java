package io.sipcontainer.b2bua;

import jakarta.servlet.sip.SipSession;
import jakarta.servlet.sip.SipSession.State;
import jakarta.servlet.sip.UAMode;

import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.Tags;
import io.sipcontainer.session.Forks;
import io.sipcontainer.session.SipSessionImpl;

/**
 * The one-to-one links between the SIP sessions of a B2BUA's two legs. A link is kept in both
 * sessions by id, so it survives replication with the application session; a link to a session
 * that has been invalidated reads as none. A session derived for a forked dialog on the UAC leg
 * gets its own partner on the UAS leg the first time the application asks for it: a session
 * derived from the partner of its parent, answering the same request under a new To tag, so each
 * downstream early dialog is relayed upstream as an early dialog of its own.
 */
final class SessionLinks {
    private SessionLinks() {
    }

    /** The session linked to {@code s}, or null. */
    static SipSessionImpl linkedTo(SipSessionImpl s) {
        SipSessionImpl other = peer(s);
        if (other != null) {
            return other;
        }
        return s.derivedFrom() != null ? partnerForFork(s) : null;
    }

    static void link(SipSessionImpl a, SipSessionImpl b) {
        check(a);
        check(b);
        if (a == b) {
            throw new IllegalArgumentException("a session cannot be linked to itself");
        }
        if (a.applicationSession() != b.applicationSession()) {
            throw new IllegalArgumentException("linked sessions must belong to the same application session");
        }
        SipSessionImpl peerOfA = peer(a);
        SipSessionImpl peerOfB = peer(b);
        if ((peerOfA != null && peerOfA != b) || (peerOfB != null && peerOfB != a)) {
            throw new IllegalArgumentException("a session is already linked to another one");
        }
        a.setLinkedSessionId(b.getId());
        b.setLinkedSessionId(a.getId());
    }

    /**
     * Links {@code orig}'s session to {@code created}'s for createRequest with linked=true: a
     * previous partner of the original session (e.g. a leg that failed) is let go first.
     */
    static void relink(SipSessionImpl origSession, SipSessionImpl created) {
        SipSessionImpl previous = peer(origSession);
        if (previous != null && previous != created) {
            previous.setLinkedSessionId(null);
            origSession.setLinkedSessionId(null);
        }
        link(origSession, created);
    }

    static void unlink(SipSessionImpl s) {
        if (!s.isValid()) {
            throw new IllegalArgumentException("session " + s.getId() + " has been invalidated");
        }
        String id = s.linkedSessionId();
        if (id == null) {
            throw new IllegalArgumentException("session " + s.getId() + " is not linked");
        }
        SipSessionImpl other = s.applicationSession().getSipSession(id);
        if (other != null && s.getId().equals(other.linkedSessionId())) {
            other.setLinkedSessionId(null);
        }
        s.setLinkedSessionId(null);
    }

    /** The valid session {@code s} names as its partner, or null. */
    private static SipSessionImpl peer(SipSessionImpl s) {
        String id = s.linkedSessionId();
        if (id == null || !s.applicationSession().isValid()) {
            return null;
        }
        SipSessionImpl other = s.applicationSession().getSipSession(id);
        return other != null && other.isValid() ? other : null;
    }

    /**
     * For a UAC session derived from a forked response: a new UAS session derived from the session
     * whose request the B2BUA relayed (found through the linked requests, or else through the
     * partner of the parent session), if that request still has no final response.
     */
    private static SipSessionImpl partnerForFork(SipSessionImpl derived) {
        if (derived.dialog().mode() != UAMode.UAC) {
            return null;
        }
        SipSessionImpl upstream = null;
        if (derived.activeMessages().original() instanceof SipServletRequestImpl sent
                && sent.transaction().linked() != null) {
            upstream = sent.transaction().linked().sipSession();
        } else {
            SipSessionImpl parent = Forks.rootOf(derived);
            upstream = parent == derived ? null : peer(parent);
        }
        if (upstream == null || !upstream.isValid() || upstream.dialog().mode() != UAMode.UAS) {
            return null;
        }
        SipSessionImpl uasRoot = Forks.rootOf(upstream);
        if (!(uasRoot.activeMessages().original() instanceof SipServletRequestImpl original)
                || original.isFinalResponseSent()) {
            return null;
        }
        SipSessionImpl twin = Forks.deriveUas(uasRoot, Tags.newTag());
        link(derived, twin);
        return twin;
    }

    private static void check(SipSessionImpl s) {
        if (!s.isValid()) {
            throw new IllegalArgumentException("session " + s.getId() + " has been invalidated");
        }
        if (s.getState() == State.TERMINATED) {
            throw new IllegalArgumentException("session " + s.getId() + " is terminated");
        }
    }

    /** The container's session behind an application's SipSession. */
    static SipSessionImpl impl(SipSession session) {
        if (session == null) {
            throw new NullPointerException("session");
        }
        if (!(session instanceof SipSessionImpl s)) {
            throw new IllegalArgumentException("not a SIP session of this container: " + session);
        }
        return s;
    }
}
