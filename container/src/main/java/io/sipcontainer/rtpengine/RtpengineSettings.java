package io.sipcontainer.rtpengine;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

/**
 * The {@code rtpengine.*} settings with Kamailio's names and defaults: {@code rtpengine_sock} (the
 * instances; empty, the default here, turns media relay off), {@code rtpengine_tout_ms} (1000, the
 * wait for each try), {@code rtpengine_retr} (5 tries), {@code rtpengine_disable_tout} (60 s a
 * silent instance is skipped), {@code hash_table_tout} (3600 s a call is remembered with its
 * instance), {@code setid_default} (0) and {@code server_id} (0, the first part of the cookies).
 */
public record RtpengineSettings(String sockets, int timeoutMillis, int retries, int disableTimeoutSeconds,
        int hashTableTimeoutSeconds, int defaultSet, String serverId) {

    static final String MODULE = "rtpengine";

    /** Defaults for {@code sockets}, for tests. */
    public static RtpengineSettings of(String sockets) {
        return new RtpengineSettings(sockets, 1000, 5, 60, 3600, 0, "0");
    }

    public RtpengineSettings withTiming(int newTimeoutMillis, int newRetries, int newDisableSeconds) {
        return new RtpengineSettings(sockets, newTimeoutMillis, newRetries, newDisableSeconds, hashTableTimeoutSeconds,
                defaultSet, serverId);
    }

    /** True when an instance is configured, i.e. media relay is on. */
    public boolean enabled() {
        return !sockets.isBlank();
    }

    static RtpengineSettings read(ModuleParams p) throws ConfigException {
        String sockets = p.string("rtpengine_sock", "").strip();
        int tout = p.integer("rtpengine_tout_ms", 1000, 1, 60_000);
        int retr = p.integer("rtpengine_retr", 5, 1, 100);
        int disable = p.integer("rtpengine_disable_tout", 60, 0, 86_400);
        int hashTout = p.integer("hash_table_tout", 3600, 1, 604_800);
        int setid = p.integer("setid_default", 0, 0, 1_000_000);
        String serverId = p.string("server_id", "0").strip();
        if (!serverId.matches("[A-Za-z0-9.-]{1,32}")) {
            throw p.invalid("server_id", "must be 1 to 32 letters, digits, '.' or '-', got '" + serverId + "'");
        }
        RtpengineSettings s = new RtpengineSettings(sockets, tout, retr, disable, hashTout, setid, serverId);
        if (s.enabled()) {
            try {
                NgSockets.parse(sockets);
            } catch (IllegalArgumentException e) {
                throw p.invalid("rtpengine_sock", e.getMessage());
            }
        }
        return s;
    }
}
