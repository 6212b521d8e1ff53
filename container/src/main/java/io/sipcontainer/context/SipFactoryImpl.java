package io.sipcontainer.context;

import jakarta.servlet.sip.Address;
import jakarta.servlet.sip.AuthInfo;
import jakarta.servlet.sip.Parameterable;
import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.SipApplicationSession;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipURI;
import jakarta.servlet.sip.URI;

import io.sipcontainer.message.AddressImpl;
import io.sipcontainer.message.AddressParser;
import io.sipcontainer.message.MessageServices;
import io.sipcontainer.message.ParameterableImpl;
import io.sipcontainer.message.RequestBuilder;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipURIImpl;
import io.sipcontainer.message.Tags;
import io.sipcontainer.message.UriParser;
import io.sipcontainer.session.SipApplicationSessionImpl;
import io.sipcontainer.session.SipSessionImpl;

/**
 * The SipFactory of one application: addresses and URIs from the message layer's parsers, and
 * new application sessions and UAC requests bound to this application.
 */
final class SipFactoryImpl implements SipFactory {
    private final SipAppContext app;
    private final MessageServices messages;
    private final String localHost;

    SipFactoryImpl(SipAppContext app, MessageServices messages, String localHost) {
        this.app = app;
        this.messages = messages;
        this.localHost = localHost;
    }

    @Override
    public URI createURI(String uri) throws ServletParseException {
        return UriParser.parse(uri);
    }

    @Override
    public SipURI createSipURI(String user, String host) {
        return SipURIImpl.create(user, host);
    }

    @Override
    public Address createAddress(String addr) throws ServletParseException {
        return AddressParser.parse(addr);
    }

    @Override
    public Address createAddress(URI uri) {
        return new AddressImpl(null, (URI) uri.clone());
    }

    @Override
    public Address createAddress(URI uri, String displayName) {
        return new AddressImpl(displayName, (URI) uri.clone());
    }

    @Override
    public Parameterable createParameterable(String s) throws ServletParseException {
        return ParameterableImpl.parse(s);
    }

    @Override
    public SipApplicationSession createApplicationSession() {
        return app.newApplicationSession();
    }

    @Override
    public SipApplicationSession createApplicationSessionByKey(String sipApplicationKey) {
        return app.applicationSessionByKey(sipApplicationKey, true);
    }

    @Override
    public AuthInfo createAuthInfo() {
        return new io.sipcontainer.message.DigestCredentials();
    }

    @Override
    public SipServletRequest createRequest(SipApplicationSession appSession, String method, Address from, Address to) {
        checkMethod(method);
        SipApplicationSessionImpl s = own(appSession);
        String callId = Tags.newCallId(localHost);
        SipSessionImpl session = s.newSipSession(callId);
        return RequestBuilder.initial(messages, session, method, from, to, callId);
    }

    @Override
    public SipServletRequest createRequest(SipApplicationSession appSession, String method, URI from, URI to) {
        return createRequest(appSession, method, createAddress(from), createAddress(to));
    }

    @Override
    public SipServletRequest createRequest(SipApplicationSession appSession, String method, String from, String to)
            throws ServletParseException {
        return createRequest(appSession, method, createAddress(from), createAddress(to));
    }

    @Override
    public SipServletRequest createRequest(SipServletRequest origRequest, boolean sameCallId) {
        SipApplicationSessionImpl s = own(origRequest.getApplicationSession());
        String callId = sameCallId ? origRequest.getCallId() : Tags.newCallId(localHost);
        SipSessionImpl session = s.newSipSession(callId);
        SipServletRequestImpl copy = RequestBuilder.initial(messages, session, origRequest.getMethod(),
                origRequest.getFrom(), origRequest.getTo(), callId);
        copy.setRequestURI(origRequest.getRequestURI());
        if (origRequest.isInitial()) {
            // a request made from another is a continuation of its application chain
            copy.setRoutingDirective(jakarta.servlet.sip.ar.SipApplicationRoutingDirective.CONTINUE, origRequest);
        }
        try {
            if (origRequest.getRawContent() != null) {
                copy.setContent(origRequest.getRawContent(), origRequest.getContentType());
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot copy the content: " + e.getMessage(), e);
        }
        return copy;
    }

    private SipApplicationSessionImpl own(SipApplicationSession appSession) {
        if (!(appSession instanceof SipApplicationSessionImpl s) || !s.isValid()) {
            throw new IllegalArgumentException("not a valid application session of this container");
        }
        if (!s.getApplicationName().equals(app.name())) {
            throw new IllegalArgumentException("the application session belongs to " + s.getApplicationName());
        }
        return s;
    }

    private static void checkMethod(String method) {
        if ("ACK".equals(method) || "CANCEL".equals(method)) {
            throw new IllegalArgumentException(method + " cannot be created with SipFactory");
        }
    }
}
