package jakarta.servlet.sip;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Set;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;

/**
 * A SIP response. Incoming responses are handed to the servlet's response handlers; a UAS
 * creates outgoing ones with {@link SipServletRequest#createResponse(int)} and sends them with
 * {@link #send()} or, for reliable provisional responses (RFC 3262), {@link #sendReliably()}.
 * The {@code SC_} constants name the status codes of RFC 3261 and its extensions.
 */
public interface SipServletResponse extends ServletResponse, SipServletMessage {

    /** Status code 100, Trying. */
    int SC_TRYING = 100;

    /** Status code 180, Ringing. */
    int SC_RINGING = 180;

    /** Status code 181, Call Is Being Forwarded. */
    int SC_CALL_BEING_FORWARDED = 181;

    /** Status code 182, Queued. */
    int SC_CALL_QUEUED = 182;

    /** Status code 183, Session Progress. */
    int SC_SESSION_PROGRESS = 183;

    /** Status code 200, OK. */
    int SC_OK = 200;

    /** Status code 202, Accepted (RFC 3265). */
    int SC_ACCEPTED = 202;

    /** Status code 300, Multiple Choices. */
    int SC_MULTIPLE_CHOICES = 300;

    /** Status code 301, Moved Permanently. */
    int SC_MOVED_PERMANENTLY = 301;

    /** Status code 302, Moved Temporarily. */
    int SC_MOVED_TEMPORARILY = 302;

    /** Status code 305, Use Proxy. */
    int SC_USE_PROXY = 305;

    /** Status code 380, Alternative Service. */
    int SC_ALTERNATIVE_SERVICE = 380;

    /** Status code 400, Bad Request. */
    int SC_BAD_REQUEST = 400;

    /** Status code 401, Unauthorized. */
    int SC_UNAUTHORIZED = 401;

    /** Status code 402, Payment Required. */
    int SC_PAYMENT_REQUIRED = 402;

    /** Status code 403, Forbidden. */
    int SC_FORBIDDEN = 403;

    /** Status code 404, Not Found. */
    int SC_NOT_FOUND = 404;

    /** Status code 405, Method Not Allowed. */
    int SC_METHOD_NOT_ALLOWED = 405;

    /** Status code 406, Not Acceptable. */
    int SC_NOT_ACCEPTABLE = 406;

    /** Status code 407, Proxy Authentication Required. */
    int SC_PROXY_AUTHENTICATION_REQUIRED = 407;

    /** Status code 408, Request Timeout. */
    int SC_REQUEST_TIMEOUT = 408;

    /** Status code 410, Gone. */
    int SC_GONE = 410;

    /** Status code 412, Conditional Request Failed (RFC 3903). */
    int SC_CONDITIONAL_REQUEST_FAILED = 412;

    /** Status code 413, Request Entity Too Large. */
    int SC_REQUEST_ENTITY_TOO_LARGE = 413;

    /** Status code 414, Request-URI Too Long. */
    int SC_REQUEST_URI_TOO_LONG = 414;

    /** Status code 415, Unsupported Media Type. */
    int SC_UNSUPPORTED_MEDIA_TYPE = 415;

    /** Status code 416, Unsupported URI Scheme. */
    int SC_UNSUPPORTED_URI_SCHEME = 416;

    /** Status code 420, Bad Extension. */
    int SC_BAD_EXTENSION = 420;

    /** Status code 421, Extension Required. */
    int SC_EXTENSION_REQUIRED = 421;

    /** Status code 422, Session Interval Too Small (RFC 4028). */
    int SC_SESSION_INTERVAL_TOO_SMALL = 422;

    /** Status code 423, Interval Too Brief. */
    int SC_INTERVAL_TOO_BRIEF = 423;

    /** Status code 424, Bad Location Information (RFC 6442). */
    int SC_BAD_LOCATION_INFORMATION = 424;

    /** Status code 428, Use Identity Header (RFC 4474). */
    int SC_USE_IDENTITY_HEADER = 428;

    /** Status code 429, Provide Referrer Identity (RFC 3892). */
    int SC_PROVIDE_REFERER_IDENTITY = 429;

    /** Status code 430, Flow Failed (RFC 5626). */
    int SC_FLOW_FAILED = 430;

    /** Status code 436, Bad Identity-Info (RFC 4474). */
    int SC_BAD_IDENTITY_INFO = 436;

    /** Status code 437, Unsupported Certificate (RFC 4474). */
    int SC_UNSUPPORTED_CERTIFICATE = 437;

    /** Status code 438, Invalid Identity Header (RFC 4474). */
    int SC_INVALID_IDENTITY_HEADER = 438;

    /** Status code 439, First Hop Lacks Outbound Support (RFC 5626). */
    int SC_FIRST_HOP_LACKS_OUTBOUND_SUPPORT = 439;

    /** Status code 440, Max-Breadth Exceeded (RFC 5393). */
    int SC_MAX_BREADTH_EXCEEDED = 440;

    /** Status code 480, Temporarily Unavailable (the constant keeps the spelling of the specification). */
    int SC_TEMPORARLY_UNAVAILABLE = 480;

    /** Status code 481, Call/Transaction Does Not Exist. */
    int SC_CALL_LEG_DONE = 481;

    /** Status code 482, Loop Detected. */
    int SC_LOOP_DETECTED = 482;

    /** Status code 483, Too Many Hops. */
    int SC_TOO_MANY_HOPS = 483;

