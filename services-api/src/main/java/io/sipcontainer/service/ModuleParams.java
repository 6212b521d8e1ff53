package io.sipcontainer.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The settings of one module or application, written {@code module.param = value} in
 * {@code sipcontainer.cfg} (Kamailio's {@code modparam("module", "param", value)}). Each module
 * reads its own values once at start-up through the typed getters, which check the value and
 * throw a {@link ConfigException} pointing at the file and line of a bad one. The server refuses
 * to start when a parameter was never read: an unknown name is a mistake, not something to ignore.
 */
public final class ModuleParams {
    /** One value with where it was written. */
    public record Value(String text, String source, int line) {
    }

    private final String module;
    private final Map<String, Value> values;
    private final Set<String> read;

    private ModuleParams(String module, Map<String, Value> values, Set<String> readTracker) {
        this.module = module;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.read = readTracker;
    }

    /**
     * The settings of {@code module}, built by the container's configuration reader (public because
     * that reader lives outside this package). Each getter adds {@code module.name} to
     * {@code readTracker}, so the container can refuse names no module ever asked for.
     */
    public static ModuleParams of(String module, Map<String, Value> values, Set<String> readTracker) {
        return new ModuleParams(module, values, readTracker);
    }

    /** A module with nothing written for it: every getter gives its default. */
    public static ModuleParams empty(String module) {
        return new ModuleParams(module, Map.of(), ConcurrentHashMap.newKeySet());
    }

    public String module() {
        return module;
    }

    /** Every parameter written for this module, by name, as written. */
    public Map<String, Value> all() {
        return values;
    }

    public boolean isSet(String name) {
        return values.containsKey(name);
    }

    /** The raw value, or {@code def} when absent. */
    public String string(String name, String def) {
        Value v = take(name);
        return v == null ? def : v.text();
    }

    /** An integer in [{@code min}, {@code max}], or {@code def} when absent. */
    public int integer(String name, int def, int min, int max) throws ConfigException {
        Value v = take(name);
        if (v == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.text().strip());
            if (n < min || n > max) {
                throw error(v, name, "must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw error(v, name, "expected an integer, got '" + v.text() + "'");
        }
    }

    /** yes/no, on/off, true/false or 1/0; {@code def} when absent. */
    public boolean bool(String name, boolean def) throws ConfigException {
        Value v = take(name);
        if (v == null) {
            return def;
        }
        switch (v.text().strip().toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "on", "true", "1":
                return true;
            case "no", "off", "false", "0":
                return false;
            default:
                throw error(v, name, "expected yes or no, got '" + v.text() + "'");
        }
    }

    /** One of {@code allowed} (case-insensitive, returned lower case); {@code def} when absent. */
    public String oneOf(String name, String def, String... allowed) throws ConfigException {
        Value v = take(name);
        if (v == null) {
            return def;
        }
        String given = v.text().strip().toLowerCase(java.util.Locale.ROOT);
        for (String a : allowed) {
            if (a.equalsIgnoreCase(given)) {
                return a;
            }
        }
        throw error(v, name, "expected one of " + String.join(", ", allowed) + ", got '" + v.text() + "'");
    }

    /** A ConfigException for a value this module judged bad for a reason of its own. */
    public ConfigException invalid(String name, String reason) {
        Value v = values.get(name);
        return v == null ? new ConfigException(module + "." + name, 0, reason) : error(v, name, reason);
    }

    private Value take(String name) {
        read.add(module + "." + name);
        return values.get(name);
    }

    private ConfigException error(Value v, String name, String reason) {
        return new ConfigException(v.source(), v.line(), module + "." + name + " " + reason);
    }
}
