package io.sipcontainer.message;

import java.io.UnsupportedEncodingException;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPMessage;
import jakarta.servlet.sip.Address;
import jakarta.servlet.sip.Parameterable;
import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.SipApplicationSession;
import jakarta.servlet.sip.SipServletMessage;
import jakarta.servlet.sip.SipSession;

import io.sipcontainer.session.SipSessionImpl;
import io.sipcontainer.transport.Connector;

/**
 * The part of a SIP servlet message common to requests and responses, over a JAIN-SIP message.
 *
 * <p>Headers are read from and written to the JAIN-SIP message directly. System headers
 * ({@link SystemHeaders}) cannot be changed by applications; nothing can be changed once the
 * message is committed (sent, or received). Address headers handed to the application are parsed
 * views; views of an outgoing message are written back when it is sent.
 */
public abstract class SipServletMessageImpl implements SipServletMessage {
    protected final SIPMessage message;
    protected final MessageServices services;
    protected SipSessionImpl session;
    /** The socket the message arrived on, or is to leave through. */
    protected Connector connector;
    private volatile boolean committed;
    /** Committed, yet writable by the proxy application handling it before it is relayed. */
    private volatile boolean openWhileRelayed;
    private HeaderForm headerForm = HeaderForm.DEFAULT;
    private Map<String, Object> attributes;
    private Map<String, List<AddressImpl>> addressViews;

    protected SipServletMessageImpl(SIPMessage message, MessageServices services, SipSessionImpl session,
            Connector connector) {
        this.message = message;
        this.services = services;
        this.session = session;
        this.connector = connector;
    }

    /** The factories and the way out this message uses. */
    public MessageServices services() {
        return services;
    }

    /** The JAIN-SIP message underneath. */
    public SIPMessage jainMessage() {
        return message;
    }

    public SipSessionImpl sipSession() {
        return session;
    }

    public void setSipSession(SipSessionImpl session) {
        this.session = session;
    }

    public Connector connector() {
        return connector;
    }

    public void setConnector(Connector connector) {
        this.connector = connector;
    }

    /** Received, or sent: the application may no longer change it. */
    public void setCommitted() {
        committed = true;
        openWhileRelayed = false;
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }

    /**
     * A received message that the container relays for a proxy application (a response going
     * upstream, an in-dialog request going on) stays writable while the application handles it:
     * JSR 359 lets a proxy change it (a media relay rewrites its SDP), and the copy that is relayed
     * is taken afterwards. {@link #setCommitted()} again once the application has returned. It
     * stays committed to the application ({@link #isCommitted()}): it must not answer it, and
     * {@code SipServlet}'s default handlers must not either.
     */
    public void openWhileRelayed() {
        openWhileRelayed = true;
    }

    protected void checkNotCommitted() {
        if (committed && !openWhileRelayed) {
            throw new IllegalStateException("the message is committed");
        }
    }

    /** A message that came from the network: its address headers are views, never written back. */
    protected abstract boolean isReceived();

    /** True when the application may not write this header on this message. */
    protected abstract boolean isSystemHeader(String canonicalName);

