package io.sipcontainer.dispatch;

import jakarta.servlet.Servlet;
import jakarta.servlet.sip.SipServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.message.SipServletMessageImpl;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.session.SipApplicationSessionImpl;
import io.sipcontainer.session.SipSessionImpl;

/**
 * Runs application work on the serial executor of its application session, with the
 * application's class loader, then saves the session and invalidates what became ready. An
 * application that throws gets a 500 sent for its request, and the cause logged.
 */
public final class ApplicationInvoker {
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationInvoker.class);

    /**
     * What a message changes in its session before the servlet sees it (dialog state, the
     * session itself for an initial request), run on the executor; it returns the servlet to
     * call, or null when the message goes no further.
     */
    @FunctionalInterface
    interface Arrival {
        Servlet prepare();
    }

    /** Queues a message: its {@link Arrival} step, then its servlet. */
    void invoke(SipAppContext app, SipApplicationSessionImpl appSession, SipServletMessageImpl message,
            Arrival arrival) {
        run(app, appSession, () -> {
            Servlet servlet = arrival.prepare();
            if (servlet != null) {
                call(app, message, servlet);
            }
        });
    }

    /** Runs any container task for an application session in the application's context, serialized. */
    public void run(SipAppContext app, SipApplicationSessionImpl appSession, Runnable task) {
        appSession.executor().execute(() -> {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(app.classLoader());
            try {
                task.run();
            } finally {
                thread.setContextClassLoader(previous);
                finish(appSession);
            }
        });
    }

    /** Calls the servlet now, on the calling thread (already the session's serial executor). */
    public void serviceNow(SipAppContext app, SipServletMessageImpl message, Servlet servlet) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(app.classLoader());
        try {
            call(app, message, servlet);
        } finally {
            thread.setContextClassLoader(previous);
            finish(message.sipSession().applicationSession());
        }
    }

    private void call(SipAppContext app, SipServletMessageImpl message, Servlet servlet) {
        SipSessionImpl session = message.sipSession();
        boolean isRequest = message instanceof SipServletRequestImpl;
        try {
            if (!session.isValid()) {
                if (isRequest) {
                    replyError((SipServletRequestImpl) message, 481, null);
                }
                return;
            }
            session.access();
            if (isRequest) {
                servlet.service((SipServletRequestImpl) message, null);
            } else {
                servlet.service(null, (SipServletResponse) message);
            }
        } catch (jakarta.servlet.sip.TooManyHopsException e) {
            if (isRequest) {
                replyError((SipServletRequestImpl) message, 483, "Too Many Hops");
            }
        } catch (Exception | LinkageError e) {
            LOG.error("Application {} failed on {} {}", app.name(), isRequest ? "request" : "response",
                    describe(message), e);
            if (isRequest) {
                replyError((SipServletRequestImpl) message, 500, null);
            }
        } finally {
            if (isRequest && "PRACK".equals(message.getMethod()) && !relayed((SipServletRequestImpl) message)) {
                // RFC 3262 3: a PRACK is answered like any request; one the application left is 200
                replyError((SipServletRequestImpl) message, 200, null);
            }
            if (session.isValid()) {
                session.invalidateIfReady();
            }
        }
    }

    /** A request the application proxies or relays as a B2BUA: its answer comes from the other side. */
    private static boolean relayed(SipServletRequestImpl request) {
        return request.transaction().isProxied() || request.transaction().isB2bua()
                || request.transaction().linked() != null;
    }

    private static void finish(SipApplicationSessionImpl appSession) {
        if (appSession.isValid() && appSession.isDirty()) {
            appSession.context().store().save(appSession);
        }
    }

    /** Answers a request the application could not (or left to the container), unless it already has a final response. */
    static void replyError(SipServletRequestImpl request, int status, String reason) {
        if ("ACK".equals(request.getMethod()) || request.isFinalResponseSent()
                || request.transaction().serverTransaction() == null) {
            return;
        }
        try {
            request.createResponse(status, reason).send();
        } catch (Exception e) {
            LOG.debug("Could not send {} for {}: {}", status, request.getMethod(), e.toString());
        }
    }

    private static String describe(SipServletMessageImpl m) {
        return m.getMethod() + " Call-ID " + m.getCallId();
    }
}
