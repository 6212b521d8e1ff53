package io.sipcontainer.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import jakarta.servlet.sip.SipApplicationSessionEvent;
import jakarta.servlet.sip.SipApplicationSessionListener;
import jakarta.servlet.sip.SipSessionEvent;
import jakarta.servlet.sip.SipSessionListener;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Invalidate-when-ready (issue 16 #5): sessionReadyToInvalidate runs with the application's class
 * loader; what the callback starts keeps the session until it ends; a callback that throws does
 * not leave the session alive until expiry.
 */
class ReadyToInvalidateTest {
    private final ClassLoader applicationLoader = new URLClassLoader("test-app", new URL[0],
            getClass().getClassLoader());
    private final Callbacks callbacks = new Callbacks();
    private final TestSessionContext context = new TestSessionContext().withListeners(callbacks)
            .withClassLoader(applicationLoader);

    @AfterEach
    void stopScheduler() {
        context.close();
    }

    /** Runs what a test gives it in sessionReadyToInvalidate, recording the context class loader. */
    private static final class Callbacks implements SipApplicationSessionListener, SipSessionListener {
        final List<ClassLoader> loaders = new ArrayList<>();
        Consumer<SipApplicationSessionEvent> onAppReady = e -> { };
        Consumer<SipSessionEvent> onSipReady = e -> { };

        @Override
        public void sessionReadyToInvalidate(SipApplicationSessionEvent e) {
            loaders.add(Thread.currentThread().getContextClassLoader());
            onAppReady.accept(e);
        }

        @Override
        public void sessionReadyToInvalidate(SipSessionEvent e) {
            loaders.add(Thread.currentThread().getContextClassLoader());
            onSipReady.accept(e);
        }

        @Override
        public void sessionCreated(SipApplicationSessionEvent e) {
        }

        @Override
        public void sessionDestroyed(SipApplicationSessionEvent e) {
        }

        @Override
        public void sessionExpired(SipApplicationSessionEvent e) {
        }

        @Override
        public void sessionCreated(SipSessionEvent e) {
        }

        @Override
        public void sessionDestroyed(SipSessionEvent e) {
        }
    }

    @Test
    void callbacksRunWithTheApplicationsClassLoader() {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        SipSessionImpl s = app.newSipSession("call-1");
        s.invalidateIfReady();
        assertFalse(app.isValid());
        assertEquals(List.of(applicationLoader, applicationLoader), callbacks.loaders, "SIP session, then application session");
        assertSame(before, Thread.currentThread().getContextClassLoader(), "the caller's loader is restored");
    }

    @Test
    void aRequestSentFromTheCallbackKeepsTheSipSessionUntilItsTransactionEnds() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        SipSessionImpl s = app.newSipSession("call-1");
        callbacks.onSipReady = e -> ((SipSessionImpl) e.getSession()).transactionStarted("z9hG4bK-sent-from-callback");
        s.invalidateIfReady();
        assertTrue(s.isValid(), "destroyed while its request is pending");
        assertTrue(app.isValid());

        s.transactionEnded("z9hG4bK-sent-from-callback");
        callbacks.onSipReady = e -> { };
        s.invalidateIfReady();
        assertFalse(s.isValid());
        assertFalse(app.isValid());
    }

    @Test
    void workStartedFromTheApplicationCallbackKeepsTheApplicationSession() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        SipSessionImpl s = app.newSipSession("call-1");
        SipSessionImpl[] started = new SipSessionImpl[1];
        callbacks.onAppReady = e -> {
            started[0] = ((SipApplicationSessionImpl) e.getApplicationSession()).newSipSession("call-2");
            started[0].transactionStarted("z9hG4bK-message");
        };
        s.invalidate();
        assertTrue(app.isValid(), "destroyed while the request its listener sent is pending");

        started[0].transactionEnded("z9hG4bK-message");
        callbacks.onAppReady = e -> { };
        started[0].invalidateIfReady();
        assertFalse(app.isValid());
    }

    @Test
    void aCallbackThatThrowsDoesNotKeepTheSessions() {
        SipApplicationSessionImpl app = context.newApplicationSession("as-1");
        SipSessionImpl s = app.newSipSession("call-1");
        callbacks.onSipReady = e -> {
            throw new IllegalStateException("application bug");
        };
        callbacks.onAppReady = e -> {
            throw new IllegalStateException("application bug");
        };
        s.invalidateIfReady();
        assertFalse(s.isValid());
        assertFalse(app.isValid());
    }
}
