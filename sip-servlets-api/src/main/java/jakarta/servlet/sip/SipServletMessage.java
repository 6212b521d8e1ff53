package jakarta.servlet.sip;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.security.Principal;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Set;

/**
 * Behaviour common to SIP requests and responses: header access (raw, as {@link Address} or as
 * {@link Parameterable}), content, attributes, transport information and the sessions the message
 * belongs to. A message is committed once it has been sent or forwarded, or when it is an incoming
 * message that needs no further processing; committed messages cannot be modified. System headers
 * (Call-ID, From, To, CSeq, Via, Record-Route, Route, Path, RAck, RSeq, Contact in most requests)
 * are managed by the container and cannot be changed by applications.
 */
public interface SipServletMessage extends Cloneable {

    /** The form in which the container writes header names of this message. */
    enum HeaderForm {
        /** Use the compact (single letter) form where one exists, e.g. {@code f} for From. */
        COMPACT,
        /** Keep the form each header was received or set in. */
        DEFAULT,
        /** Use the full header names. */
        LONG
    }

    /** Adds a language to the Accept-Language header; the locale with no q value is most preferred. */
    void addAcceptLanguage(Locale locale);

    /**
     * Adds an address header value.
     *
     * @param first true to add it in front of existing values, false to append it
     * @throws IllegalArgumentException if the header is a system header or not an address header
     */
    void addAddressHeader(String name, Address addr, boolean first);

    /**
     * Adds a header value after any existing values of that header.
     *
     * @throws IllegalArgumentException if the header is a system header
     */
    void addHeader(String name, String value);

    /**
     * Adds a parameterable header value.
     *
     * @param first true to add it in front of existing values, false to append it
     * @throws IllegalArgumentException if the header is a system header or not parameterable
     */
    void addParameterableHeader(String name, Parameterable param, boolean first);

    /**
     * Removes all attributes of this message.
     *
     * @since 2.0
     */
    void clearAttributes();

    /** Returns the preferred locale from Accept-Language, or null if the header is absent. */
    Locale getAcceptLanguage();

    /** Returns the Accept-Language locales in decreasing preference. */
    Iterator<Locale> getAcceptLanguages();

    /**
     * Returns the Accept-Language locales in decreasing preference, as an ordered set.
     *
     * @since 2.0
     */
    Set<Locale> getAcceptLanguageSet();

    /**
     * Returns the first value of an address header, or null if absent.
     *
     * @throws ServletParseException if the value cannot be parsed as an address
     */
    Address getAddressHeader(String name) throws ServletParseException;

    /**
     * Returns all values of an address header; changes through the iterator change the message.
     *
     * @throws ServletParseException if a value cannot be parsed as an address
     */
    ListIterator<Address> getAddressHeaders(String name) throws ServletParseException;

    /**
     * Returns all values of an address header as a live list backed by the message.
     *
     * @throws ServletParseException if a value cannot be parsed as an address
     * @since 2.0
     */
    List<Address> getAddressHeaderList(String name) throws ServletParseException;

    /** Returns the application session of this message, creating it if needed. */
    SipApplicationSession getApplicationSession();

    /** Returns the application session of this message, creating it only if {@code create} is true. */
    SipApplicationSession getApplicationSession(boolean create);

    /** Returns the named attribute, or null. Container attributes start with {@code jakarta.servlet.sip.}. */
    Object getAttribute(String name);

    /** Returns the names of the attributes of this message. */
    Enumeration<String> getAttributeNames();

    /**
     * Returns the names of the attributes of this message, as a set.
     *
     * @since 2.0
     */
    Set<String> getAttributeNameSet();

    /** Returns the value of the Call-ID header. */
    String getCallId();

    /** Returns the character encoding of the content, or null. */
    String getCharacterEncoding();

    /**
     * Returns the content as an object: a String for {@code text/*} types, a multipart object if the
     * container supports it, otherwise a byte array.
     *
     * @throws UnsupportedEncodingException if the charset of a text body is unknown
     * @throws IOException if the content cannot be read
     */
    Object getContent() throws IOException, UnsupportedEncodingException;

    /** Returns the locale of the Content-Language header, or null. */
    Locale getContentLanguage();

    /** Returns the length of the content in bytes, 0 if there is none. */
    int getContentLength();

    /** Returns the value of the Content-Type header, or null. */
    String getContentType();

    /** Returns the value of the Expires header in seconds, or -1 if absent. */
    int getExpires();

    /** Returns the From header as an Address; read-only. */
    Address getFrom();

    /** Returns the first value of the named header, or null if absent; names are case-insensitive. */
    String getHeader(String name);

    /** Returns the form in which header names are written. */
    HeaderForm getHeaderForm();

    /** Returns the names of all headers present. */
    Iterator<String> getHeaderNames();

    /**
     * Returns the names of all headers present, in order.
     *
     * @since 2.0
     */
    List<String> getHeaderNameList();

    /** Returns all values of the named header. */
    ListIterator<String> getHeaders(String name);

    /**
     * Returns all values of the named header, as a list.
     *
     * @since 2.0
     */
    List<String> getHeaderList(String name);

    /** Returns the address of the peer that sent this message to the container first, or null if local. */
    String getInitialRemoteAddr();

    /** Returns the port of the peer that sent this message to the container first, or -1 if local. */
    int getInitialRemotePort();

    /** Returns the transport on which the container first received this message, or null if local. */
    String getInitialTransport();

    /** Returns the local address on which this message was received or will be sent, or null. */
    String getLocalAddr();

