package io.sipcontainer.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.EventListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.servlet.ServletContext;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipSession;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sipcontainer.message.AddressParser;

/**
 * The application session is the unit a replicated store ships between nodes: it must serialize
 * with its SIP sessions, attributes and dialog state, and come back usable on another node.
 */
class SessionReplicationTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final InMemorySessionStore store = new InMemorySessionStore();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private SessionContext context() {
        return new SessionContext() {
            @Override
            public String applicationName() {
                return "app";
            }

            @Override
            public ServletContext servletContext() {
                return null;
            }

            @Override
            public SessionStore store() {
                return store;
            }

            @Override
            public Executor workerPool() {
                return Runnable::run;
            }

            @Override
            public ScheduledExecutorService scheduler() {
                return scheduler;
            }

            @Override
            public int sessionTimeoutMinutes() {
                return 3;
            }

            @Override
            public <T extends EventListener> List<T> listeners(Class<T> type) {
                return List.of();
            }

            @Override
            public SipServletRequest createRequestInDialog(SipSessionImpl session, String method) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Set<String> servletNames() {
                return Set.of("main");
            }
        };
    }

    @Test
    void applicationSessionSerializesWithItsDialogsAndIsUsableAfterReattach() throws Exception {
        SipApplicationSessionImpl original = new SipApplicationSessionImpl("as-1", context());
        store.putIfAbsent(original);
        original.setAttribute("account", "alice");
        SipSessionImpl sip = original.newSipSession("call-1@host");
        sip.dialog().initAsUac(AddressParser.parse("<sip:alice@example.org>"), AddressParser.parse("<sip:bob@example.org>"),
                "tagA", 1);
        sip.dialog().establishAsUac("tagB", "sip:bob@192.0.2.1:5070", List.of("<sip:p1.example.org;lr>"), true);
        sip.setAttribute("leg", "caller");
        sip.bindDialog();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(original);
        }
        SipApplicationSessionImpl copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (SipApplicationSessionImpl) in.readObject();
        }
        assertNotSame(original, copy);
        assertEquals(null, copy.context(), "node-local parts are not shipped");
        copy.attach(context());

        assertEquals("as-1", copy.getId());
        assertEquals("alice", copy.getAttribute("account"));
        SipSessionImpl restored = copy.getSipSession(sip.getId());
        assertEquals("caller", restored.getAttribute("leg"));
        assertEquals(SipSession.State.CONFIRMED, restored.getState());
        assertEquals("tagB", restored.dialog().remoteTag());
        assertEquals("sip:bob@192.0.2.1:5070", restored.dialog().remoteTarget());
        assertEquals(List.of("<sip:p1.example.org;lr>"), restored.dialog().routeSet());
        assertEquals(2, restored.dialog().nextLocalCSeq(), "the CSeq counter travels with the dialog");
        assertEquals(sip.getId(), store.findDialog(DialogKey.of("call-1@host", "tagA")));
        assertEquals("as-1", SipApplicationSessionImpl.applicationSessionIdOf(sip.getId()));

        boolean[] ran = {false};
        copy.executor().execute(() -> ran[0] = true);
        assertTrue(ran[0], "a reattached session has an executor again");
    }

    @Test
    void changesMarkTheSessionDirtyUntilSaved() {
        SipApplicationSessionImpl s = new SipApplicationSessionImpl("as-2", context());
        store.putIfAbsent(s);
        store.save(s);
        assertFalse(s.isDirty());
        s.setAttribute("k", "v");
        assertTrue(s.isDirty(), "an attribute change must be written back");
        store.save(s);
        s.newSipSession("call-2").setAttribute("x", 1);
        assertTrue(s.isDirty(), "a SIP session attribute change dirties its application session");
    }

    @Test
    void invalidationRemovesTheSessionAndItsDialogsFromTheStore() throws Exception {
        SipApplicationSessionImpl s = new SipApplicationSessionImpl("as-3", context());
        store.putIfAbsent(s);
        SipSessionImpl sip = s.newSipSession("call-3");
        sip.dialog().initAsUac(AddressParser.parse("<sip:a@x>"), AddressParser.parse("<sip:b@x>"), "t3", 1);
        sip.bindDialog();
        s.invalidate();
        assertEquals(null, store.get("as-3"));
        assertEquals(null, store.findDialog(DialogKey.of("call-3", "t3")));
        assertFalse(sip.isValid());
    }
}
