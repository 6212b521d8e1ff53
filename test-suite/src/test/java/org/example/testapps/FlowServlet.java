package org.example.testapps;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.Flow;
import jakarta.servlet.sip.SipApplicationSession;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

/**
 * Test registrar-like application of RFC 5626 flows: a REGISTER is answered 200 with the flow it
 * arrived on ({@code X-Flow-Local}, {@code X-Flow-Remote}, {@code X-Flow-Transport}); when it names
 * an observer ({@code X-Observer}, a SIP URI), a listener on the flow sends the observer a MESSAGE
 * "flow failed" once the flow's connection closes; and an OPTIONS sent from a new session pinned
 * to the flow ({@code SipSession.setFlow}) to an unreachable Request-URI must still reach the client
 * over the connection it opened.
 */
public class FlowServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doRegister(SipServletRequest req) throws ServletException, IOException {
        Flow flow = req.getFlow();
        SipServletResponse ok = req.createResponse(SipServletResponse.SC_OK);
        ok.setHeader("X-Flow-Local", flow.getLocalURI().toString());
        ok.setHeader("X-Flow-Remote", flow.getRemoteURI().toString());
        ok.setHeader("X-Flow-Transport", flow.getTransport());
        ok.setHeader("X-Same-Flow", String.valueOf(flow.equals(req.getFlow())));
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        String observer = req.getHeader("X-Observer");
        if (observer != null) {
            // registered first and removed: were it called, the observer's first MESSAGE would say so
            Flow.Listener removed = f -> tell(factory, factory.createApplicationSession(), observer,
                    "removed listener called");
            flow.addListener(removed);
            flow.removeListener(removed);
            // the REGISTER's application session is over when the flow fails: the listener starts another
            flow.addListener(failed -> tell(factory, factory.createApplicationSession(), observer, "flow failed "
                    + failed.getRemoteURI()));
        }
        ok.send();
        if (req.getHeader("X-Pin") != null) {
            SipApplicationSession app = req.getApplicationSession();
            SipServletRequest options = factory.createRequest(app, "OPTIONS", "sip:flow@example.org",
                    "sip:client@192.0.2.1:5999;transport=tcp"); // unreachable: only the flow gets it there
            options.getSession().setFlow(flow);
            options.setHeader("X-Pinned", String.valueOf(options.getSession().getFlow() == flow));
            options.send();
        }
    }

    private static void tell(SipFactory factory, SipApplicationSession app, String observer, String text) {
        try {
            SipServletRequest message = factory.createRequest(app, "MESSAGE", "sip:flow@example.org", observer);
            message.setContent(text, "text/plain");
            message.send();
        } catch (IOException | jakarta.servlet.sip.ServletParseException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void doResponse(SipServletResponse resp) {
    }
}
