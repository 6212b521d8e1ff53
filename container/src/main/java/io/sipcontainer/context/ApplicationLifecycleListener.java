package io.sipcontainer.context;

/**
 * Something that serves a deployed application besides its SIP servlets, e.g. the HTTP server
 * mounting the application's web servlets. Components add one with
 * {@code context.services().contribute(ApplicationLifecycleListener.class, listener)} while they
 * start; the deployer calls every one after the application's SIP side has started and before it is
 * registered for requests, and again before the application stops.
 */
public interface ApplicationLifecycleListener {

    /**
     * The application's SIP side is up. Throwing refuses the application: the deployer logs the
     * exception's message as the reason, tells the listeners already called that it is undeployed,
     * and stops it.
     */
    void deployed(SipAppContext app) throws Exception;

    /** The application is about to stop; it no longer receives SIP requests. */
    void undeployed(SipAppContext app);
}