    private String checkWritable(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("header name must not be empty");
        }
        checkNotCommitted();
        String canonical = SystemHeaders.canonicalName(name);
        if (isSystemHeader(canonical)) {
            throw new IllegalArgumentException(canonical + " is a system header and cannot be modified");
        }
        return canonical;
    }

    // --- headers -------------------------------------------------------------------------------

    @Override
    public String getHeader(String name) {
        Header h = message.getHeader(SystemHeaders.canonicalName(name));
        return h == null ? null : ((SIPHeader) h).getHeaderValue();
    }

    @Override
    public ListIterator<String> getHeaders(String name) {
        List<String> values = new ArrayList<>(2);
        ListIterator<?> it = message.getHeaders(SystemHeaders.canonicalName(name));
        while (it != null && it.hasNext()) {
            values.add(((SIPHeader) it.next()).getHeaderValue());
        }
        return Collections.unmodifiableList(values).listIterator();
    }

    @Override
    public Iterator<String> getHeaderNames() {
        Set<String> names = new LinkedHashSet<>();
        Iterator<String> it = message.getHeaderNames();
        while (it.hasNext()) {
            names.add(it.next());
        }
        return names.iterator();
    }

    @Override
    public void setHeader(String name, String value) {
        String canonical = checkWritable(name);
        message.removeHeader(canonical);
        if (addressViews != null) {
            addressViews.remove(canonical);
        }
        if (value != null) {
            addParsed(canonical, value);
        }
    }

    /** Adds a header value that may be a comma-separated list, which JAIN-SIP wants one by one. */
    private void addParsed(String name, String value) {
        try {
            message.addHeader(services.headerFactory().createHeader(name, value));
        } catch (ParseException single) {
            try {
                for (Object h : ((gov.nist.javax.sip.header.HeaderFactoryImpl) services.headerFactory())
                        .createHeaders(name + ": " + value)) {
                    message.addHeader((Header) h);
                }
            } catch (ParseException e) {
                throw new IllegalArgumentException("invalid " + name + " value '" + value + "': " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void addHeader(String name, String value) {
        String canonical = checkWritable(name);
        addParsed(canonical, value);
    }

    @Override
    public void removeHeader(String name) {
        String canonical = checkWritable(name);
        message.removeHeader(canonical);
        if (addressViews != null) {
            addressViews.remove(canonical);
        }
    }

    protected Header createHeader(String name, String value) {
        try {
            return services.headerFactory().createHeader(name, value);
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid " + name + " value '" + value + "': " + e.getMessage(), e);
        }
    }

    /** Writes a header regardless of system-header rules: for the container's own use. */
    public void setHeaderInternal(String name, String value) {
        message.removeHeader(name);
        message.addHeader(createHeader(name, value));
    }

    /** Adds a header (at the end) regardless of system-header rules: for the container's own use. */
    public void addHeaderInternal(String name, String value) {
        message.addHeader(createHeader(name, value));
    }

    /** Adds a header on top regardless of system-header rules (Record-Route, Path of a proxy). */
    public void addFirstInternal(String name, String value) {
        addAt(createHeader(name, value), true);
    }

    @Override
    public Address getAddressHeader(String name) throws ServletParseException {
        List<AddressImpl> views = addressViews(SystemHeaders.canonicalName(name));
        return views.isEmpty() ? null : views.get(0);
    }

    @Override
    public ListIterator<Address> getAddressHeaders(String name) throws ServletParseException {
        List<Address> copy = new ArrayList<>(addressViews(SystemHeaders.canonicalName(name)));
        return Collections.unmodifiableList(copy).listIterator();
    }

    private List<AddressImpl> addressViews(String canonical) throws ServletParseException {
        if (addressViews == null) {
            addressViews = new HashMap<>(4);
        }
        List<AddressImpl> views = addressViews.get(canonical);
        if (views == null) {
            views = new ArrayList<>(1);
            ListIterator<?> it = message.getHeaders(canonical);
            // From and To stay writable (but for their tag) until the message is committed
            boolean party = SystemHeaders.hasProtectedTag(canonical);
            boolean readOnly = committed || isReceived() || (isSystemHeader(canonical) && !party);
            while (it != null && it.hasNext()) {
                AddressImpl a = AddressParser.parse(((SIPHeader) it.next()).getHeaderValue());
                if (party) {
                    a.protectTag();
                }
                if (readOnly) {
                    a.setReadOnly();
                }
                views.add(a);
            }
            addressViews.put(canonical, views);
        }
        return views;
    }

    /** The parsed From/To view; the tag is protected, the rest writable until commit. */
    protected AddressImpl partyView(String canonical) {
        try {
            List<AddressImpl> views = addressViews(canonical);
            if (views.isEmpty()) {
                return null;
            }
            AddressImpl a = views.get(0);
            a.protectTag();
            if (committed || isReceived()) {
                a.setReadOnly();
            }
            return a;
        } catch (ServletParseException e) {
            throw new IllegalStateException("unparsable " + canonical + ": " + e.getMessage(), e);
        }
    }

    /** Writes back address views the application may have changed; called just before sending. */
    protected void flushAddressViews() {
        if (addressViews == null) {
            return;
        }
        for (Map.Entry<String, List<AddressImpl>> e : addressViews.entrySet()) {
            List<AddressImpl> views = e.getValue();
            boolean changed = false;
            for (AddressImpl a : views) {
                changed |= !a.isReadOnly();
            }
            if (changed) {
                message.removeHeader(e.getKey());
                for (AddressImpl a : views) {
                    message.addHeader(createHeader(e.getKey(), a.toString()));
                }
            }
        }
        addressViews = null;
    }

    @Override
    public void setAddressHeader(String name, Address addr) {
        String canonical = checkWritable(name);
        message.removeHeader(canonical);
        if (addressViews != null) {
            addressViews.remove(canonical);
        }
        message.addHeader(createHeader(canonical, addr.toString()));
    }

    @Override
    public void addAddressHeader(String name, Address addr, boolean first) {
        String canonical = checkWritable(name);
        if (addressViews != null) {
            addressViews.remove(canonical);
        }
        addAt(createHeader(canonical, addr.toString()), first);
    }

    @Override
    public Parameterable getParameterableHeader(String name) throws ServletParseException {
        String value = getHeader(name);
        return value == null ? null : ParameterableImpl.parse(value);
    }

    @Override
    public ListIterator<? extends Parameterable> getParameterableHeaders(String name) throws ServletParseException {
        List<Parameterable> values = new ArrayList<>(2);
        ListIterator<String> it = getHeaders(name);
        while (it.hasNext()) {
            values.add(ParameterableImpl.parse(it.next()));
        }
        return Collections.unmodifiableList(values).listIterator();
    }

    @Override
    public void setParameterableHeader(String name, Parameterable param) {
        setHeader(name, param.toString());
    }

    @Override
    public void addParameterableHeader(String name, Parameterable param, boolean first) {
        String canonical = checkWritable(name);
        addAt(createHeader(canonical, param.toString()), first);
    }

    private void addAt(Header h, boolean first) {
        if (!first) {
            message.addHeader(h);
            return;
        }
        try {
            message.addFirst(h);
        } catch (Exception e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Writes header names in the form the application chose (compact or long) just before the
     * message is encoded; DEFAULT leaves each header as it was built or received.
     */
    public void applyHeaderForm() {
        if (headerForm == HeaderForm.DEFAULT) {
            return;
        }
        Iterator<SIPHeader> it = message.getHeaders();
        while (it.hasNext()) {
            SIPHeader h = it.next();
            String canonical = SystemHeaders.canonicalName(h.getHeaderName());
            String compact = SystemHeaders.compactForm(canonical);
            String wanted = headerForm == HeaderForm.COMPACT && compact != null ? compact : canonical;
            setName(h, wanted);
        }
    }

    /** A header list (Via, Contact...) encodes its name once and each element again: rename all. */
    private static void setName(SIPHeader h, String name) {
        h.setHeaderName(name);
        if (h instanceof gov.nist.javax.sip.header.SIPHeaderList<?> list) {
            for (Object element : list) {
                ((SIPHeader) element).setHeaderName(name);
            }
        }
    }

    @Override
    public HeaderForm getHeaderForm() {
        return headerForm;
    }

    @Override
    public void setHeaderForm(HeaderForm form) {
        checkNotCommitted();
        headerForm = form;
    }

    @Override
    public Address getFrom() {
        return partyView("From");
    }

    @Override
    public Address getTo() {
        return partyView("To");
    }

    @Override
    public String getCallId() {
        return message.getCallId() == null ? null : message.getCallId().getCallId();
    }

    @Override
    public String getMethod() {
        return message.getCSeq() == null ? null : message.getCSeq().getMethod();
    }

    @Override
    public String getProtocol() {
        return "SIP/2.0";
    }

    @Override
    public int getExpires() {
        return message.getExpires() == null ? -1 : message.getExpires().getExpires();
    }

    @Override
    public void setExpires(int seconds) {
        checkNotCommitted();
        if (seconds < 0) {
            message.removeHeader("Expires");
        } else {
            setHeaderInternal("Expires", Integer.toString(seconds));
        }
    }

    // --- content -------------------------------------------------------------------------------

    @Override
    public byte[] getRawContent() {
        return message.getRawContent();
    }

    @Override
    public Object getContent() throws UnsupportedEncodingException {
        byte[] raw = message.getRawContent();
        if (raw == null) {
            return null;
        }
        String type = getContentType();
        if (type != null) {
            String lower = type.toLowerCase(Locale.ROOT);
            if (lower.startsWith("text/") || lower.startsWith("application/sdp")
                    || lower.endsWith("+xml") || lower.startsWith("application/xml")) {
                return new String(raw, charset());
            }
        }
        return raw;
    }

    private Charset charset() throws UnsupportedEncodingException {
        String enc = getCharacterEncoding();
        if (enc == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(enc);
        } catch (RuntimeException e) {
            throw new UnsupportedEncodingException(enc);
        }
    }

    @Override
    public void setContent(Object content, String contentType) throws UnsupportedEncodingException {
        checkNotCommitted();
        if (contentType == null) {
            throw new IllegalArgumentException("content type is required");
        }
        ContentTypeHeader ct = (ContentTypeHeader) createHeader("Content-Type", contentType);
        byte[] bytes;
        if (content instanceof byte[] b) {
            bytes = b;
        } else if (content instanceof String s) {
            String cs = ct.getParameter("charset");
            bytes = s.getBytes(cs != null ? Charset.forName(cs) : charset());
        } else {
            throw new IllegalArgumentException("content must be a String or byte[] for " + contentType
                    + ", got " + (content == null ? "null" : content.getClass().getName()));
        }
        try {
            message.setContent(bytes, ct);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public int getContentLength() {
        return message.getContentLength() == null ? 0 : message.getContentLength().getContentLength();
    }

    @Override
    public void setContentLength(int len) {
        // The specification forbids this only on a received or committed message; relaying
        // applications (B2BUAs) copy the length of the message they relay.
        if (isReceived()) {
            throw new IllegalStateException("the message was received: its Content-Length cannot be changed");
        }
        checkNotCommitted();
        if (len < 0) {
            throw new IllegalArgumentException("negative Content-Length " + len);
        }
        try {
            message.setContentLength(services.headerFactory().createContentLengthHeader(len));
        } catch (javax.sip.InvalidArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Before sending: a Content-Length the application set that is not the body's length is
     * replaced by the body's, since a wrong value breaks the framing of the message (and of every
     * message after it on a stream).
     */
    void frameBody() {
        byte[] body = message.getRawContent();
        int actual = body == null ? 0 : body.length;
        if (getContentLength() != actual) {
            try {
                message.setContentLength(services.headerFactory().createContentLengthHeader(actual));
            } catch (javax.sip.InvalidArgumentException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public String getContentType() {
        ContentTypeHeader ct = message.getContentTypeHeader();
        return ct == null ? null : ((SIPHeader) ct).getHeaderValue();
    }

    @Override
    public void setContentType(String type) {
        checkNotCommitted();
        if (type == null) {
            message.removeHeader("Content-Type");
        } else {
            setHeaderInternal("Content-Type", type);
        }
    }

    @Override
    public String getCharacterEncoding() {
        ContentTypeHeader ct = message.getContentTypeHeader();
        return ct == null ? null : ct.getParameter("charset");
    }

    @Override
    public void setCharacterEncoding(String enc) {
        checkNotCommitted();
        if (!Charset.isSupported(enc)) {
            throw new IllegalArgumentException("unsupported character encoding " + enc);
        }
        ContentTypeHeader ct = message.getContentTypeHeader();
        if (ct != null) {
            try {
                ct.setParameter("charset", enc);
            } catch (ParseException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    @Override
    public Locale getContentLanguage() {
        String v = getHeader("Content-Language");
        return v == null ? null : Locale.forLanguageTag(v.trim());
    }

    @Override
    public void setContentLanguage(Locale locale) {
        checkNotCommitted();
        setHeaderInternal("Content-Language", locale.toLanguageTag());
    }

    @Override
    public Locale getAcceptLanguage() {
        Iterator<Locale> it = getAcceptLanguages();
        return it.hasNext() ? it.next() : null;
    }

    @Override
    public Iterator<Locale> getAcceptLanguages() {
        List<Locale> locales = new ArrayList<>();
        ListIterator<String> it = getHeaders("Accept-Language");
        while (it.hasNext()) {
            for (String part : it.next().split(",")) {
                String tag = part.split(";")[0].trim();
                if (!tag.isEmpty()) {
                    locales.add(Locale.forLanguageTag(tag));
                }
            }
        }
        return locales.iterator();
    }

    @Override
    public void setAcceptLanguage(Locale locale) {
        checkNotCommitted();
        setHeaderInternal("Accept-Language", locale.toLanguageTag());
    }

    @Override
    public void addAcceptLanguage(Locale locale) {
        checkNotCommitted();
        message.addHeader(createHeader("Accept-Language", locale.toLanguageTag()));
    }

    // --- attributes, sessions ------------------------------------------------------------------

    @Override
    public Object getAttribute(String name) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        return attributes == null ? null : attributes.get(name);
    }

    @Override
    public java.util.Enumeration<String> getAttributeNames() {
        return attributes == null ? Collections.emptyEnumeration()
                : Collections.enumeration(new ArrayList<>(attributes.keySet()));
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (name == null || value == null) {
            throw new NullPointerException("attribute name and value must not be null");
        }
        if (attributes == null) {
            attributes = new HashMap<>(4);
        }
        attributes.put(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        if (attributes != null) {
            attributes.remove(name);
        }
    }

    @Override
    public SipSession getSession() {
        return session;
    }

    @Override
    public SipSession getSession(boolean create) {
        return session;
    }

    @Override
    public SipApplicationSession getApplicationSession() {
        return session == null ? null : session.getApplicationSession();
    }

    @Override
    public SipApplicationSession getApplicationSession(boolean create) {
        return getApplicationSession();
    }

    // --- transport -----------------------------------------------------------------------------

    @Override
    public String getLocalAddr() {
        return connector == null ? null : connector.host();
    }

    @Override
    public int getLocalPort() {
        return connector == null ? -1 : connector.port();
    }

    /**
     * The address the message came from. JAIN-SIP's remote address and port of a UDP request are
     * its top Via's (the hop a response goes to), not the datagram's source; the source is kept
     * as the peer packet source, which is what a NAT test needs (nathelper compares the two).
     */
    @Override
    public String getRemoteAddr() {
        if (message.getPeerPacketSourceAddress() != null && message.getPeerPacketSourcePort() > 0) {
            return message.getPeerPacketSourceAddress().getHostAddress();
        }
        return message.getRemoteAddress() == null ? null : message.getRemoteAddress().getHostAddress();
    }

    @Override
    public int getRemotePort() {
        if (message.getPeerPacketSourceAddress() != null && message.getPeerPacketSourcePort() > 0) {
            return message.getPeerPacketSourcePort();
        }
        return message.getRemoteAddress() == null ? -1 : message.getRemotePort();
    }

    @Override
    public String getTransport() {
        return connector == null ? null : connector.transport().toUpperCase(Locale.ROOT);
    }

    @Override
    public String getInitialRemoteAddr() {
        return getRemoteAddr();
    }

    @Override
    public int getInitialRemotePort() {
        return getRemotePort();
    }

    @Override
    public String getInitialTransport() {
        return getTransport();
    }

    public InetSocketAddress remoteSocket() {
        String addr = getRemoteAddr();
        return addr == null ? null : new InetSocketAddress(
                message.getPeerPacketSourceAddress() != null && message.getPeerPacketSourcePort() > 0
                        ? message.getPeerPacketSourceAddress() : message.getRemoteAddress(), getRemotePort());
    }

    @Override
    public boolean isSecure() {
        return connector != null && connector.isSecure();
    }

    @Override
    public String getRemoteUser() {
        return null;
    }

    @Override
    public Principal getUserPrincipal() {
        return null;
    }

    @Override
    public boolean isUserInRole(String role) {
        return false;
    }

    // --- SIP Servlet 2.0 collection views ------------------------------------------------------

    @Override
    public void clearAttributes() {
        if (attributes != null) {
            attributes.clear();
        }
    }

    @Override
    public Set<String> getAttributeNameSet() {
        return attributes == null ? Set.of() : Set.copyOf(attributes.keySet());
    }

    @Override
    public Set<Locale> getAcceptLanguageSet() {
        Set<Locale> set = new LinkedHashSet<>();
        getAcceptLanguages().forEachRemaining(set::add);
        return Collections.unmodifiableSet(set);
    }

    @Override
    public List<Address> getAddressHeaderList(String name) throws ServletParseException {
        return List.copyOf(addressViews(SystemHeaders.canonicalName(name)));
    }

    @Override
    public List<String> getHeaderNameList() {
        List<String> names = new ArrayList<>();
        getHeaderNames().forEachRemaining(names::add);
        return Collections.unmodifiableList(names);
    }

    @Override
    public List<String> getHeaderList(String name) {
        List<String> values = new ArrayList<>();
        getHeaders(name).forEachRemaining(values::add);
        return Collections.unmodifiableList(values);
    }

    @Override
    public List<? extends Parameterable> getParameterableHeaderList(String name) throws ServletParseException {
        List<Parameterable> values = new ArrayList<>();
        getParameterableHeaders(name).forEachRemaining(values::add);
        return Collections.unmodifiableList(values);
    }

    /**
     * The WebSocket connection (RFC 7118) this message arrived on: the WS transport
     * ({@code io.sipcontainer.ws.channel}) attaches it to the JAIN-SIP message as its application data.
     */
    @Override
    public jakarta.servlet.sip.SipWebSocketContext getLocalSipWebSocketContext() {
        return message.getApplicationData() instanceof jakarta.servlet.sip.SipWebSocketContext ws ? ws : null;
    }

    @Override
    public synchronized jakarta.servlet.sip.SessionKeepAlive.Preference getSessionKeepAlivePreference() {
        return keepAlivePreference();
    }

    /** The RFC 4028 preference of this message, made on first use ({@link SessionTimers}). */
    synchronized KeepAlivePreference keepAlivePreference() {
        if (keepAlivePreference == null) {
            keepAlivePreference = initialKeepAlivePreference();
        }
        return keepAlivePreference;
    }

    /** The preference only if the application or the container asked for it; null otherwise. */
    synchronized KeepAlivePreference keepAlivePreferenceIfMade() {
        return keepAlivePreference;
    }

    /** What a message's Session-Expires and Min-SE say (a new request has none: disabled). */
    KeepAlivePreference initialKeepAlivePreference() {
        return SessionTimers.fromRequest(message, (services == null ? SessionTimerSettings.defaults()
                : services.sessionTimers()).minSe());
    }

    private KeepAlivePreference keepAlivePreference;

    @Override
    public boolean isInternallyRouted() {
        return false;
    }

    @Override
    public void pushLocalPath() {
        throw new IllegalStateException("Path is pushed on proxied REGISTER requests, which this container does not proxy yet");
    }

    @Override
    public void pushPath(Address uri) {
        throw new IllegalStateException("Path is pushed on proxied REGISTER requests, which this container does not proxy yet");
    }

    @Override
    public String toString() {
        return message.encode();
    }
}
