package io.sipcontainer.location;

import java.util.List;

import io.sipcontainer.service.Contact;
import io.sipcontainer.service.LocationService;

/** The location service plus what usrloc's timer, statistics and {@code ul.*} commands need. */
interface LocationStore extends LocationService {

    /** Every AOR stored, with expired contacts only or not. */
    List<String> storedAors();

    /** Every stored contact of an AOR in order, expired ones included. */
    List<Contact> stored(String aor);

    /** {@code usrloc:location-users}. */
    long userCount();

    /** {@code usrloc:location-expires}: contacts the timer found expired. */
    long expiredCount();

    /** Removes the expired contacts and tells the expiry listeners; returns how many. */
    int purgeExpired();

    /** The store's clock, epoch milliseconds. */
    long now();
}
