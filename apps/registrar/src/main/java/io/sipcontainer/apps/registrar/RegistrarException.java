package io.sipcontainer.apps.registrar;

import java.util.List;

import io.sipcontainer.service.Contact;

/**
 * A REGISTER refused with a {@link RegError}. Thrown from inside the location update so the
 * AOR stays untouched; carries the AOR's bindings as they were, which Kamailio lists in the
 * error reply too when the AOR existed.
 */
final class RegistrarException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final RegError error;
    final transient List<Contact> bindings;

    RegistrarException(RegError error) {
        this(error, List.of());
    }

    RegistrarException(RegError error, List<Contact> bindings) {
        super(error.info, null, false, false);
        this.error = error;
        this.bindings = bindings;
    }
}
