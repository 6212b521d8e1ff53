package io.sipcontainer.apps.proxy;

import java.util.ArrayList;
import java.util.List;

import io.sipcontainer.service.Contact;
import io.sipcontainer.service.LocationService;

/**
 * The contacts the registrar saved, from the container's location service (Kamailio's usrloc
 * {@code location} table): the AOR is the user, or {@code user@domain} with {@code usrloc.use_domain}.
 */
final class LocationDirectory implements ContactDirectory {

    /** Kamailio's method ids (parser/msg_parser.h), the bits of {@link Contact#methods()}. */
    private static final List<String> METHOD_BITS = List.of("INVITE", "CANCEL", "ACK", "BYE", "INFO", "REGISTER",
            "SUBSCRIBE", "NOTIFY", "MESSAGE", "OPTIONS", "PRACK", "UPDATE", "REFER", "PUBLISH", "KDMQ", "GET", "POST",
            "PUT", "DELETE");

    private final LocationService location;

    LocationDirectory(LocationService location) {
        this.location = location;
    }

    @Override
    public List<Binding> lookup(String user, String host) {
        List<Contact> contacts = location.lookup(user);
        if (contacts.isEmpty()) {
            return List.of();
        }
        List<Binding> bindings = new ArrayList<>(contacts.size());
        for (Contact c : contacts) {
            int methods = c.methods();
            bindings.add(new Binding(c.uri(), c.q(), c.received(), c.path(), method -> allows(methods, method)));
        }
        return bindings;
    }

    static boolean allows(int methods, String method) {
        if (methods == -1) {
            return true;
        }
        int i = METHOD_BITS.indexOf(method);
        int bit = i < 0 ? 1 << METHOD_BITS.size() : 1 << i;
        return (methods & bit) != 0;
    }
}
