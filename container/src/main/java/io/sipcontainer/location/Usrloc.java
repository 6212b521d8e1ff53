package io.sipcontainer.location;

import java.util.List;
import java.util.function.LongSupplier;

import io.sipcontainer.db.Database;
import io.sipcontainer.service.Contact;
import io.sipcontainer.service.LocationService;

/**
 * usrloc as assembled for one {@code db_mode}: the location service apps use, plus what the
 * timer, the statistics and the {@code ul.*} commands need beyond it (expired contacts still
 * stored, flush, counts).
 */
final class Usrloc implements AutoCloseable {
    private final UsrlocSettings settings;
    private final MemoryLocationService memory;

    private Usrloc(UsrlocSettings settings, MemoryLocationService memory) {
        this.settings = settings;
        this.memory = memory;
    }

    /** Builds usrloc for {@code settings.dbMode()}; {@code database} may be null in db_mode 0. */
    static Usrloc open(UsrlocSettings settings, Database database, LongSupplier clock) throws Exception {
        if (settings.dbMode() != UsrlocSettings.NO_DB) {
            throw new IllegalArgumentException("usrloc.db_mode " + settings.dbMode() + " is not supported yet");
        }
        return new Usrloc(settings, new MemoryLocationService(settings, clock));
    }

    UsrlocSettings settings() {
        return settings;
    }

    LocationService service() {
        return memory;
    }

    /** The timer: purges expired contacts. */
    void timer() {
        memory.purgeExpired();
    }

    /** {@code ul.flush}: writes pending changes now (db_mode 2); nothing to do otherwise. */
    void flush() {
    }

    List<String> storedAors() {
        return memory.storedAors();
    }

    /** Every stored contact of an AOR, expired ones included. */
    List<Contact> stored(String aor) {
        return memory.stored(aor);
    }

    long users() {
        return memory.userCount();
    }

    long contacts() {
        return memory.contactCount();
    }

    long expired() {
        return memory.expiredCount();
    }

    long now() {
        return memory.now();
    }

    /** The dump's State of a contact: CS_NEW without a database, CS_SYNC once written. */
    String state(Contact c) {
        return settings.dbMode() == UsrlocSettings.NO_DB || settings.dbMode() == UsrlocSettings.DB_READONLY
                ? "CS_NEW" : "CS_SYNC";
    }

    @Override
    public void close() {
    }
}
