package jakarta.servlet.sip;

import java.io.IOException;

import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * Base class of SIP servlets. The container passes each incoming message to
 * {@link #service(ServletRequest, ServletResponse)}, which hands requests to {@link #doRequest} and
 * responses to {@link #doResponse}; these dispatch on the request method to {@code doInvite},
 * {@code doAck}, {@code doBye}... and on the response status class to
 * {@code doProvisionalResponse}, {@code doSuccessResponse}, {@code doRedirectResponse} and
 * {@code doErrorResponse} (intermediate final responses of proxy branches go to
 * {@link #doBranchResponse}). Subclasses override the handlers they need. By default
 * {@code doAck}, {@code doCancel} and all response handlers do nothing, and every other request
 * handler rejects the request with 500 (Server Internal Error), as does a request with a method
 * this class does not know.
 *
 * <p>The constants name the servlet context attributes through which the container offers its
 * services and capabilities to applications.
 */
public abstract class SipServlet extends GenericServlet {

    private static final long serialVersionUID = 1L;

    /** Context attribute holding the unmodifiable {@code List<SipURI>} of the container's outbound interfaces. */
    public static final String OUTBOUND_INTERFACES = "jakarta.servlet.sip.outboundInterfaces";

    /**
     * Context attribute that was true when the container supports reliable provisional responses.
     *
     * @deprecated check for {@code "100rel"} in the {@link #SUPPORTED} list instead
     */
    @Deprecated
    public static final String PRACK_SUPPORTED = "jakarta.servlet.sip.100rel";

    /** Context attribute holding the application's {@link SipFactory}. */
    public static final String SIP_FACTORY = "jakarta.servlet.sip.SipFactory";

    /** Context attribute holding the application's {@link SipSessionsUtil}. */
    public static final String SIP_SESSIONS_UTIL = "jakarta.servlet.sip.SipSessionsUtil";

    /** Context attribute holding the unmodifiable {@code List<String>} of option tags the container supports. */
    public static final String SUPPORTED = "jakarta.servlet.sip.supported";

    /**
     * Context attribute holding the unmodifiable {@code List<String>} of numbers of the RFCs the
     * container supports. The name keeps the capitalisation of the specification.
     */
    public static final String SUPPORTED_RFCs = "jakarta.servlet.sip.supportedRfcs";

    /** Context attribute holding the application's {@link TimerService}. */
    public static final String TIMER_SERVICE = "jakarta.servlet.sip.TimerService";

    /** Reason phrase of the 500 response sent for requests the servlet does not handle. */
    private static final String NOT_HANDLED_REASON = "Request not handled by application";

    /** Creates a SIP servlet; initialisation happens in {@code init}. */
    protected SipServlet() {
    }

    /**
     * Handles one incoming SIP message: exactly one of the arguments is non-null, a
     * {@link SipServletRequest} or a {@link SipServletResponse}.
     *
     * @throws ServletException if the message is not a SIP message, or a handler fails
     * @throws IOException if a handler fails to send a message
     */
    @Override
    public void service(ServletRequest req, ServletResponse resp) throws ServletException, IOException {
        if (req != null) {
            if (!(req instanceof SipServletRequest sipRequest)) {
                throw new ServletException("Not a SIP request: " + req.getClass().getName());
            }
            doRequest(sipRequest);
        } else if (resp != null) {
            if (!(resp instanceof SipServletResponse sipResponse)) {
                throw new ServletException("Not a SIP response: " + resp.getClass().getName());
            }
            doResponse(sipResponse);
        } else {
            throw new ServletException("Neither a request nor a response was given to service()");
        }
    }

    /**
     * Dispatches a request to the handler of its method. Method names are case-sensitive
     * (RFC 3261 section 7.1); unknown methods are rejected with 500.
     */
    protected void doRequest(SipServletRequest req) throws ServletException, IOException {
        switch (req.getMethod()) {
            case "INVITE" -> doInvite(req);
            case "ACK" -> doAck(req);
            case "OPTIONS" -> doOptions(req);
            case "BYE" -> doBye(req);
            case "CANCEL" -> doCancel(req);
            case "REGISTER" -> doRegister(req);
            case "SUBSCRIBE" -> doSubscribe(req);
            case "NOTIFY" -> doNotify(req);
            case "MESSAGE" -> doMessage(req);
            case "INFO" -> doInfo(req);
            case "PRACK" -> doPrack(req);
            case "UPDATE" -> doUpdate(req);
            case "REFER" -> doRefer(req);
            case "PUBLISH" -> doPublish(req);
            default -> rejectUnhandled(req);
        }
    }

    /**
     * Dispatches a response: intermediate final responses of a supervised proxy branch go to
     * {@link #doBranchResponse}, others by status class to the provisional, success, redirect or
     * error handler.
     */
    protected void doResponse(SipServletResponse resp) throws ServletException, IOException {
        if (resp.isBranchResponse()) {
            doBranchResponse(resp);
            return;
        }
        int status = resp.getStatus();
        if (status < 200) {
            doProvisionalResponse(resp);
        } else if (status < 300) {
            doSuccessResponse(resp);
        } else if (status < 400) {
            doRedirectResponse(resp);
        } else {
            doErrorResponse(resp);
        }
    }

    /** Handles INVITE; by default rejects it with 500. */
    protected void doInvite(SipServletRequest req) throws ServletException, IOException {
        rejectUnhandled(req);
    }

    /** Handles ACK; by default does nothing, as an ACK cannot be answered. */
    protected void doAck(SipServletRequest req) throws ServletException, IOException {
    }

    /** Handles OPTIONS; by default rejects it with 500. */
    protected void doOptions(SipServletRequest req) throws ServletException, IOException {
        rejectUnhandled(req);
    }

    /** Handles BYE; by default rejects it with 500. */
    protected void doBye(SipServletRequest req) throws ServletException, IOException {
        rejectUnhandled(req);
    }

    /**
     * Handles CANCEL; by default does nothing: the container has already answered the CANCEL and
     * the cancelled INVITE.
     */
    protected void doCancel(SipServletRequest req) throws ServletException, IOException {
    }

    /** Handles REGISTER; by default rejects it with 500. */
    protected void doRegister(SipServletRequest req) throws ServletException, IOException {
        rejectUnhandled(req);
    }

    /** Handles SUBSCRIBE (RFC 6665); by default rejects it with 500. */
    protected void doSubscribe(SipServletRequest req) throws ServletException, IOException {
        rejectUnhandled(req);
    }

    /** Handles NOTIFY (RFC 6665); by default rejects it with 500. */
    protected void doNotify(SipServletRequest req) throws ServletException, IOException {
        rejectUnhandled(req);
    }

    /** Handles MESSAGE (RFC 3428); by default rejects it with 500. */
    protected void doMessage(SipServletRequest req) throws ServletException, IOException {
        rejectUnhandled(req);
    }

    /** Handles INFO (RFC 6086); by default rejects it with 500. */
    protected void doInfo(SipServletRequest req) throws ServletException, IOException {
        rejectUnhandled(req);
    }

    /**
     * Handles PRACK (RFC 3262), which acknowledges a reliable provisional response; by default does
     * nothing, and the container answers a PRACK the application leaves unanswered with 200.
     */
    protected void doPrack(SipServletRequest req) throws ServletException, IOException {
    }

    /** Handles UPDATE (RFC 3311); by default rejects it with 500. */
    protected void doUpdate(SipServletRequest req) throws ServletException, IOException {
        rejectUnhandled(req);
    }

    /** Handles REFER (RFC 3515); by default rejects it with 500. */
    protected void doRefer(SipServletRequest req) throws ServletException, IOException {
        rejectUnhandled(req);
    }

    /** Handles PUBLISH (RFC 3903); by default rejects it with 500. */
    protected void doPublish(SipServletRequest req) throws ServletException, IOException {
        rejectUnhandled(req);
    }

    /** Handles 1xx responses; by default does nothing. */
    protected void doProvisionalResponse(SipServletResponse resp) throws ServletException, IOException {
    }

    /** Handles 2xx responses; by default does nothing. */
    protected void doSuccessResponse(SipServletResponse resp) throws ServletException, IOException {
    }

    /** Handles 3xx responses; by default does nothing. */
    protected void doRedirectResponse(SipServletResponse resp) throws ServletException, IOException {
    }

    /** Handles 4xx, 5xx and 6xx responses; by default does nothing. */
    protected void doErrorResponse(SipServletResponse resp) throws ServletException, IOException {
    }

    /**
     * Handles an intermediate final response received on a branch of a supervised proxy, before
     * the container picks the best response; by default does nothing.
     */
    protected void doBranchResponse(SipServletResponse resp) throws ServletException, IOException {
    }

    /** Writes a message, prefixed by the servlet name, to the servlet context log. */
    @Override
    public void log(String msg) {
        getServletContext().log(getServletName() + ": " + msg);
    }

    /** Writes a message and a stack trace, prefixed by the servlet name, to the servlet context log. */
    @Override
    public void log(String message, Throwable t) {
        getServletContext().log(getServletName() + ": " + message, t);
    }

    /**
     * Rejects a request nobody handled with 500. A request that is already committed (answered, or
     * an ACK that needs no answer) is left alone, since responding would be illegal.
     */
    private void rejectUnhandled(SipServletRequest req) throws IOException {
        if (req.isCommitted() || "ACK".equals(req.getMethod())) {
            return;
        }
        req.createResponse(SipServletResponse.SC_SERVER_INTERNAL_ERROR, NOT_HANDLED_REASON).send();
    }
}