    /** Returns the local port on which this message was received or will be sent, or -1. */
    int getLocalPort();

    /**
     * Returns the WebSocket connection (RFC 7118) this message was received on, or null if it did
     * not arrive over a WebSocket.
     *
     * @since 2.0
     */
    SipWebSocketContext getLocalSipWebSocketContext();

    /** Returns the SIP method: of the request, or of the request a response answers. */
    String getMethod();

    /**
     * Returns the first value of the named header as a Parameterable, or null if absent.
     *
     * @throws ServletParseException if the value cannot be parsed
     */
    Parameterable getParameterableHeader(String name) throws ServletParseException;

    /**
     * Returns all values of the named header as Parameterables.
     *
     * @throws ServletParseException if a value cannot be parsed
     */
    ListIterator<? extends Parameterable> getParameterableHeaders(String name) throws ServletParseException;

    /**
     * Returns all values of the named header as a list of Parameterables.
     *
     * @throws ServletParseException if a value cannot be parsed
     * @since 2.0
     */
    List<? extends Parameterable> getParameterableHeaderList(String name) throws ServletParseException;

    /** Returns the protocol name and version, {@code "SIP/2.0"}. */
    String getProtocol();

    /**
     * Returns the content as bytes, or null if there is none.
     *
     * @throws IOException if the content cannot be read
     */
    byte[] getRawContent() throws IOException;

    /** Returns the address of the peer this message was received from, or null if local. */
    String getRemoteAddr();

    /** Returns the port of the peer this message was received from, or -1 if local. */
    int getRemotePort();

    /** Returns the login of the authenticated user, or null. */
    String getRemoteUser();

    /** Returns the SIP session of this message, creating it if needed. */
    SipSession getSession();

    /** Returns the SIP session of this message, creating it only if {@code create} is true. */
    SipSession getSession(boolean create);

    /**
     * Returns the RFC 4028 session timer preferences the container applies to this message's
     * session; changing them before an initial INVITE or its 2xx is sent enables session keep-alive.
     *
     * @since 2.0
     */
    SessionKeepAlive.Preference getSessionKeepAlivePreference();

    /** Returns the To header as an Address; read-only except for the tag where the spec allows. */
    Address getTo();

    /** Returns the transport this message was received on ({@code "UDP"}, {@code "TCP"}...), or null if local. */
    String getTransport();

    /** Returns the principal of the authenticated user, or null. */
    Principal getUserPrincipal();

    /** Returns true if this message is committed and can no longer be modified. */
    boolean isCommitted();

    /**
     * Returns true if this message was routed to this application by the container internally,
     * from another application on the same container, rather than received from the network.
     *
     * @since 2.0
     */
    boolean isInternallyRouted();

    /** Returns true if the message was received over a secure transport (TLS, secure WebSocket). */
    boolean isSecure();

    /** Returns true if the authenticated user has the given role. */
    boolean isUserInRole(String role);

    /**
     * Pushes a Path header (RFC 3327) that points at this container, so that requests for the
     * registered contact come back through it.
     *
     * @throws IllegalStateException if the message is not a REGISTER or is committed
     * @since 2.0
     */
    void pushLocalPath();

    /**
     * Pushes the given address as a Path header value (RFC 3327).
     *
     * @throws IllegalStateException if the message is not a REGISTER or is committed
     */
    void pushPath(Address uri);

    /** Removes the named attribute. */
    void removeAttribute(String name);

    /**
     * Removes all values of the named header.
     *
     * @throws IllegalArgumentException if the header is a system header
     */
    void removeHeader(String name);

    /**
     * Sends this message.
     *
     * @throws IOException if a transport error occurs
     * @throws IllegalStateException if the message cannot be sent now, e.g. already committed
     */
    void send() throws IOException;

    /** Sets the Accept-Language header to the given locale, replacing earlier values. */
    void setAcceptLanguage(Locale locale);

    /**
     * Sets an address header, replacing earlier values.
     *
     * @throws IllegalArgumentException if the header is a system header or not an address header
     */
    void setAddressHeader(String name, Address addr);

    /** Binds an attribute to this message. */
    void setAttribute(String name, Object o);

    /**
     * Sets the charset of the content.
     *
     * @throws UnsupportedEncodingException if the charset is not supported
     */
    void setCharacterEncoding(String enc) throws UnsupportedEncodingException;

    /**
     * Sets the content and its type; strings are encoded in the message's charset.
     *
     * @throws UnsupportedEncodingException if the content cannot be encoded in the charset
     * @throws IllegalArgumentException if the object does not suit the content type
     * @throws IllegalStateException if the message is committed
     */
    void setContent(Object content, String contentType) throws UnsupportedEncodingException;

    /** Sets the Content-Language header. */
    void setContentLanguage(Locale locale);

    /** Sets the Content-Length header; normally managed by the container. */
    void setContentLength(int len);

    /** Sets the Content-Type header. */
    void setContentType(String type);

    /** Sets the Expires header, in seconds. */
    void setExpires(int seconds);

    /**
     * Sets a header, replacing all earlier values.
     *
     * @throws IllegalArgumentException if the header is a system header
     */
    void setHeader(String name, String value);

    /** Sets the form in which header names are written. */
    void setHeaderForm(HeaderForm form);

    /**
     * Sets a parameterable header, replacing earlier values.
     *
     * @throws IllegalArgumentException if the header is a system header or not parameterable
     */
    void setParameterableHeader(String name, Parameterable param);

    /** Returns the message in wire form, for logging. */
    @Override
    String toString();
}
