package jakarta.servlet.sip;

/**
 * The role in which a {@link SipSession} acts for a request it creates or a dialog it continues:
 * user agent client (sending the request) or user agent server (receiving it). Used by
 * {@link B2buaHelper} to find pending messages of one side of a back-to-back user agent.
 *
 * @since 1.1
 */
public enum UAMode {
    /** User agent client: the side that sends requests. */
    UAC,
    /** User agent server: the side that receives requests and answers them. */
    UAS
}
