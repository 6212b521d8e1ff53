package jakarta.servlet.sip;

import java.util.EventObject;

/**
 * Event sent to a {@link SipApplicationSessionBindingListener} attribute when it is bound to or
 * unbound from an application session, and to {@link SipApplicationSessionAttributeListener}s
 * when an attribute of an application session changes. It names the attribute concerned.
 *
 * @since 1.1
 */
public class SipApplicationSessionBindingEvent extends EventObject {

    private static final long serialVersionUID = 1L;

    private final String name;

    /**
     * Creates an event for the named attribute of the given application session.
     *
     * @param session the application session to which the object is bound or unbound
     * @param name the name under which the object is bound or unbound
     */
    public SipApplicationSessionBindingEvent(SipApplicationSession session, String name) {
        super(session);
        this.name = name;
    }

    /** Returns the application session to which the attribute is bound or from which it is unbound. */
    public SipApplicationSession getApplicationSession() {
        return (SipApplicationSession) getSource();
    }

    /** Returns the name under which the attribute is bound or unbound. */
    public String getName() {
        return name;
    }
}
