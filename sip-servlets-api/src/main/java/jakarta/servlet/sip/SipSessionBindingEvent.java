package jakarta.servlet.sip;

import java.util.EventObject;

/**
 * Event sent to a {@link SipSessionBindingListener} attribute when it is bound to or unbound from
 * a {@link SipSession}, and to {@link SipSessionAttributeListener}s when an attribute of a
 * session changes. It names the attribute concerned.
 *
 * @since 1.0
 */
public class SipSessionBindingEvent extends EventObject {

    private static final long serialVersionUID = 1L;

    private final String name;

    /**
     * Creates an event for the named attribute of the given session.
     *
     * @param session the session to which the object is bound or unbound
     * @param name the name under which the object is bound or unbound
     */
    public SipSessionBindingEvent(SipSession session, String name) {
        super(session);
        this.name = name;
    }

    /** Returns the name under which the attribute is bound or unbound. */
    public String getName() {
        return name;
    }

    /** Returns the session to which the attribute is bound or from which it is unbound. */
    public SipSession getSession() {
        return (SipSession) getSource();
    }
}
