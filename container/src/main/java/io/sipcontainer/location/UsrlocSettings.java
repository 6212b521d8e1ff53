package io.sipcontainer.location;

import java.time.Duration;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

/**
 * The {@code usrloc.*} settings, with Kamailio's names and defaults.
 *
 * @param dbMode 0 memory only, 1 write-through, 2 write-back, 3 database only, 4 load at start then memory only
 * @param timerInterval how often expired contacts are purged and (db_mode 2) changes written
 * @param useDomain AOR is {@code user@domain} instead of {@code user}
 * @param descTimeOrder equal-q contacts newest first instead of in registration order
 * @param matchingMode 0 contact, 1 contact + Call-ID, 2 contact + path, 3 Call-ID
 * @param table the table and domain name ({@code location})
 */
record UsrlocSettings(int dbMode, Duration timerInterval, boolean useDomain, boolean descTimeOrder,
        int matchingMode, String table) {

    static final int NO_DB = 0;
    static final int WRITE_THROUGH = 1;
    static final int WRITE_BACK = 2;
    static final int DB_ONLY = 3;
    static final int DB_READONLY = 4;

    static UsrlocSettings read(ModuleParams p) throws ConfigException {
        int dbMode = p.integer("db_mode", 0, 0, 4);
        int timer = p.integer("timer_interval", 60, 1, 86400);
        boolean useDomain = p.bool("use_domain", false);
        boolean desc = p.bool("desc_time_order", false);
        int matching = p.integer("matching_mode", 0, 0, 3);
        return new UsrlocSettings(dbMode, Duration.ofSeconds(timer), useDomain, desc, matching, "location");
    }

    /** Memory-only defaults, for tests and tools. */
    static UsrlocSettings memory() {
        return new UsrlocSettings(NO_DB, Duration.ofSeconds(60), false, false, 0, "location");
    }

    UsrlocSettings withDbMode(int mode) {
        return new UsrlocSettings(mode, timerInterval, useDomain, descTimeOrder, matchingMode, table);
    }

    UsrlocSettings withUseDomain(boolean value) {
        return new UsrlocSettings(dbMode, timerInterval, value, descTimeOrder, matchingMode, table);
    }

    UsrlocSettings withDescTimeOrder(boolean value) {
        return new UsrlocSettings(dbMode, timerInterval, useDomain, value, matchingMode, table);
    }

    /** The AOR key, as {@link io.sipcontainer.service.LocationService#aorOf}. */
    String aorOf(String user, String host) {
        String u = user == null ? "" : user;
        if (!useDomain || host == null || host.isEmpty()) {
            return u;
        }
        return u + "@" + host.toLowerCase(java.util.Locale.ROOT);
    }
}
