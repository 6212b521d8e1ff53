package org.example.testapps;

import java.io.IOException;
import java.io.Serializable;

import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;

import jakarta.annotation.Resource;
import jakarta.servlet.ServletException;
import jakarta.servlet.sip.ServletTimer;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.SipSessionsUtil;
import jakarta.servlet.sip.TimerListener;
import jakarta.servlet.sip.TimerService;

/**
 * Test application written the way JSR 289/359 applications for other containers are: SipFactory,
 * SipSessionsUtil and TimerService injected with {@code @Resource} (fields and a setter) and looked
 * up in JNDI under {@code java:comp/env/sip/jndi/}. A MESSAGE is answered with what it found, and
 * starts a timer; the timer listener (declared in sip.xml, its SipFactory injected too) sends a
 * MESSAGE to the caller when it fires.
 */
public class JndiServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    @Resource
    private SipFactory factory;
    @Resource
    private SipSessionsUtil sessionsUtil;
    private TimerService timers;

    @Resource
    public void setTimerService(TimerService timers) {
        this.timers = timers;
    }

    @Override
    protected void doMessage(SipServletRequest req) throws ServletException, IOException {
        SipServletResponse ok = req.createResponse(SipServletResponse.SC_OK);
        try {
            Context env = (Context) new InitialContext().lookup("java:comp/env");
            Object looked = new InitialContext().lookup("java:comp/env/sip/jndi/SipFactory");
            ok.setHeader("X-Injected", String.valueOf(factory != null && sessionsUtil != null && timers != null));
            ok.setHeader("X-Same-Factory", String.valueOf(looked == factory));
            ok.setHeader("X-Same-Util", String.valueOf(env.lookup("sip/jndi/SipSessionsUtil") == sessionsUtil));
            ok.setHeader("X-Same-Timers", String.valueOf(
                    new InitialContext().lookup("java:comp/env/sip/jndi/TimerService") == timers));
            ok.setHeader("X-Listener-Injected", String.valueOf(Fired.injected));
        } catch (NamingException e) {
            ok.setHeader("X-Naming-Error", e.toString());
        }
        ok.send();
        TimerService byName;
        try {
            byName = (TimerService) new InitialContext().lookup("java:comp/env/sip/jndi/TimerService");
        } catch (NamingException e) {
            throw new ServletException(e);
        }
        String caller = req.getFrom().getURI().toString();
        byName.createTimer(req.getApplicationSession(), 200, false, caller);
    }

    /** Sends a MESSAGE to the caller when the timer fires, with a SipFactory injected by @Resource. */
    public static class Fired implements TimerListener {
        static volatile boolean injected;

        @Resource
        private SipFactory factory;

        public Fired() {
        }

        @Override
        public void timeout(ServletTimer timer) {
            injected = factory != null;
            Serializable caller = timer.getInfo();
            try {
                SipServletRequest message = factory.createRequest(timer.getApplicationSession(), "MESSAGE",
                        factory.createAddress("<sip:jndi@example.org>"), factory.createAddress("<" + caller + ">"));
                message.setContent("timer fired", "text/plain");
                message.send();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
