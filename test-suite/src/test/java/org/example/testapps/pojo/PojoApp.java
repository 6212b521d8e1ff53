package org.example.testapps.pojo;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.ServletTimer;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.TimerListener;
import jakarta.servlet.sip.TimerService;
import jakarta.servlet.sip.annotation.Message;
import jakarta.servlet.sip.annotation.Options;
import jakarta.servlet.sip.annotation.SipListener;
import jakarta.servlet.sip.annotation.SipServlet;

/**
 * Test POJO: MESSAGE gets 200 and, when its body names a SIP URI, a timer that later sends an
 * INFO "timer fired" to that URI (not a MESSAGE: the router would route that one back here); OPTIONS makes the application throw, which the container
 * must answer with 500 for it.
 */
@SipServlet(name = "pojo")
public class PojoApp {

    @Message
    public void message(SipServletRequest req) throws IOException {
        SipServletResponse ok = req.createResponse(200);
        ok.setHeader("X-Handled-By", "pojo");
        ok.send();
        byte[] body = req.getRawContent();
        if (body != null && body.length > 0) {
            TimerService timers = (TimerService) req.getSession().getServletContext()
                    .getAttribute(jakarta.servlet.sip.SipServlet.TIMER_SERVICE);
            timers.createTimer(req.getApplicationSession(), 200, false,
                    new String(body, StandardCharsets.UTF_8).trim());
        }
    }

    @Options
    public void options(SipServletRequest req) {
        throw new IllegalStateException("this application fails on OPTIONS on purpose");
    }

    /** Fires the timer: tells the URI the MESSAGE named. */
    @SipListener
    public static class Timers implements TimerListener, jakarta.servlet.sip.SipServletListener {
        private volatile SipFactory factory;

        @Override
        public void servletInitialized(jakarta.servlet.sip.SipServletContextEvent event) {
            factory = (SipFactory) event.getServletContext().getAttribute(jakarta.servlet.sip.SipServlet.SIP_FACTORY);
        }

        @Override
        public void timeout(ServletTimer timer) {
            try {
                Serializable target = timer.getInfo();
                SipServletRequest tell = factory.createRequest(timer.getApplicationSession(), "INFO",
                        factory.createAddress("<sip:pojo@example.org>"), factory.createAddress("<" + target + ">"));
                tell.setContent("timer fired", "text/plain");
                tell.send();
            } catch (IOException | ServletParseException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
