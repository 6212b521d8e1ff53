package io.sipcontainer.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The container's own table of services, filled while the server starts and copied into each
 * application's servlet context (see {@link Services}).
 */
public final class ServiceRegistry {
    private final Map<Class<?>, Object> services = new ConcurrentHashMap<>();
    private final Map<Class<?>, java.util.List<Object>> contributions = new ConcurrentHashMap<>();

    /** Adds one of many things of a kind (e.g. HTTP handlers) for a later component to collect. */
    public synchronized <T> void contribute(Class<T> type, T item) {
        contributions.computeIfAbsent(type, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(item);
    }

    /** Everything contributed of a kind, in contribution order. */
    public <T> java.util.List<T> contributions(Class<T> type) {
        return contributions.getOrDefault(type, java.util.List.of()).stream().map(type::cast).toList();
    }

    public <T> ServiceRegistry register(Class<T> type, T service) {
        services.put(type, type.cast(service));
        return this;
    }

    public <T> T get(Class<T> type) {
        Object s = services.get(type);
        if (s == null) {
            throw new IllegalStateException("no " + type.getName() + " registered");
        }
        return type.cast(s);
    }

    public <T> T find(Class<T> type) {
        return type.cast(services.get(type));
    }

    /** Every service by the attribute name applications look it up under. */
    public Map<String, Object> byAttributeName() {
        Map<String, Object> m = new java.util.HashMap<>();
        services.forEach((k, v) -> m.put(k.getName(), v));
        return m;
    }
}
