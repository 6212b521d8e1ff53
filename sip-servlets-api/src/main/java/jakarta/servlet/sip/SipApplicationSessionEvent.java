package jakarta.servlet.sip;

import java.util.EventObject;

/**
 * Event carrying the {@link SipApplicationSession} whose life cycle or activation state changed;
 * delivered to {@link SipApplicationSessionListener}s and
 * {@link SipApplicationSessionActivationListener}s.
 *
 * @since 1.0
 */
public class SipApplicationSessionEvent extends EventObject {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an event for the given application session.
     *
     * @param appSession the application session concerned; must not be null
     */
    public SipApplicationSessionEvent(SipApplicationSession appSession) {
        super(appSession);
    }

    /** Returns the application session concerned by this event. */
    public SipApplicationSession getApplicationSession() {
        return (SipApplicationSession) getSource();
    }
}
