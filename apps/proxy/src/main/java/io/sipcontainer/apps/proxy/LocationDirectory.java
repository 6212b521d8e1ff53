package io.sipcontainer.apps.proxy;

import java.util.ArrayList;
import java.util.List;

import io.sipcontainer.service.Contact;
import io.sipcontainer.service.LocationService;

/**
 * The contacts the registrar saved, from the container's location service (Kamailio's usrloc
 * {@code location} table), under the AOR the service makes of user and host ({@code user}, or
 * {@code user@domain} with {@code usrloc.use_domain}).
 */
final class LocationDirectory implements ContactDirectory {

    private final LocationService location;

    LocationDirectory(LocationService location) {
        this.location = location;
    }

    @Override
    public List<RelayTarget> lookup(String user, String host) {
        List<Contact> contacts = location.lookup(location.aorOf(user, host));
        if (contacts.isEmpty()) {
            return List.of();
        }
        List<RelayTarget> bindings = new ArrayList<>(contacts.size());
        for (Contact c : contacts) {
            bindings.add(new RelayTarget(c.uri(), c.q(), c.received(), c.path(), c::allows));
        }
        return bindings;
    }
}
