package io.sipcontainer.dispatcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

/**
 * The {@code dispatcher.*} settings, with Kamailio's parameter names and defaults except where
 * noted: {@code list_file} (relative to the server home), {@code table_name} and {@code db_url}
 * (read the {@code dispatcher} SQL table of the server database instead of the file),
 * {@code flags} (bit 1 hash users only, bit 2 failover; default 2 here, 0 in Kamailio whose
 * README configuration sets 2), {@code use_default}, {@code ds_ping_interval} (seconds, 0 off),
 * {@code ds_ping_from}, {@code ds_probing_mode}, {@code ds_probing_threshold},
 * {@code ds_inactive_threshold}, {@code ds_ping_reply_codes}, {@code ds_ping_latency_stats},
 * {@code ds_latency_estimator_alpha} (per mille here), {@code ds_hash_size} (algorithm 10 on
 * when above 0), {@code ds_hash_expire} and {@code hash_pvar}.
 */
record DsSettings(Path listFile, boolean fromDb, String tableName, int flags, boolean useDefault,
        Duration pingInterval, String pingFrom, int probingMode, int probingThreshold, int inactiveThreshold,
        Set<Integer> pingReplyCodes, Set<Integer> pingReplyClasses, boolean latencyStats, double latencyAlpha,
        int hashSize, int hashExpireSeconds, String hashPvar) {

    static final String MODULE = "dispatcher";

    DsSettings {
        pingReplyCodes = Set.copyOf(pingReplyCodes);
        pingReplyClasses = Set.copyOf(pingReplyClasses);
    }

    /** Defaults, for tests. */
    static DsSettings defaults(Path listFile) {
        return new DsSettings(listFile, false, "dispatcher", Selector.FAILOVER, false, Duration.ZERO,
                "sip:dispatcher@localhost", 0, 1, 1, Set.of(), Set.of(), false, 0.9, 0, 7200, "");
    }

    DsSettings withProbing(int mode, int probingThreshold, int inactiveThreshold) {
        return new DsSettings(listFile, fromDb, tableName, flags, useDefault, pingInterval, pingFrom, mode,
                probingThreshold, inactiveThreshold, pingReplyCodes, pingReplyClasses, latencyStats, latencyAlpha,
                hashSize, hashExpireSeconds, hashPvar);
    }

    DsSettings withFlags(int newFlags, boolean newUseDefault) {
        return new DsSettings(listFile, fromDb, tableName, newFlags, newUseDefault, pingInterval, pingFrom,
                probingMode, probingThreshold, inactiveThreshold, pingReplyCodes, pingReplyClasses, latencyStats,
                latencyAlpha, hashSize, hashExpireSeconds, hashPvar);
    }

    static DsSettings read(ModuleParams p, Path baseDir) throws ConfigException {
        Path file = baseDir.resolve(p.string("list_file", "conf/dispatcher.list"));
        String dbUrl = p.string("db_url", "");
        boolean fromDb = !dbUrl.isBlank();
        if (fromDb && !"db".equals(dbUrl.strip())) {
            throw p.invalid("db_url", "must be 'db' (the server database, db.url) or empty, got '" + dbUrl + "'");
        }
        String table = p.string("table_name", "dispatcher");
        if (!table.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw p.invalid("table_name", "must be an SQL name, got '" + table + "'");
        }
        int flags = p.integer("flags", Selector.FAILOVER, 0, 3);
        boolean useDefault = p.integer("use_default", 0, 0, 1) == 1;
        int interval = p.integer("ds_ping_interval", 0, 0, 86_400);
        String from = p.string("ds_ping_from", "sip:dispatcher@localhost");
        if (HostPort.of(from) == null) {
            throw p.invalid("ds_ping_from", "must be a SIP URI, got '" + from + "'");
        }
        int mode = p.integer("ds_probing_mode", 0, 0, 3);
        int probing = p.integer("ds_probing_threshold", 1, 1, 1000);
        int inactive = p.integer("ds_inactive_threshold", 1, 1, 1000);
        Set<Integer> codes = new HashSet<>();
        Set<Integer> classes = new HashSet<>();
        String replyCodes = p.string("ds_ping_reply_codes", "");
        for (String part : replyCodes.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split("=", 2);
            try {
                int n = Integer.parseInt(kv.length == 2 ? kv[1].strip() : "x");
                switch (kv[0].strip().toLowerCase(java.util.Locale.ROOT)) {
                    case "code" -> codes.add(n);
                    case "class" -> classes.add(n);
                    default -> throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw p.invalid("ds_ping_reply_codes", "expected 'code=NNN' or 'class=N' items separated by ';', got '"
                        + part.strip() + "'");
            }
        }
        boolean latency = p.integer("ds_ping_latency_stats", 0, 0, 1) == 1;
        int alpha = p.integer("ds_latency_estimator_alpha", 900, 0, 1000);
        int hashSize = p.integer("ds_hash_size", 0, 0, 20);
        int expire = p.integer("ds_hash_expire", 7200, 1, 604_800);
        String pvar = p.string("hash_pvar", "");
        return new DsSettings(file, fromDb, table, flags, useDefault, Duration.ofSeconds(interval), from, mode, probing,
                inactive, codes, classes, latency, alpha / 1000.0, hashSize, expire, pvar);
    }

    boolean isPingReplyCode(int code) {
        return pingReplyCodes.contains(code) || pingReplyClasses.contains(code / 100);
    }
}
