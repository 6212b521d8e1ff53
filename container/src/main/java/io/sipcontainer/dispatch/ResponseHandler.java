package io.sipcontainer.dispatch;

import io.sipcontainer.message.SipServletResponseImpl;

/** One step on the way of a received response (see {@link MessagePath}); same rules as {@link RequestHandler}. */
@FunctionalInterface
interface ResponseHandler {

    boolean handle(SipServletResponseImpl response);
}
