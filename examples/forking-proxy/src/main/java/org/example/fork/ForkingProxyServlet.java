package org.example.fork;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.Proxy;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.SipURI;
import jakarta.servlet.sip.URI;

import io.sipcontainer.service.Contact;
import io.sipcontainer.service.LocationService;
import io.sipcontainer.service.Services;

/**
 * Rings every registered contact of the called user at once (parallel forking) and stays in the
 * path (Record-Route); the best answer wins and the other branches are cancelled. Contacts come from
 * the container's location service, which the registrar application fills.
 */
public class ForkingProxyServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doInvite(SipServletRequest invite) throws ServletException, IOException {
        if (!invite.isInitial()) {
            return; // re-INVITE in a proxied dialog: the container forwards it
        }
        LocationService location = Services.get(getServletContext(), LocationService.class);
        SipURI called = (SipURI) invite.getRequestURI();
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        List<URI> targets = new ArrayList<>();
        for (Contact contact : location.lookup(location.aorOf(called.getUser(), called.getHost()))) {
            targets.add(factory.createURI(contact.uri()));
        }
        if (targets.isEmpty()) {
            invite.createResponse(SipServletResponse.SC_NOT_FOUND).send();
            return;
        }
        Proxy proxy = invite.getProxy();
        proxy.setParallel(true);
        proxy.setRecordRoute(true);
        proxy.proxyTo(targets);
    }
}
