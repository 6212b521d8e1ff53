package io.sipcontainer.dispatch;

import javax.sip.ServerTransaction;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.stack.SIPServerTransaction;

import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.TransactionRecord;
import io.sipcontainer.proxy.ProxyService;
import io.sipcontainer.session.SipApplicationSessionImpl;
import io.sipcontainer.session.SipSessionImpl;

/**
 * Handles CANCEL as the specification requires of a UAS: 200 to the CANCEL at once, then, queued
 * behind the INVITE on its application session's executor, 487 to the INVITE if it has no final
 * response yet (or the proxy's branches cancelled) and the application's doCancel; 481 when no
 * INVITE matches.
 */
final class CancelHandler implements RequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CancelHandler.class);

    private final ApplicationInvoker invoker;
    private final ProxyService proxies;

    CancelHandler(ApplicationInvoker invoker, ProxyService proxies) {
        this.invoker = invoker;
        this.proxies = proxies;
    }

    @Override
    public boolean handle(SipServletRequestImpl cancel) {
        if (!"CANCEL".equals(cancel.getMethod())) {
            return false;
        }
        ServerTransaction st = cancel.transaction().serverTransaction();
        SIPServerTransaction invite = st instanceof SIPServerTransaction s ? s.getCanceledInviteTransaction() : null;
        if (invite == null) {
            ApplicationInvoker.replyError(cancel, 481, "Call/Transaction Does Not Exist");
            return true;
        }
        if (!(invite.getApplicationData() instanceof TransactionRecord record)) {
            // the INVITE was answered already and let go of its data: the CANCEL has no effect, but
            // its transaction exists, so 200 (RFC 3261 9.2)
            answer(st, cancel);
            return true;
        }
        answer(st, cancel);
        SipServletRequestImpl inviteRequest = record.request();
        SipApplicationSessionImpl owner = record.owner();
        if (owner == null) { // no application took the INVITE
            ApplicationInvoker.replyError(inviteRequest, 487, "Request Terminated");
            return true;
        }
        SipAppContext app = (SipAppContext) owner.context();
        invoker.run(app, owner, () -> {
            SipSessionImpl session = inviteRequest.sipSession();
            if (session == null) {
                ApplicationInvoker.replyError(inviteRequest, 487, "Request Terminated");
                return;
            }
            if (record.proxy() != null) {
                proxies.cancel(inviteRequest); // the branches are cancelled; the 487 comes from downstream
            } else {
                ApplicationInvoker.replyError(inviteRequest, 487, "Request Terminated");
            }
            cancel.setSipSession(session);
            cancel.setCommitted();
            invoker.serviceNow(app, cancel, app.servletForSession(session));
        });
        return true;
    }

    private static void answer(ServerTransaction st, SipServletRequestImpl cancel) {
        try {
            st.sendResponse(cancel.jainRequest().createResponse(Response.OK));
        } catch (Exception e) {
            LOG.debug("Could not answer CANCEL: {}", e.toString());
        }
    }
}
