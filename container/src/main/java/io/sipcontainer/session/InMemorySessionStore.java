package io.sipcontainer.session;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The single-node session store: concurrent maps, nothing serialized. */
public final class InMemorySessionStore implements SessionStore {
    private final ConcurrentMap<String, SipApplicationSessionImpl> sessions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> dialogs = new ConcurrentHashMap<>();

    @Override
    public SipApplicationSessionImpl get(String applicationSessionId) {
        return sessions.get(applicationSessionId);
    }

    @Override
    public SipApplicationSessionImpl putIfAbsent(SipApplicationSessionImpl session) {
        SipApplicationSessionImpl existing = sessions.putIfAbsent(session.getId(), session);
        return existing != null ? existing : session;
    }

    @Override
    public void save(SipApplicationSessionImpl session) {
        session.clearDirty();
    }

    @Override
    public void remove(SipApplicationSessionImpl session) {
        sessions.remove(session.getId(), session);
        for (String key : session.dialogKeys()) {
            dialogs.remove(key);
        }
    }

    @Override
    public void bindDialog(String dialogKey, String sipSessionId) {
        dialogs.put(dialogKey, sipSessionId);
    }

    @Override
    public void unbindDialog(String dialogKey) {
        dialogs.remove(dialogKey);
    }

    @Override
    public String findDialog(String dialogKey) {
        return dialogs.get(dialogKey);
    }

    @Override
    public Collection<SipApplicationSessionImpl> all() {
        return List.copyOf(sessions.values());
    }

    @Override
    public int size() {
        return sessions.size();
    }
}
