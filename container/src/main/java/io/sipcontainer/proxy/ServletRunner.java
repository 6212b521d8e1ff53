package io.sipcontainer.proxy;

import io.sipcontainer.message.SipServletMessageImpl;
import io.sipcontainer.session.SipSessionImpl;

/**
 * How the proxy reaches applications without depending on the dispatcher: every proxy event
 * runs on the serial executor of its application session, and a supervising application's servlet
 * is called from there, in line, so the proxy sees what it did before going on.
 */
public interface ServletRunner {

    /** Runs a proxy task serialized with everything else of the session's application session. */
    void runSerial(SipSessionImpl session, Runnable task);

    /** Calls the servlet of the session with the message, now, in the application's context. */
    void service(SipServletMessageImpl message);
}
