package io.sipcontainer.dispatcher;

/**
 * One line of the list file (or row of the {@code dispatcher} table): {@code setid uri [flags
 * [priority [attrs]]]}. {@code where} is {@code file:line} for messages.
 */
record ListEntry(int setId, String uri, int flags, int priority, Attrs attrs, String where) {

    /** Whether a reload may keep the run-time state of {@code other}'s destination for this one. */
    boolean sameAs(ListEntry other) {
        return other != null && setId == other.setId && uri.equals(other.uri) && flags == other.flags
                && priority == other.priority && attrs.body().equals(other.attrs.body());
    }
}
