package io.sipcontainer.router;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable, parsed Default Application Router table: for each SIP method, the ordered list of
 * {@link DarEntry tuples} the router walks for initial requests of that method, optionally one list
 * per {@link Origin} ({@code INVITE@network}, {@code INVITE@app}). Method lookup
 * ignores case (files are written in upper case, as are the standard methods) and does not
 * allocate, because it runs for every initial request.
 */
public final class DarFile {

    private final String sourceName;
    private final Map<String, List<DarEntry>> entriesByMethod;

    /**
     * @param sourceName where the table came from, for diagnostics
     * @param entriesByMethod tuples per method; copied, method names compared ignoring case
     * @throws IllegalArgumentException if two keys differ only by case
     */
    public DarFile(String sourceName, Map<String, List<DarEntry>> entriesByMethod) {
        this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
        TreeMap<String, List<DarEntry>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        entriesByMethod.forEach((method, entries) -> {
            if (copy.put(method, List.copyOf(entries)) != null) {
                throw new IllegalArgumentException("method " + method + " appears twice");
            }
        });
        this.entriesByMethod = Collections.unmodifiableMap(copy);
    }

    /** A table that routes nothing, used when no configuration exists. */
    public static DarFile empty(String sourceName) {
        return new DarFile(sourceName, Map.of());
    }

    /** Where the table came from. */
    public String sourceName() {
        return sourceName;
    }

    /**
     * Where an initial request comes from, which picks between a method's lists: {@code METHOD@network}
     * for requests received from the network (and the requests applications send on in their chain),
     * {@code METHOD@app} for new requests an application originates; a plain {@code METHOD} list
     * serves an origin that has no list of its own.
     */
    public enum Origin {
        NETWORK("network"), APPLICATION("app");

        private final String key;

        Origin(String key) {
            this.key = key;
        }

        /** The suffix after '@' in a DAR key. */
        public String key() {
            return key;
        }

        /** The origin a DAR key suffix names (ignoring case), or null. */
        public static Origin of(String key) {
            for (Origin o : values()) {
                if (o.key.equalsIgnoreCase(key)) {
                    return o;
                }
            }
            return null;
        }
    }

    /** The ordered tuples for {@code method}, or an empty list if the method is not configured. */
    public List<DarEntry> entriesFor(String method) {
        List<DarEntry> entries = entriesByMethod.get(method);
        return entries == null ? List.of() : entries;
    }

    /** The tuples for {@code method} from {@code origin}: its {@code METHOD@origin} list, else the plain one. */
    public List<DarEntry> entriesFor(String method, Origin origin) {
        List<DarEntry> specific = specificEntries(method, origin);
        return specific != null ? specific : entriesFor(method);
    }

    /** The {@code METHOD@origin} list, or null when the file has none (the plain list then applies). */
    public List<DarEntry> specificEntries(String method, Origin origin) {
        return entriesByMethod.get(method + "@" + origin.key());
    }

    /** The configured methods (with their {@code @network} or {@code @app} when they have one). */
    public Set<String> methods() {
        return entriesByMethod.keySet();
    }

    /** Whether no method has any tuple. */
    public boolean isEmpty() {
        return entriesByMethod.values().stream().allMatch(List::isEmpty);
    }

    @Override
    public String toString() {
        return "DarFile[" + sourceName + ", " + entriesByMethod + "]";
    }
}
