package org.example.reminder;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SipApplicationSession;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.ServletTimer;
import jakarta.servlet.sip.TimerListener;
import jakarta.servlet.sip.TimerService;
import jakarta.servlet.sip.annotation.SipListener;

/**
 * A MESSAGE whose {@code X-Remind-In} header gives milliseconds is accepted (202), and that much
 * later a MESSAGE with the same text goes back to the sender (other MESSAGEs pass through): a ServletTimer on the application
 * session, whose expiry this same class handles as the application's TimerListener.
 */
@jakarta.servlet.sip.annotation.SipServlet(name = "reminder")
@SipListener
public class ReminderServlet extends SipServlet implements TimerListener {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doMessage(SipServletRequest message) throws ServletException, IOException {
        String remindIn = message.getHeader("X-Remind-In");
        if (remindIn == null) {
            // not a request for a reminder: e.g. a reminder this application sent, which the
            // application router hands to the MESSAGE applications like any new request
            message.getProxy().proxyTo(message.getRequestURI());
            return;
        }
        long delay = Long.parseLong(remindIn);
        SipApplicationSession session = message.getApplicationSession();
        session.setAttribute("to", message.getFrom().getURI().toString());
        session.setAttribute("text", new String(message.getRawContent(), java.nio.charset.StandardCharsets.UTF_8));
        TimerService timers = (TimerService) getServletContext().getAttribute(TIMER_SERVICE);
        timers.createTimer(session, delay, false, "reminder");
        message.createResponse(SipServletResponse.SC_ACCEPTED).send();
    }

    @Override
    public void timeout(ServletTimer timer) {
        SipApplicationSession session = timer.getApplicationSession();
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        try {
            SipServletRequest reminder = factory.createRequest(session, "MESSAGE", "<sip:reminder@example.org>",
                    "<" + session.getAttribute("to") + ">");
            reminder.setContent(session.getAttribute("text"), "text/plain");
            reminder.send();
        } catch (ServletException | IOException e) { // a timer has no one to throw to: log it
            log("cannot send the reminder", e);
        }
    }

    @Override
    protected void doResponse(SipServletResponse response) {
        response.getApplicationSession().invalidate(); // the reminder was delivered (or refused): done
    }
}
