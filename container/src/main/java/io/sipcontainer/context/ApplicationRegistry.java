package io.sipcontainer.context;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The deployed applications by name: read on every initial request, written on (un)deploy. */
public final class ApplicationRegistry {
    private final ConcurrentMap<String, SipAppContext> apps = new ConcurrentHashMap<>();

    public SipAppContext get(String name) {
        return apps.get(name);
    }

    /** Adds an application; false if one of that name is already deployed. */
    public boolean add(SipAppContext app) {
        return apps.putIfAbsent(app.name(), app) == null;
    }

    public void remove(SipAppContext app) {
        apps.remove(app.name(), app);
    }

    public List<SipAppContext> all() {
        return List.copyOf(apps.values());
    }

    public List<String> names() {
        return List.copyOf(apps.keySet());
    }
}
