package io.sipcontainer.router;

import jakarta.servlet.sip.Address;
import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.SipServletRequest;

/**
 * Turns the subscriber field of a {@link DarEntry} into the subscriber URI the router reports:
 * a literal is returned as written, {@code DAR:<header>} becomes the URI of that header of the
 * request ({@code DAR:From} gives the From URI). Returns {@code null} when the request lacks the
 * header, which the container treats as "no subscriber".
 */
final class SubscriberResolver {

    private SubscriberResolver() {
    }

    static String resolve(DarEntry entry, SipServletRequest request) {
        String header = entry.subscriberHeader();
        if (header == null) {
            return entry.subscriberIdentity().isEmpty() ? null : entry.subscriberIdentity();
        }
        Address address = addressOf(header, request);
        if (address != null) {
            return address.getURI().toString();
        }
        // not an address header (or malformed): report the raw value rather than nothing
        String raw = request.getHeader(header);
        return raw == null ? null : raw.strip();
    }

    private static Address addressOf(String header, SipServletRequest request) {
        // From and To are always present and already parsed; avoid the generic header lookup
        if (header.equalsIgnoreCase("From") || header.equals("f")) {
            return request.getFrom();
        }
        if (header.equalsIgnoreCase("To") || header.equals("t")) {
            return request.getTo();
        }
        try {
            return request.getAddressHeader(header);
        } catch (ServletParseException notAnAddress) {
            return null;
        }
    }
}
