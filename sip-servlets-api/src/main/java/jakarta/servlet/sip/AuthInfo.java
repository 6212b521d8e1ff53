package jakarta.servlet.sip;

/**
 * Credentials a UAC uses to answer authentication challenges (401 Unauthorized, 407 Proxy
 * Authentication Required) for one or several realms, passed to
 * {@link SipServletRequest#addAuthHeader(SipServletResponse, AuthInfo)}. Created by
 * {@link SipFactory#createAuthInfo()}.
 *
 * @since 1.1
 */
public interface AuthInfo {

    /**
     * Adds the credentials to use for one challenge.
     *
     * @param statusCode the status of the challenge response, 401 or 407
     * @param realm the realm of the challenge
     * @param username the user name for that realm
     * @param password the password for that realm
     */
    void addAuthInfo(int statusCode, String realm, String username, String password);
}
