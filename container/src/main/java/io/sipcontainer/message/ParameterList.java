package io.sipcontainer.message;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The ordered name/value parameters (or URI headers) of a value object. Names compare without
 * regard to case but keep the spelling they were given, values are stored unescaped and unquoted,
 * and a flag per entry remembers whether a header parameter arrived as a quoted-string so that it
 * is written back the same way. Lists hold a handful of entries, so a linear scan over parallel
 * arrays beats any map, and an empty list allocates nothing.
 */
final class ParameterList implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private String[] names;
    private String[] values;
    private boolean[] quoted;
    private int size;

    ParameterList() {
    }

    private ParameterList(ParameterList other) {
        size = other.size;
        if (size > 0) {
            names = other.names.clone();
            values = other.values.clone();
            quoted = other.quoted.clone();
        }
    }

    ParameterList copy() {
        return new ParameterList(this);
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    String nameAt(int i) {
        return names[i];
    }

    String valueAt(int i) {
        return values[i];
    }

    boolean quotedAt(int i) {
        return quoted[i];
    }

    int indexOf(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    String get(String name) {
        int i = indexOf(name);
        return i < 0 ? null : values[i];
    }

    boolean contains(String name) {
        return indexOf(name) >= 0;
    }

    /** Replaces the value of an existing entry (keeping its place) or appends a new one. */
    void set(String name, String value) {
        set(name, value, false);
    }

    void set(String name, String value, boolean asQuoted) {
        int i = indexOf(name);
        if (i >= 0) {
            values[i] = value;
            quoted[i] = asQuoted;
        } else {
            add(name, value, asQuoted);
        }
    }

    /** Appends without looking for an existing entry; URI headers may repeat a name. */
    void add(String name, String value, boolean asQuoted) {
        if (names == null) {
            names = new String[4];
            values = new String[4];
            quoted = new boolean[4];
        } else if (size == names.length) {
            int grown = size * 2;
            names = Arrays.copyOf(names, grown);
            values = Arrays.copyOf(values, grown);
            quoted = Arrays.copyOf(quoted, grown);
        }
        names[size] = name;
        values[size] = value;
        quoted[size] = asQuoted;
        size++;
    }

    /** Removes every entry of that name. */
    boolean remove(String name) {
        boolean removed = false;
        int i = 0;
        while (i < size) {
            if (names[i].equalsIgnoreCase(name)) {
                int tail = size - i - 1;
                System.arraycopy(names, i + 1, names, i, tail);
                System.arraycopy(values, i + 1, values, i, tail);
                System.arraycopy(quoted, i + 1, quoted, i, tail);
                size--;
                names[size] = null;
                values[size] = null;
                removed = true;
            } else {
                i++;
            }
        }
        return removed;
    }

    /** Names in order of appearance; a snapshot, so callers may modify the list while iterating. */
    Iterator<String> names() {
        if (size == 0) {
            return Collections.emptyIterator();
        }
        return nameList().iterator();
    }

    /** Names in order of appearance, as an unmodifiable snapshot set. */
    Set<String> nameSet() {
        if (size == 0) {
            return Collections.emptySet();
        }
        Set<String> set = new LinkedHashSet<>(size * 2);
        for (int i = 0; i < size; i++) {
            set.add(names[i]);
        }
        return Collections.unmodifiableSet(set);
    }

    /** Names in order of appearance, as an unmodifiable snapshot list (may repeat a name). */
    List<String> nameList() {
        if (size == 0) {
            return Collections.emptyList();
        }
        List<String> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(names[i]);
        }
        return Collections.unmodifiableList(list);
    }

    /** An ordered, unmodifiable snapshot of the entries. */
    Set<Map.Entry<String, String>> entries() {
        if (size == 0) {
            return Collections.emptySet();
        }
        Set<Map.Entry<String, String>> set = new LinkedHashSet<>(size * 2);
        for (int i = 0; i < size; i++) {
            set.add(new AbstractMap.SimpleImmutableEntry<>(names[i], values[i]));
        }
        return Collections.unmodifiableSet(set);
    }

    /**
     * RFC 3261 19.1.4 style comparison: every parameter present in both lists must have the same
     * value (case-insensitively); a parameter present in only one list is ignored unless it is
     * one of {@code mustBeInBoth}.
     */
    boolean matchesCommon(ParameterList other, String... mustBeInBoth) {
        for (int i = 0; i < size; i++) {
            String otherValue = other.get(names[i]);
            if (otherValue != null && !otherValue.equalsIgnoreCase(values[i])) {
                return false;
            }
        }
        for (String name : mustBeInBoth) {
            if (contains(name) != other.contains(name)) {
                return false;
            }
        }
        return true;
    }

    /** Same names and values (case-insensitively), in any order. */
    boolean sameEntriesIgnoringOrder(ParameterList other) {
        if (size != other.size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            String otherValue = other.get(names[i]);
            if (otherValue == null || !otherValue.equalsIgnoreCase(values[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Order-independent hash of the lower-cased names, consistent with
     * {@link #sameEntriesIgnoringOrder} (not with {@link #matchesCommon}, which ignores extras).
     */
    int namesHash() {
        int h = 0;
        for (int i = 0; i < size; i++) {
            h += names[i].toLowerCase(Locale.ROOT).hashCode();
        }
        return h;
    }
}
