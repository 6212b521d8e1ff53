package io.sipcontainer.metrics;

import java.util.Locale;

import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

/**
 * The {@code /metrics} endpoint's settings, among the HTTP server's: {@code http.metrics} (yes) and
 * {@code http.metrics_auth} (who may read it without the RPC token). Read once at start-up.
 *
 * @param enabled {@code http.metrics}: false serves no {@code /metrics}
 * @param access  {@code http.metrics_auth}
 */
public record MetricsSettings(boolean enabled, Access access) {

    /** Who may scrape without {@code Authorization: Bearer <RPC token>}. */
    public enum Access {
        /** Loopback clients (a Prometheus or agent on the same host); others need the token. The default. */
        LOCAL,
        /** Nobody: every scrape needs the token (Prometheus' {@code authorization.credentials_file}). */
        TOKEN,
        /** Everybody who reaches the HTTP port: for a port only the monitoring network can reach. */
        NONE
    }

    public static MetricsSettings read(ServerConfig config) throws ConfigException {
        ModuleParams params = config.moduleParams("http");
        boolean enabled = params.bool("metrics", true);
        String auth = params.string("metrics_auth", "local").strip().toLowerCase(Locale.ROOT);
        Access access = switch (auth) {
            case "local" -> Access.LOCAL;
            case "token" -> Access.TOKEN;
            case "none" -> Access.NONE;
            default -> throw params.invalid("metrics_auth", "expected local, token or none, got '" + auth + "'");
        };
        return new MetricsSettings(enabled, access);
    }
}
