package jakarta.servlet.sip;

import java.util.Collection;
import java.util.Set;

/**
 * The group of SipSessions that stem from one initial request which forked into several dialogs:
 * the original session and the sessions the container derived from it, one per dialog (for
 * example one per To tag of the responses to a forked INVITE, or one per NOTIFY dialog of a forked
 * SUBSCRIBE). It lets the application navigate between sibling sessions, keep state shared by all
 * of them, create a request that opens yet another dialog in the group, and end them all. It stays
 * valid while at least one of its sessions is valid. Obtained from
 * {@link SipSession#getForkingContext()}.
 *
 * @since 2.0
 */
public interface ForkingContext {

    /**
     * Creates a request in this forking context that establishes a new dialog, such as a NOTIFY
     * (RFC 6665) for a new subscription dialog of a forked SUBSCRIBE.
     *
     * @throws IllegalArgumentException if the method is ACK or CANCEL
     * @throws IllegalStateException if the sessions of this context are no longer valid
     */
    SipServletRequest createRequest(String method);

    /** Returns the named attribute bound to this forking context, or null. */
    Object getAttribute(String name);

    /** Returns the names of the attributes bound to this forking context. */
    Set<String> getAttributeNameSet();

    /** Returns the valid sessions of this forking context: the original session and its derived sessions. */
    Collection<SipSession> getSessions();

    /** Removes the named attribute. */
    void removeAttribute(String name);

    /** Binds an attribute to this forking context, shared by all its sessions. */
    void setAttribute(String name, Object attribute);

    /**
     * Ends the dialogs of all sessions of this context as {@link SipSession#terminateDialog()}
     * does; sessions derived afterwards are terminated too.
     */
    void terminateDialogs();

    /**
     * Ends the dialogs of all sessions of this context, telling the listener when a request the
     * container sends for it fails or times out.
     */
    void terminateDialogs(AutomaticProcessingListener listener);
}
