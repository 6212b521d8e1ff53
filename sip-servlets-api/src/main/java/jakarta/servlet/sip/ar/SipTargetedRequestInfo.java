package jakarta.servlet.sip.ar;

/**
 * Passed to the application router when an initial request targets an existing application
 * session (by encoded URI, Join or Replaces): the kind of targeting and the application it
 * targets. Immutable.
 *
 * @since 1.1
 */
public class SipTargetedRequestInfo {

    private final SipTargetedRequestType type;
    private final String applicationName;

    /**
     * Creates targeted request information.
     *
     * @param type how the request targets the application session
     * @param applicationName the name of the targeted application
     */
    public SipTargetedRequestInfo(SipTargetedRequestType type, String applicationName) {
        this.type = type;
        this.applicationName = applicationName;
    }

    /** Returns how the request targets the application session. */
    public SipTargetedRequestType getType() {
        return type;
    }

    /** Returns the name of the targeted application. */
    public String getApplicationName() {
        return applicationName;
    }
}
