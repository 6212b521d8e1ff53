package io.sipcontainer.dispatch;

import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.message.SipServletMessageImpl;
import io.sipcontainer.proxy.ServletRunner;
import io.sipcontainer.session.SipSessionImpl;

/** Runs proxy events on the application session's executor and supervising servlets in line. */
final class InvokerServletRunner implements ServletRunner {
    private final ApplicationInvoker invoker;

    InvokerServletRunner(ApplicationInvoker invoker) {
        this.invoker = invoker;
    }

    @Override
    public void runSerial(SipSessionImpl session, Runnable task) {
        SipAppContext app = (SipAppContext) session.applicationSession().context();
        invoker.run(app, session.applicationSession(), () -> {
            task.run();
            if (session.isValid()) {
                session.invalidateIfReady();
            }
        });
    }

    @Override
    public void service(SipServletMessageImpl message) {
        SipSessionImpl session = message.sipSession();
        SipAppContext app = (SipAppContext) session.applicationSession().context();
        invoker.serviceNow(app, message, app.servletForSession(session));
    }
}