    /** Status code 484, Address Incomplete. */
    int SC_ADDRESS_INCOMPLETE = 484;

    /** Status code 485, Ambiguous. */
    int SC_AMBIGUOUS = 485;

    /** Status code 486, Busy Here. */
    int SC_BUSY_HERE = 486;

    /** Status code 487, Request Terminated. */
    int SC_REQUEST_TERMINATED = 487;

    /** Status code 488, Not Acceptable Here. */
    int SC_NOT_ACCEPTABLE_HERE = 488;

    /** Status code 489, Bad Event (RFC 3265). */
    int SC_BAD_EVENT = 489;

    /** Status code 491, Request Pending. */
    int SC_REQUEST_PENDING = 491;

    /** Status code 493, Undecipherable. */
    int SC_UNDECIPHERABLE = 493;

    /** Status code 494, Security Agreement Required (RFC 3329). */
    int SC_SECURITY_AGREEMENT_REQUIRED = 494;

    /** Status code 500, Server Internal Error. */
    int SC_SERVER_INTERNAL_ERROR = 500;

    /** Status code 501, Not Implemented. */
    int SC_NOT_IMPLEMENTED = 501;

    /** Status code 502, Bad Gateway. */
    int SC_BAD_GATEWAY = 502;

    /** Status code 503, Service Unavailable. */
    int SC_SERVICE_UNAVAILABLE = 503;

    /** Status code 504, Server Time-out. */
    int SC_SERVER_TIMEOUT = 504;

    /** Status code 505, Version Not Supported. */
    int SC_VERSION_NOT_SUPPORTED = 505;

    /** Status code 513, Message Too Large. */
    int SC_MESSAGE_TOO_LARGE = 513;

    /** Status code 580, Precondition Failure (RFC 3312). */
    int SC_PRECONDITION_FAILURE = 580;

    /** Status code 600, Busy Everywhere. */
    int SC_BUSY_EVERYWHERE = 600;

    /** Status code 603, Decline. */
    int SC_DECLINE = 603;

    /** Status code 604, Does Not Exist Anywhere (the constant keeps the spelling of the specification). */
    int SC_DOES_NOT_EXIT_ANYWHERE = 604;

    /** Status code 606, Not Acceptable. */
    int SC_NOT_ACCEPTABLE_ANYWHERE = 606;
    /**
     * Creates an ACK for this 2xx response to an INVITE sent by the application.
     *
     * @throws IllegalStateException if this is not a 2xx to an INVITE or an ACK was already created
     */
    SipServletRequest createAck();

    /**
     * Creates a PRACK for this reliable provisional response.
     *
     * @throws Rel100Exception if this is not a reliable provisional response
     * @throws IllegalStateException if a PRACK was already created
     */
    SipServletRequest createPrack() throws Rel100Exception;

    /** Returns the realms of the challenges in this 401/407 response. */
    Iterator<String> getChallengeRealms();

    /**
     * Returns the realms of the challenges in this 401/407 response, as a set.
     *
     * @since 2.0
     */
    Set<String> getChallengeRealmSet();

    /**
     * Returns the {@link InviteBranch} this response was created from, or null if it was created
     * directly from the request.
     *
     * @since 2.0
     */
    InviteBranch getInviteBranch();

    /** Returns null: SIP content is set with {@link #setContent(Object, String)}. */
    @Override
    ServletOutputStream getOutputStream() throws IOException;

    /**
     * Returns an identifier of this reliable provisional response, unique within its SipSession,
     * for use with {@link SipSession#getUnacknowledgedProvisionalResponse(String)}; null for other responses.
     *
     * @since 2.0
     */
    String getProvisionalResponseId();

    /** Returns the Proxy of the request this response answers when the application proxies it, else null. */
    Proxy getProxy();

    /** Returns the ProxyBranch this response was received on, or null if not proxying. */
    ProxyBranch getProxyBranch();

    /** Returns the reason phrase. */
    String getReasonPhrase();

    /** Returns the request this response answers. */
    SipServletRequest getRequest();

    /** Returns the status code. */
    int getStatus();

    /** Returns null: SIP content is set with {@link #setContent(Object, String)}. */
    @Override
    PrintWriter getWriter() throws IOException;

    /**
     * Returns true if this is an intermediate final response received on a proxy branch, delivered
     * to {@link SipServlet#doBranchResponse(SipServletResponse)} before the best response is chosen.
     */
    boolean isBranchResponse();

    /** Returns true if this is a reliable provisional response (it carries an RSeq header). */
    boolean isReliableProvisional();

    /**
     * Sends this response.
     *
     * @throws IOException if a transport error occurs
     * @throws IllegalStateException if a final response was already sent or the response is committed
     */
    @Override
    void send() throws IOException;

    /**
     * Sends this 101-199 response reliably (RFC 3262).
     *
     * @throws Rel100Exception if the request does not allow reliable provisional responses or the status is not 101-199
     * @throws IllegalStateException if the response is committed
     */
    void sendReliably() throws Rel100Exception;

    /**
     * Sets the status code, with the default reason phrase.
     *
     * @throws IllegalArgumentException if the code is invalid
     */
    void setStatus(int statusCode);

    /**
     * Sets the status code and reason phrase.
     *
     * @throws IllegalArgumentException if the code is invalid
     */
    void setStatus(int statusCode, String reasonPhrase);
}
