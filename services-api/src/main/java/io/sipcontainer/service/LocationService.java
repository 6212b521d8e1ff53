package io.sipcontainer.service;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Kamailio's usrloc as a container service: address-of-record to contacts, shared by the
 * registrar (which saves) and the proxy (which looks up). Expired contacts are never returned
 * and are purged by a timer ({@code usrloc.timer_interval}). Persistence follows
 * {@code usrloc.db_mode}. Contacts of an AOR are kept in Kamailio's order: q descending, contacts
 * without q last, equal q in registration order ({@code usrloc.desc_time_order = 1}: newest first).
 */
public interface LocationService {

    /** The live contacts of an AOR in the order above (highest q first); empty when none. */
    List<Contact> lookup(String aor);

    /**
     * Changes an AOR atomically (the registrar's save): {@code change} gets the live contacts and
     * returns the complete new list. A returned contact with the {@code ruid} of a live one
     * replaces it; one with a null ruid is new (a ruid is assigned); live contacts left out are
     * removed. An exception thrown by {@code change} leaves the AOR untouched and propagates.
     * Returns the AOR's contacts after the change, in order, with their ruids.
     */
    List<Contact> update(String aor, UnaryOperator<List<Contact>> change);

    /** Adds or replaces the binding of {@code contact.uri()} in its AOR ({@code ul.add}). */
    void save(Contact contact);

    /** Removes one contact of an AOR; false when there was none. */
    boolean remove(String aor, String contactUri);

    /** Removes an AOR with all its contacts; false when there was none. */
    boolean removeAll(String aor);

    /** Every AOR with live contacts (for {@code ul.dump}); a snapshot. */
    List<String> aors();

    /**
     * Number of stored contacts ({@code usrloc:location-contacts}); as in Kamailio, an expired
     * contact counts until the timer purges it.
     */
    long contactCount();

    /** Called with each contact that expired (after it stopped being returned). */
    void onExpired(Consumer<Contact> listener);

    /**
     * The AOR key of a user at a host: {@code user}, or {@code user@host} with
     * {@code usrloc.use_domain = yes} (the host lower-cased, as Kamailio does).
     */
    String aorOf(String user, String host);

    /** {@code usrloc.matching_mode}: 0 contact, 1 contact + Call-ID, 2 contact + path, 3 Call-ID. */
    int matchingMode();
}
