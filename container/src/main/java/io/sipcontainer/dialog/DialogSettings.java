package io.sipcontainer.dialog;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

/**
 * The {@code dialog.*} settings, named and defaulted as Kamailio's dialog module parameters
 * (timeouts in seconds). Read once at start-up; a bad value stops the server with file and line.
 *
 * @param defaultTimeout   lifetime of a confirmed dialog ({@code default_timeout}, 43200)
 * @param earlyTimeout     lifetime of a dialog not answered yet ({@code early_timeout}, 300)
 * @param noackTimeout     wait for the ACK of a 2xx ({@code noack_timeout}, 60)
 * @param endTimeout       how long an ended dialog stays listed waiting for its BYE's answer ({@code end_timeout}, 300)
 * @param timeoutNoreset   in-dialog requests do not restart {@code default_timeout} ({@code timeout_noreset})
 * @param sendBye          a confirmed dialog that times out gets a BYE to both sides ({@code send_bye})
 * @param kaTimer          keepalive timer step, 0 for no keepalives ({@code ka_timer})
 * @param kaInterval       keepalive OPTIONS interval ({@code ka_interval})
 * @param kaFailedLimit    failed keepalives (408, 481) that end a dialog ({@code ka_failed_limit}, 1)
 * @param dbMode           0 memory only, 1 realtime, 2 delayed, 3 at shutdown ({@code db_mode})
 * @param dbUpdatePeriod   seconds between writes with db_mode 2 ({@code db_update_period}, 60)
 * @param hashSize         hash table entries, a power of two ({@code hash_size}, 4096)
 * @param profilesNoValue  profiles declared without value ({@code profiles_no_value}, ';'-separated)
 * @param profilesWithValue profiles declared with value ({@code profiles_with_value})
 * @param enableStats      publish the dialog statistics ({@code enable_stats}, 1)
 * @param shareEarly       in a cluster, share early dialogs (states 1 and 2) too, not only confirmed
 *                         ones ({@code cluster.replicate_early_dialogs}, as for sessions; no)
 */
public record DialogSettings(int defaultTimeout, int earlyTimeout, int noackTimeout, int endTimeout,
        boolean timeoutNoreset, boolean sendBye, int kaTimer, int kaInterval, int kaFailedLimit, int dbMode,
        int dbUpdatePeriod, int hashSize, Set<String> profilesNoValue, Set<String> profilesWithValue,
        boolean enableStats, boolean shareEarly) {

    static final String MODULE = "dialog";

    public DialogSettings {
        profilesNoValue = Set.copyOf(profilesNoValue);
        profilesWithValue = Set.copyOf(profilesWithValue);
    }

    /** Sharing confirmed dialogs only. */
    public DialogSettings(int defaultTimeout, int earlyTimeout, int noackTimeout, int endTimeout,
            boolean timeoutNoreset, boolean sendBye, int kaTimer, int kaInterval, int kaFailedLimit, int dbMode,
            int dbUpdatePeriod, int hashSize, Set<String> profilesNoValue, Set<String> profilesWithValue,
            boolean enableStats) {
        this(defaultTimeout, earlyTimeout, noackTimeout, endTimeout, timeoutNoreset, sendBye, kaTimer, kaInterval,
                kaFailedLimit, dbMode, dbUpdatePeriod, hashSize, profilesNoValue, profilesWithValue, enableStats,
                false);
    }

    /** The same settings, sharing early dialogs in a cluster or not. */
    DialogSettings sharingEarly(boolean early) {
        return new DialogSettings(defaultTimeout, earlyTimeout, noackTimeout, endTimeout, timeoutNoreset, sendBye,
                kaTimer, kaInterval, kaFailedLimit, dbMode, dbUpdatePeriod, hashSize, profilesNoValue,
                profilesWithValue, enableStats, early);
    }

    /** Kamailio's defaults. */
    public static DialogSettings defaults() {
        return new DialogSettings(43200, 300, 60, 300, false, false, 0, 0, 1, 0, 60, 4096, Set.of(), Set.of(), true);
    }

    static DialogSettings read(ModuleParams p) throws ConfigException {
        DialogSettings d = defaults();
        int hashSize = p.integer("hash_size", d.hashSize(), 1, 1 << 20);
        if (Integer.bitCount(hashSize) != 1) {
            throw p.invalid("hash_size", "must be a power of two, got " + hashSize);
        }
        return new DialogSettings(
                p.integer("default_timeout", d.defaultTimeout(), 1, Integer.MAX_VALUE),
                p.integer("early_timeout", d.earlyTimeout(), 1, Integer.MAX_VALUE),
                p.integer("noack_timeout", d.noackTimeout(), 1, Integer.MAX_VALUE),
                p.integer("end_timeout", d.endTimeout(), 0, Integer.MAX_VALUE),
                p.bool("timeout_noreset", d.timeoutNoreset()),
                p.bool("send_bye", d.sendBye()),
                p.integer("ka_timer", d.kaTimer(), 0, 86400),
                p.integer("ka_interval", d.kaInterval(), 0, 86400),
                p.integer("ka_failed_limit", d.kaFailedLimit(), 1, 100),
                p.integer("db_mode", d.dbMode(), 0, 3),
                p.integer("db_update_period", d.dbUpdatePeriod(), 1, 86400),
                hashSize,
                names(p.string("profiles_no_value", "")),
                names(p.string("profiles_with_value", "")),
                p.bool("enable_stats", d.enableStats()));
    }

    /** True when keepalives are on: both the timer step and the interval set. */
    boolean keepalive() {
        return kaTimer > 0 && kaInterval > 0;
    }

    private static Set<String> names(String list) {
        return Arrays.stream(list.split(";")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
