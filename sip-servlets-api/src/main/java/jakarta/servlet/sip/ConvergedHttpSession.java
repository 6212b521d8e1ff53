package jakarta.servlet.sip;

import jakarta.servlet.http.HttpSession;

/**
 * An HTTP session of a converged application: it belongs to a {@link SipApplicationSession}, so
 * HTTP requests and SIP dialogs of the same application instance share state. URLs encoded by
 * this session bring later HTTP requests back to it.
 */
public interface ConvergedHttpSession extends HttpSession {

    /** Returns the URL with this session's id encoded in it, or unchanged if encoding is not needed. */
    String encodeURL(String url);

    /**
     * Returns an absolute URL, built from this container's host and port, the application's context
     * path, the relative path and the scheme, with this session's id encoded in it.
     *
     * @param relativePath the path relative to the context root
     * @param scheme {@code "http"} or {@code "https"}
     */
    String encodeURL(String relativePath, String scheme);

    /** Returns the application session this HTTP session belongs to, creating it if needed. */
    SipApplicationSession getApplicationSession();
}
