package io.sipcontainer.service;

import java.util.List;
import java.util.function.Consumer;

/**
 * Kamailio's usrloc as a container service: address-of-record to contacts, shared by the
 * registrar (which saves) and the proxy (which looks up). Expired contacts are never returned
 * and are purged by a timer. Persistence follows {@code usrloc.db_mode}.
 */
public interface LocationService {

    /** The live contacts of an AOR, highest q first (equal q: most recently registered first). */
    List<Contact> lookup(String aor);

    /** Adds or replaces the binding of {@code contact.uri()} (or of its instance/reg-id) in its AOR. */
    void save(Contact contact);

    /** Removes one contact of an AOR; false when there was none. */
    boolean remove(String aor, String contactUri);

    /** Removes an AOR with all its contacts; false when there was none. */
    boolean removeAll(String aor);

    /** Every AOR with live contacts (for {@code ul.dump}); a snapshot. */
    List<String> aors();

    /** Number of live contacts ({@code usrloc:location-contacts}). */
    long contactCount();

    /** Called with each contact that expired (after it stopped being returned). */
    void onExpired(Consumer<Contact> listener);
}
