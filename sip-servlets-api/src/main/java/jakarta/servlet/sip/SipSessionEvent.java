package jakarta.servlet.sip;

import java.util.EventObject;

/**
 * Event carrying the {@link SipSession} whose life cycle or activation state changed; delivered
 * to {@link SipSessionListener}s and {@link SipSessionActivationListener}s.
 *
 * @since 1.0
 */
public class SipSessionEvent extends EventObject {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an event for the given session.
     *
     * @param source the session concerned; must not be null
     */
    public SipSessionEvent(SipSession source) {
        super(source);
    }

    /** Returns the session concerned by this event. */
    public SipSession getSession() {
        return (SipSession) getSource();
    }
}
