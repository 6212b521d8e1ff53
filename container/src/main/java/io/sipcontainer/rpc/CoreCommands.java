package io.sipcontainer.rpc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.service.ServerInfo;
import io.sipcontainer.service.Statistics;

/** Kamailio's {@code core.*} and {@code stats.*} commands, with its output shapes. */
public final class CoreCommands {
    private CoreCommands() {
    }

    public static void register(RpcRegistry rpc, ServerInfo server, Statistics stats) {
        rpc.registerReadOnly("core.version", "Returns the version string of the server.", p -> server.version());
        rpc.registerReadOnly("core.uptime", "Returns uptime statistics.", p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            Instant now = Instant.now();
            m.put("now", now.toString());
            m.put("up_since", server.startTime().toString());
            m.put("uptime", Duration.between(server.startTime(), now).toSeconds());
            return m;
        });
        rpc.registerReadOnly("core.info", "Returns server information.", p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", server.version());
            m.put("node", server.nodeName());
            m.put("sockets", server.sockets());
            return m;
        });
        rpc.registerReadOnly("stats.get_statistics", "Returns statistics: all, group: or group:name (several allowed).",
                p -> {
                    List<String> out = new ArrayList<>();
                    int n = Math.max(1, p.size());
                    for (int i = 0; i < n; i++) {
                        String selector = p.size() == 0 ? "all" : p.string(i);
                        stats.snapshot(selector).forEach((k, v) -> out.add(k + " = " + v));
                    }
                    return out;
                });
        rpc.registerReadOnly("stats.fetch", "Returns statistics as a map: all, group: or group:name.", p -> {
            Map<String, Object> out = new LinkedHashMap<>();
            stats.snapshot(p.size() == 0 ? "all" : p.string(0)).forEach((k, v) -> out.put(k.replace(':', '.'), v));
            return out;
        });
        rpc.register("stats.reset_statistics", "Resets counters: all, group: or group:name.", p -> {
            int n = Math.max(1, p.size());
            for (int i = 0; i < n; i++) {
                stats.reset(p.size() == 0 ? "all" : p.string(i));
            }
            return null;
        });
    }
}
