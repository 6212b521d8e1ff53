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
 * Test UAC that sends from a timer: when it starts, it sets a timer; when the timer fires it sends
 * a MESSAGE to the URI in the context parameter {@code target}. No request from the network is
 * needed, so under the shipped application router it shows where an application's own request goes.
 */
public class TimerMessageServlet extends SipServlet implements TimerListener {
    private static final long serialVersionUID = 1L;

    @Override
    public void init() throws ServletException {
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        TimerService timers = (TimerService) getServletContext().getAttribute(TIMER_SERVICE);
        SipApplicationSession session = factory.createApplicationSession();
        timers.createTimer(session, 300, false, getServletContext().getInitParameter("target"));
    }

    @Override
    public void timeout(ServletTimer timer) {
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        try {
            SipServletRequest message = factory.createRequest(timer.getApplicationSession(), "MESSAGE",
                    factory.createAddress("<sip:timer@example.org>"),
                    factory.createAddress("<" + timer.getInfo() + ">"));
            message.setContent("sent by a timer", "text/plain");
            message.send();
        } catch (IOException | jakarta.servlet.sip.ServletParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
