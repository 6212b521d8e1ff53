package io.sipcontainer.dispatch;

import io.sipcontainer.message.SipServletRequestImpl;

/**
 * One step on the way of a received request (see {@link MessagePath}): it takes the request and
 * returns true, or returns false to let the next step look. Steps run on the stack thread that
 * received the request; they only look things up and hand the request to its application
 * session's serial executor, where every change to session and dialog state happens.
 */
@FunctionalInterface
interface RequestHandler {

    boolean handle(SipServletRequestImpl request);
}
