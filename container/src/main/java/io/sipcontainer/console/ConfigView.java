package io.sipcontainer.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.sipcontainer.service.ModuleParams;
import io.sipcontainer.config.ServerConfig;

/**
 * The server's configuration as it was loaded, for the console's configuration page: the core
 * settings with the values in force (defaults included) and every {@code module.param} as written,
 * with the file and line it came from. Values of settings whose name speaks of a password, token or
 * secret are replaced by asterisks: the page must not become a way to read them.
 */
final class ConfigView {
    static final String MASK = "********";
    private static final Pattern SECRET = Pattern.compile(".*(password|token|secret).*");

    private ConfigView() {
    }

    static Map<String, Object> of(ServerConfig config) {
        Map<String, Object> core = new LinkedHashMap<>();
        core.put("base_dir", config.baseDir().toString());
        core.put("listen", config.listens().stream().map(Object::toString).toList());
        core.put("alias", config.aliases().stream().map(Object::toString).toList());
        core.put("node_name", config.nodeName());
        core.put("server_header", config.serverHeader());
        core.put("user_agent_header", config.userAgentHeader());
        core.put("http_listen", config.httpListen().toString());
        core.put("deploy_dir", config.deployDir().toString());
        core.put("work_dir", config.workDir().toString());
        core.put("dar_file", config.darFile().toString());
        core.put("deploy_scan_interval", config.deployScanInterval().toMillis() + " ms");
        core.put("shutdown_timeout", config.shutdownTimeout().toSeconds() + " s");
        core.put("worker_threads", config.workerThreads());
        core.put("tcp_connection_lifetime", config.tcpConnectionLifetime().toSeconds() + " s");
        core.put("max_message_size", config.maxMessageSize());
        core.put("log_level", config.logLevel().toString());

        List<Object> params = new ArrayList<>();
        for (String module : config.moduleNames()) {
            ModuleParams values = config.moduleParams(module);
            values.all().forEach((name, v) -> {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("name", module + "." + name);
                p.put("value", isSecret(name) ? MASK : v.text());
                p.put("file", v.source());
                p.put("line", v.line());
                params.add(p);
            });
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("core", core);
        out.put("modules", params);
        return out;
    }

    static boolean isSecret(String paramName) {
        return SECRET.matcher(paramName.toLowerCase(Locale.ROOT)).matches();
    }
}
