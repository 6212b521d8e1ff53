package io.sipcontainer.stack;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.SIPServerTransactionImpl;
import gov.nist.javax.sip.stack.SIPStackTimerTask;
import gov.nist.javax.sip.stack.timers.DefaultSipTimer;
import java.lang.reflect.Method;
import java.util.Properties;

/**
 * The stack's timer, with Kamailio's {@code wt_timer}: a non-INVITE server transaction that has sent
 * its final reply over UDP stays to absorb retransmissions for {@code wt_timer} (5 s by default, as
 * in Kamailio's tm) instead of RFC 3261's Timer J (64*T1 = 32 s). A peer retransmits a non-INVITE
 * request for at most 64*T1 from its first send, and stops once it has the reply, so a retransmission
 * later than 5 s after the reply means the reply was lost that long; Kamailio has run this way for
 * years. The gain is the transaction's memory: at 4,000 REGISTER/s, 32 s keeps 128,000 completed
 * transactions live, and marking them was most of the collector's work.
 *
 * <p>JAIN-SIP schedules Timer J as an anonymous task of
 * {@code SIPServerTransactionImpl.startTransactionTimerJ}; that is how it is recognised here (once per
 * class). Every other task keeps the delay it asked for.
 */
public final class WaitTimer extends DefaultSipTimer {

    /** The stack property carrying {@code wt_timer} in milliseconds. */
    static final String WT_TIMER_MS = "io.sipcontainer.WT_TIMER_MS";
    static final long DEFAULT_WT_TIMER_MS = 5_000;

    private static final ClassValue<Boolean> IS_TIMER_J = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            Method enclosing = type.getEnclosingMethod();
            return enclosing != null && enclosing.getDeclaringClass() == SIPServerTransactionImpl.class
                    && enclosing.getName().equals("startTransactionTimerJ");
        }
    };

    private volatile long waitMillis = DEFAULT_WT_TIMER_MS;
    private volatile boolean endTheStopPause;

    @Override
    public void start(SipStackImpl sipStack, Properties configurationProperties) {
        String value = configurationProperties.getProperty(WT_TIMER_MS);
        if (value != null) {
            waitMillis = Long.parseLong(value);
        }
        endTheStopPause = sipStack instanceof OrderedSipStack;
        super.start(sipStack, configurationProperties);
    }

    /**
     * The RI's {@code stopStack} calls this just before it sleeps a blind second "to let processing
     * complete", and goes on at once when that sleep is interrupted; so this interrupts the stopping
     * thread, and {@link OrderedSipStack#stopStack} clears the flag afterwards (only for that stack,
     * which restores the caller's own). The server drains its work before it stops the stack
     * ({@code SipServer.stop}), and every listener is closed by the time the RI sleeps.
     */
    @Override
    public void stop() {
        super.stop();
        if (endTheStopPause) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean schedule(SIPStackTimerTask task, long delay) {
        return super.schedule(task, delay > waitMillis && IS_TIMER_J.get(task.getClass()) ? waitMillis : delay);
    }
}
