package io.sipcontainer.dispatch;

import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;

/**
 * One step on the path of a received SIP message. The stack bridge gives every message to the
 * first handler; each handler decides, or passes on. Messages arrive on stack threads: a handler
 * must not block, and hands application work to the session's serial executor.
 *
 * <pre>
 * stack ─▶ Dispatcher ─┬─▶ InitialRequestHandler ──(router picks app)──┐
 *                      ├─▶ SubsequentRequestHandler ─(dialog key)──────┼─▶ ApplicationInvoker ─▶ servlet
 *                      ├─▶ CancelHandler ─(487 + 200, then app)────────┤
 *                      └─▶ ResponseHandler ─(client transaction)───────┘
 * </pre>
 */
public interface SipHandler {

    void handleRequest(SipServletRequestImpl request);

    void handleResponse(SipServletResponseImpl response);
}
