package io.sipcontainer.dispatch;

import javax.sip.ServerTransaction;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.stack.SIPServerTransaction;

import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.proxy.ProxyService;
import io.sipcontainer.session.SipSessionImpl;

/**
 * Handles CANCEL as the specification requires of a UAS: 200 to the CANCEL, 487 to the INVITE
 * if it has no final response yet, then the application's doCancel; 481 when no INVITE matches.
 */
final class CancelHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CancelHandler.class);

    private final ApplicationInvoker invoker;
    private volatile ProxyService proxies;

    CancelHandler(ApplicationInvoker invoker) {
        this.invoker = invoker;
    }

    void setProxyService(ProxyService proxies) {
        this.proxies = proxies;
    }

    void handle(SipServletRequestImpl cancel) {
        ServerTransaction st = cancel.serverTransaction();
        SIPServerTransaction invite = st instanceof SIPServerTransaction s ? s.getCanceledInviteTransaction() : null;
        if (invite == null || !(invite.getApplicationData() instanceof SipServletRequestImpl inviteRequest)) {
            ApplicationInvoker.replyError(cancel, 481, "Call/Transaction Does Not Exist");
            return;
        }
        try {
            st.sendResponse(cancel.jainRequest().createResponse(Response.OK));
        } catch (Exception e) {
            LOG.debug("Could not answer CANCEL: {}", e.toString());
        }
        SipSessionImpl session = inviteRequest.sipSession();
        if (session == null) {
            ApplicationInvoker.replyError(inviteRequest, 487, "Request Terminated");
            return;
        }
        cancel.setSipSession(session);
        SipAppContext app = (SipAppContext) session.applicationSession().context();
        ProxyService p = proxies;
        if (p != null && inviteRequest.usesProxy()) {
            p.cancel(inviteRequest); // the branches are cancelled; the 487 comes from downstream
        } else {
            invoker.run(app, session.applicationSession(), () -> {
                if (!inviteRequest.isFinalResponseSent() && !inviteRequest.usesProxy()) {
                    ApplicationInvoker.replyError(inviteRequest, 487, "Request Terminated");
                }
            });
        }
        cancel.setCommitted();
        invoker.invoke(app, cancel, app.servletForSession(session));
    }
}
