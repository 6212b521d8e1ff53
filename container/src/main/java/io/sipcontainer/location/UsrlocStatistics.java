package io.sipcontainer.location;

import io.sipcontainer.service.Statistics;

/**
 * usrloc's statistics under Kamailio's names: {@code usrloc:<table>-users},
 * {@code usrloc:<table>-contacts}, {@code usrloc:<table>-expires} and
 * {@code usrloc:registered_users}, read from the table when asked.
 */
final class UsrlocStatistics {
    private UsrlocStatistics() {
    }

    static void register(Statistics stats, Usrloc usrloc, String table) {
        stats.gauge("usrloc", table + "-users", usrloc::users);
        stats.gauge("usrloc", table + "-contacts", usrloc::contacts);
        stats.gauge("usrloc", table + "-expires", usrloc::expired);
        stats.gauge("usrloc", "registered_users", usrloc::users);
    }

    static void unregister(Statistics stats, String table) {
        stats.remove("usrloc", table + "-users");
        stats.remove("usrloc", table + "-contacts");
        stats.remove("usrloc", table + "-expires");
        stats.remove("usrloc", "registered_users");
    }
}
