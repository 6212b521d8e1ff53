package io.sipcontainer.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.sip.AutomaticProcessingListener;
import jakarta.servlet.sip.ForkingContext;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipSession;
import jakarta.servlet.sip.UAMode;

/**
 * The family of sessions one forked request made ({@link Forks}: the original session and those
 * derived from it), seen as a JSR 359 ForkingContext. It is a view, made on demand from any member:
 * the members are found in the application session, and the shared attributes live on the original
 * session, so the context travels with the sessions (a cluster replica included).
 */
final class ForkingContextImpl implements ForkingContext {
    private final SipSessionImpl root;

    ForkingContextImpl(SipSessionImpl root) {
        this.root = root;
    }

    @Override
    public Collection<SipSession> getSessions() {
        List<SipSession> sessions = new ArrayList<>();
        for (Iterator<?> it = root.applicationSession().getSessions("SIP"); it.hasNext();) {
            if (it.next() instanceof SipSessionImpl s && s.isValid()
                    && (s == root || root.getId().equals(s.derivedFrom()))) {
                sessions.add(s);
            }
        }
        return sessions;
    }

    @Override
    public Object getAttribute(String name) {
        return root.forkingAttributes().get(name);
    }

    @Override
    public Set<String> getAttributeNameSet() {
        return Set.copyOf(root.forkingAttributes().keySet());
    }

    @Override
    public void setAttribute(String name, Object attribute) {
        if (attribute == null) {
            removeAttribute(name);
            return;
        }
        root.forkingAttributes().put(name, attribute);
        root.applicationSession().markDirty();
    }

    @Override
    public void removeAttribute(String name) {
        root.forkingAttributes().remove(name);
        root.applicationSession().markDirty();
    }

    /**
     * A request opening one more dialog of the family: from a new session derived from the original
     * UAS session under a tag of its own (a notifier's further subscription dialog, say). A UAC's
     * family gets its dialogs from the responses it receives, so it cannot make one this way.
     */
    @Override
    public SipServletRequest createRequest(String method) {
        if ("ACK".equals(method) || "CANCEL".equals(method)) {
            throw new IllegalArgumentException(method + " opens no dialog");
        }
        if (getSessions().isEmpty()) {
            throw new IllegalStateException("no session of this forking context is valid");
        }
        if (root.dialog().mode() != UAMode.UAS) {
            throw new IllegalStateException("the dialogs of a forked request this application sent come with its responses");
        }
        String tag = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        return Forks.deriveUas(root, tag).createRequest(method);
    }

    @Override
    public void terminateDialogs() {
        for (SipSession s : getSessions()) {
            s.terminateDialog();
        }
    }

    @Override
    public void terminateDialogs(AutomaticProcessingListener listener) {
        for (SipSession s : getSessions()) {
            s.terminateDialog(listener);
        }
    }

    /** Two views of one family are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ForkingContextImpl other && other.root == root;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(root);
    }

    @Override
    public String toString() {
        return "ForkingContext[" + root.getId() + "]";
    }

    static Map<String, Object> newAttributes() {
        return new java.util.concurrent.ConcurrentHashMap<>();
    }
}
