package io.sipcontainer.dispatch;

import jakarta.servlet.Servlet;
import jakarta.servlet.sip.ar.SipApplicationRouterInfo;
import jakarta.servlet.sip.ar.SipApplicationRoutingDirective;
import jakarta.servlet.sip.ar.SipTargetedRequestInfo;
import jakarta.servlet.sip.ar.SipTargetedRequestType;

import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.message.DialogEvents;
import io.sipcontainer.message.DialogReference;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.UriParser;
import io.sipcontainer.session.SipApplicationSessionImpl;
import io.sipcontainer.session.SipSessionImpl;

/**
 * Gives an initial request to the application the router selects: finds (with
 * {@code @SipApplicationKey}) or creates its application session and, on that session's
 * executor, a new UAS SIP session for the servlet the application's main servlet or mappings
 * name. An INVITE whose Join or Replaces header names a dialog of ours is a targeted request: the
 * router is told which application owns that dialog, and the new session joins its application
 * session. A request no application takes is answered 404: proxying is something an application
 * does (the shipped proxy app), never the container on its own.
 */
final class InitialRequestHandler implements RequestHandler {
    private final ApplicationSelector selector;
    private final ApplicationComposer composer;
    private final ApplicationInvoker invoker;
    private final SessionLookup sessions;

    InitialRequestHandler(ApplicationSelector selector, ApplicationComposer composer, ApplicationInvoker invoker,
            SessionLookup sessions) {
        this.selector = selector;
        this.composer = composer;
        this.invoker = invoker;
        this.sessions = sessions;
    }

    @Override
    public boolean handle(SipServletRequestImpl request) {
        request.setInitial(true);
        if ("ACK".equals(request.getMethod())) {
            return true; // an ACK with no To tag belongs to no dialog and needs no answer
        }
        ApplicationSelector.Selection selection = composer.resume(request);
        SipSessionImpl target = selection == null ? targetOf(request) : null;
        if (selection == null && target != null) {
            selection = selector.select(request, SipApplicationRoutingDirective.NEW, null, null,
                    new SipTargetedRequestInfo(targetType(request), target.applicationSession().getApplicationName()));
        }
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
        // a request joining or replacing a dialog goes into that dialog's application session
        SipApplicationSessionImpl appSession = target != null && target.applicationSession().getApplicationName()
                .equals(app.name()) ? target.applicationSession() : app.applicationSessionFor(request);
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

    /** The session of the dialog a Join or Replaces header of an INVITE names (RFC 3911, 3891), or null. */
    private SipSessionImpl targetOf(SipServletRequestImpl request) {
        if (!"INVITE".equals(request.getMethod())) {
            return null;
        }
        DialogReference ref = DialogReference.of(request, "Replaces");
        if (ref == null) {
            ref = DialogReference.of(request, "Join");
        }
        if (ref == null) {
            return null;
        }
        SipSessionImpl session = sessions.dialogOf(ref.callId(), ref.toTag(), ref.fromTag());
        return session != null && session.isValid() ? session : null;
    }

    private static SipTargetedRequestType targetType(SipServletRequestImpl request) {
        return request.getHeader("Replaces") != null ? SipTargetedRequestType.REPLACES : SipTargetedRequestType.JOIN;
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
