package io.sipcontainer.b2bua;

import jakarta.servlet.ServletContext;
import jakarta.servlet.sip.Address;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServlet;

import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.session.SipApplicationSessionImpl;

/**
 * Where the B2BUA helper gets the bare new request of another leg from: a new UAC session in the
 * application session, a new Call-ID, a From with a new tag and a To without one. In the server
 * this is the application's own {@link SipFactory}; unit tests supply their own.
 */
@FunctionalInterface
public interface InitialRequests {

    SipServletRequestImpl create(SipApplicationSessionImpl appSession, String method, Address from, Address to);

    /** The SipFactory of the application that owns the application session. */
    InitialRequests APPLICATION_FACTORY = (appSession, method, from, to) -> {
        ServletContext context = appSession.context().servletContext();
        Object factory = context == null ? null : context.getAttribute(SipServlet.SIP_FACTORY);
        if (!(factory instanceof SipFactory f)) {
            throw new IllegalStateException("application " + appSession.getApplicationName() + " has no SipFactory");
        }
        return (SipServletRequestImpl) f.createRequest(appSession, method, from, to);
    };
}
