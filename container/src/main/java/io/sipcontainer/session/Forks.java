package io.sipcontainer.session;

import java.util.Iterator;

import jakarta.servlet.sip.SipSession.State;
import jakarta.servlet.sip.UAMode;

/**
 * Derived SIP sessions: one request, several dialogs. A UAC whose INVITE is forked downstream
 * gets provisional or 2xx responses with different To tags, each an early or confirmed dialog of
 * its own (RFC 3261 12.1.2, 13.2.2.4); the first tag stays with the original session, every
 * other tag gets a derived session, as the SIP Servlet specification requires. A UAS (a
 * back-to-back user agent relaying such forks upstream) answers the one request it received from
 * several derived sessions, each with its own To tag. Derived sessions copy their parent's
 * attributes, handler and routing, and live on independently; when the request gets its final
 * response, the siblings still in an early dialog end, since no 2xx can confirm them any more.
 */
public final class Forks {
    private Forks() {
    }

    /**
     * The session a dialog-creating response to {@code uac}'s initial request belongs to: {@code
     * uac} itself for the first To tag (or the one it already has), else the derived session of
     * that tag, created now if needed.
     */
    public static SipSessionImpl sessionForResponse(SipSessionImpl uac, String toTag) {
        DialogState d = uac.dialog();
        String established = d.remoteTag();
        if (toTag == null || established == null || toTag.equals(established) || d.state() == State.INITIAL) {
            return uac;
        }
        for (Iterator<?> it = uac.applicationSession().getSessions(); it.hasNext();) {
            SipSessionImpl s = (SipSessionImpl) it.next();
            if (uac.getId().equals(s.derivedFrom()) && toTag.equals(s.dialog().remoteTag())) {
                return s;
            }
        }
        SipSessionImpl derived = newDerived(uac);
        derived.dialog().deriveAsUac(d);
        return derived;
    }

    /**
     * A new UAS session answering the same request as {@code uas} under another To tag, for a
     * back-to-back user agent relaying a forked dialog upstream.
     */
    public static SipSessionImpl deriveUas(SipSessionImpl uas, String localTag) {
        if (uas.dialog().mode() != UAMode.UAS) {
            throw new IllegalArgumentException("session " + uas.getId() + " is not a UAS session");
        }
        SipSessionImpl derived = newDerived(uas);
        derived.dialog().deriveAsUas(uas.dialog(), localTag);
        return derived;
    }

    /**
     * The request of {@code root} (an original session) got its final response, in the dialog of
     * {@code answered}: every other session of the family still in an early dialog ends.
     */
    public static void finalResponse(SipSessionImpl root, SipSessionImpl answered) {
        if (!root.isForked()) {
            return;
        }
        for (Iterator<?> it = root.applicationSession().getSessions(); it.hasNext();) {
            SipSessionImpl s = (SipSessionImpl) it.next();
            boolean family = s == root || root.getId().equals(s.derivedFrom());
            if (family && s != answered && s.isValid() && s.dialog().state() == State.EARLY) {
                s.dialog().terminate();
            }
        }
    }

    /** The sessions of {@code root}'s family: root itself (first) and those derived from it, valid ones only. */
    public static java.util.List<SipSessionImpl> family(SipSessionImpl root) {
        java.util.List<SipSessionImpl> family = new java.util.ArrayList<>();
        family.add(root);
        if (!root.isForked() || root.applicationSession() == null) {
            return family;
        }
        for (Iterator<?> it = root.applicationSession().getSessions(); it.hasNext();) {
            SipSessionImpl s = (SipSessionImpl) it.next();
            if (root.getId().equals(s.derivedFrom()) && s.isValid()) {
                family.add(s);
            }
        }
        return family;
    }

    /** The original session of a family: the session itself unless it was derived. */
    public static SipSessionImpl rootOf(SipSessionImpl session) {
        String parent = session.derivedFrom();
        if (parent == null) {
            return session;
        }
        SipSessionImpl root = session.applicationSession().getSipSession(parent);
        return root != null ? root : session;
    }

    private static SipSessionImpl newDerived(SipSessionImpl parent) {
        SipSessionImpl derived = parent.applicationSession().newSipSession(parent.getCallId());
        derived.inheritFrom(parent);
        parent.setForked();
        return derived;
    }
}
