package io.sipcontainer.dispatch;

import jakarta.servlet.Servlet;
import jakarta.servlet.sip.ar.SipApplicationRouterInfo;
import jakarta.servlet.sip.ar.SipApplicationRoutingDirective;

import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.message.DialogEvents;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.session.SipApplicationSessionImpl;
import io.sipcontainer.session.SipSessionImpl;

/**
 * Gives an initial request to the application the router selects: creates (or, with
 * {@code @SipApplicationKey}, finds) its application session, a new UAS SIP session, and queues
 * it for the servlet the application's main servlet or mappings name. A request no application
 * takes is answered 404, as this container has no default proxying yet.
 */
final class InitialRequestHandler {
    private final ApplicationSelector selector;
    private final ApplicationComposer composer;
    private final ApplicationInvoker invoker;

    InitialRequestHandler(ApplicationSelector selector, ApplicationComposer composer, ApplicationInvoker invoker) {
        this.selector = selector;
        this.composer = composer;
        this.invoker = invoker;
    }

    void handle(SipServletRequestImpl request) {
        request.setInitial(true);
        if ("ACK".equals(request.getMethod())) {
            return; // an ACK with no To tag belongs to no dialog and needs no answer
        }
        ApplicationSelector.Selection selection = composer.resume(request);
        if (selection == null) {
            selection = selector.select(request, SipApplicationRoutingDirective.NEW, null, null);
        }
        if (selection == null) {
            ApplicationInvoker.replyError(request, 404, "Not Found");
            return;
        }
        SipAppContext app = selection.app();
        Servlet servlet = app.servletFor(request);
        if (servlet == null) {
            ApplicationInvoker.replyError(request, 404, "Not Found");
            return;
        }
        SipApplicationRouterInfo info = selection.info();
        SipApplicationSessionImpl appSession = app.applicationSessionFor(request);
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
        session.transactionStarted(request.serverTransaction().getBranchId());
        invoker.invoke(app, request, servlet);
    }

    private static jakarta.servlet.sip.URI uriOrNull(String uri) {
        if (uri == null || uri.isEmpty()) {
            return null;
        }
        try {
            return io.sipcontainer.message.UriParser.parse(uri);
        } catch (Exception e) {
            return null;
        }
    }
}
