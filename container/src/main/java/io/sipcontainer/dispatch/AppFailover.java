package io.sipcontainer.dispatch;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.message.MessageSender;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.TransactionRecord;
import io.sipcontainer.session.SipSessionImpl;

/**
 * RFC 3263 4.3 for the requests applications send themselves ({@code SipServletRequest.send()}, a
 * B2BUA's legs), as the proxy does for its branches: when the current DNS target answers 503 or
 * does not answer (Timer B/F, or a transport error the stack reports as a timeout) before any
 * provisional response, the request goes to its next SRV/A target on a new client transaction with
 * a new Via branch, and the application sees only the last target's answer. With
 * {@code use_dns_failover} off, or no target left, the answer goes to the application unchanged.
 * The move runs on the application session's executor, where the request's state is kept.
 */
final class AppFailover {
    private static final Logger LOG = LoggerFactory.getLogger(AppFailover.class);
    private final ApplicationInvoker invoker;

    AppFailover(ApplicationInvoker invoker) {
        this.invoker = invoker;
    }

    /**
     * On the stack thread, for a 503 or a timeout of a request this server sent: true when it took
     * the event (the move, or {@code otherwise} when there is nowhere to go, runs on the session's
     * executor); false when it does not apply and the caller goes on as before.
     */
    boolean tryNextTarget(SipServletRequestImpl request, Runnable otherwise) {
        return tryNextTarget(request, () -> true, otherwise);
    }

    /**
     * As above, when the move still {@code applies} once the session's turn comes (a request whose
     * {@code tm.fr_timer} ran out: not when a response or another failover came first).
     */
    boolean tryNextTarget(SipServletRequestImpl request, java.util.function.BooleanSupplier applies,
            Runnable otherwise) {
        TransactionRecord record = request.transaction();
        SipSessionImpl session = request.sipSession();
        if (request.targets() == null || record.isProxied() || record.lastProvisional() != null || session == null
                || "ACK".equals(request.getMethod()) || "CANCEL".equals(request.getMethod())
                || !(session.applicationSession().context() instanceof SipAppContext app)) {
            return false;
        }
        MessageSender sender = request.services().sender();
        invoker.run(app, session.applicationSession(), () -> {
            if (!applies.getAsBoolean()) {
                return;
            }
            boolean moved;
            try {
                moved = session.isValid() && sender.failOver(request, false);
            } catch (IOException e) {
                LOG.debug("No next destination of {} could be sent to: {}", request.getRequestURI(), e.toString());
                moved = false;
            }
            if (moved) {
                LOG.debug("{} to {} failed over to {}", request.getMethod(), request.getRequestURI(),
                        request.targets().current());
            } else {
                otherwise.run();
            }
        });
        return true;
    }
}
