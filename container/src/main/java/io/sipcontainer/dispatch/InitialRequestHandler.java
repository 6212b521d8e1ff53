package io.sipcontainer.dispatch;

import jakarta.servlet.Servlet;
import jakarta.servlet.sip.ar.SipApplicationRouterInfo;
import jakarta.servlet.sip.ar.SipApplicationRoutingDirective;

import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.message.DialogEvents;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.UriParser;
import io.sipcontainer.session.SipApplicationSessionImpl;
import io.sipcontainer.session.SipSessionImpl;

/**
 * Gives an initial request to the application the router selects: finds (with
 * {@code @SipApplicationKey}) or creates its application session and, on that session's
 * executor, a new UAS SIP session for the servlet the application's main servlet or mappings
 * name. A request no application takes is answered 404: proxying is something an application
 * does (the shipped proxy app), never the container on its own.
 */
final class InitialRequestHandler implements RequestHandler {
    private final ApplicationSelector selector;
    private final ApplicationComposer composer;
    private final ApplicationInvoker invoker;

    InitialRequestHandler(ApplicationSelector selector, ApplicationComposer composer, ApplicationInvoker invoker) {
        this.selector = selector;
        this.composer = composer;
        this.invoker = invoker;
    }

    @Override
    public boolean handle(SipServletRequestImpl request) {
        request.setInitial(true);
        if ("ACK".equals(request.getMethod())) {
            return true; // an ACK with no To tag belongs to no dialog and needs no answer
        }
        ApplicationSelector.Selection selection = composer.resume(request);
        if (selection == null) {
            selection = selector.select(request, SipApplicationRoutingDirective.NEW, null, null);
        }
        Servlet servlet = selection == null ? null : selection.app().servletFor(request);
        if (servlet == null) {
            ApplicationInvoker.replyError(request, 404, "Not Found");
            return true;
        }
        SipAppContext app = selection.app();
        SipApplicationRouterInfo info = selection.info();
        SipApplicationSessionImpl appSession = app.applicationSessionFor(request);
        request.transaction().setOwner(appSession);
        invoker.invoke(app, appSession, request, () -> {
            SipSessionImpl session = appSession.newSipSession(request.getCallId());
            session.setRegion(info.getRoutingRegion());
            session.setSubscriberURI(uriOrNull(info.getSubscriberURI()));
            try {
                session.setHandler(app.nameOf(servlet));
            } catch (jakarta.servlet.ServletException e) {
                throw new IllegalStateException(e); // the name came from the application's own servlets
            }
            request.setSipSession(session);
            request.setRouting(info.getRoutingRegion(), session.getSubscriberURI(), info.getStateInfo());
            DialogEvents.initialRequestReceived(request);
            session.transactionStarted(request.transaction().serverTransaction().getBranchId());
            return servlet;
        });
        return true;
    }

    private static jakarta.servlet.sip.URI uriOrNull(String uri) {
        if (uri == null || uri.isEmpty()) {
            return null;
        }
        try {
            return UriParser.parse(uri);
        } catch (Exception e) {
            return null;
        }
    }
}
