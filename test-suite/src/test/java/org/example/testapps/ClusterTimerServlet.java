package org.example.testapps;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.ServletTimer;
import jakarta.servlet.sip.SipApplicationSession;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.TimerListener;
import jakarta.servlet.sip.TimerService;

/**
 * A MESSAGE whose body is {@code <delay ms> <target URI>} arms a one-shot servlet timer and is
 * answered 200; when the timer fires, the application sends an OPTIONS with the body "fired" to the target. For
 * the cluster test: a timer armed on a node that dies must fire once, on a survivor.
 */
public class ClusterTimerServlet extends SipServlet implements TimerListener {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doMessage(SipServletRequest req) throws ServletException, IOException {
        String[] words = new String(req.getRawContent(), java.nio.charset.StandardCharsets.UTF_8).strip().split("\\s+");
        TimerService timers = (TimerService) getServletContext().getAttribute(TIMER_SERVICE);
        timers.createTimer(req.getApplicationSession(), Long.parseLong(words[0]), false, words[1]);
        req.createResponse(200).send();
    }

    @Override
    public void timeout(ServletTimer timer) {
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        SipApplicationSession session = timer.getApplicationSession();
        try {
            SipServletRequest fired = factory.createRequest(session, "OPTIONS", "sip:timer@example.org",
                    (String) timer.getInfo());
            fired.setContent("fired", "text/plain");
            fired.send();
        } catch (IOException | ServletException | RuntimeException e) {
            log("could not send the timer's OPTIONS", e);
        }
    }
}
