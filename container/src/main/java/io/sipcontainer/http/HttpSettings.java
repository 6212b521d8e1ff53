package io.sipcontainer.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.config.HostPort;
import io.sipcontainer.service.ModuleParams;
import io.sipcontainer.config.ServerConfig;

/**
 * The HTTP server's settings: {@code http_listen} from the core settings, and the {@code http.*}
 * module parameters for HTTPS, the JSON-RPC endpoint and the thread pool. Read and checked once at
 * start-up; a bad value is a {@link ConfigException} naming its file and line. The keystore is
 * opened here with its password, so a wrong path or password stops the start with a clear reason
 * instead of surfacing as a TLS failure on the first connection.
 *
 * @param enabled          {@code http.enable}: false runs no HTTP server at all
 * @param listen           where plain HTTP listens; port 0 picks a free port
 * @param tlsListen        where HTTPS listens, or null for none ({@code http.tls_listen})
 * @param keystore         the HTTPS key and certificate, or null when there is no HTTPS or it presents the
 *                         {@code tls.*} certificates
 * @param keystorePassword its password
 * @param rpcLocalhostOnly {@code http.rpc_localhost_only}: JSON-RPC answers 403 to other addresses
 * @param maxThreads       {@code http.max_threads}: the HTTP worker pool's size
 */
public record HttpSettings(boolean enabled, HostPort listen, HostPort tlsListen, Path keystore,
        String keystorePassword, boolean rpcLocalhostOnly, int maxThreads) {

    /** Reads the settings; the administrator credentials are read by {@link AdminCredentials}. */
    public static HttpSettings read(ServerConfig config) throws ConfigException {
        // with the tls.* certificates configured HTTPS may go without http.keystore and present those, so
        // WSS and SIP over TLS share one configuration, SNI profiles and tls.reload included
        boolean tlsCertificates = io.sipcontainer.tls.TlsSettings.read(config).configured();
        ModuleParams params = config.moduleParams("http");
        boolean enabled = params.bool("enable", true);
        boolean localhostOnly = params.bool("rpc_localhost_only", true);
        int maxThreads = params.integer("max_threads", 32, 4, 1024);
        String tls = params.string("tls_listen", "").strip();
        String keystoreText = params.string("keystore", "").strip();
        String password = params.string("keystore_password", "");
        if (tls.isEmpty()) {
            return new HttpSettings(enabled, config.httpListen(), null, null, null, localhostOnly, maxThreads);
        }
        HostPort tlsListen = hostPort(params, "tls_listen", tls, 8443);
        if (keystoreText.isEmpty()) {
            if (tlsCertificates) {
                return new HttpSettings(enabled, config.httpListen(), tlsListen, null, null, localhostOnly, maxThreads);
            }
            throw params.invalid("tls_listen", "needs http.keystore (a PKCS#12 or JKS file with the server's key)"
                    + " or the tls.* certificates (tls.tls_certificate, tls.config)");
        }
        Path keystore = config.baseDir().resolve(keystoreText).normalize();
        checkKeystore(params, keystore, password);
        return new HttpSettings(enabled, config.httpListen(), tlsListen, keystore, password, localhostOnly,
                maxThreads);
    }

    /** {@code host[:port]}, IPv6 in brackets; port 0 asks for a free port. */
    static HostPort hostPort(ModuleParams params, String name, String text, int defaultPort)
            throws ConfigException {
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || (close + 1 < text.length() && text.charAt(close + 1) != ':')) {
                throw params.invalid(name, "expected [ipv6]:port, got '" + text + "'");
            }
            host = text.substring(1, close);
            port = close + 1 < text.length() ? text.substring(close + 2) : null;
        } else {
            int colon = text.lastIndexOf(':');
            if (colon >= 0 && text.indexOf(':') != colon) {
                throw params.invalid(name, "an IPv6 address must be written in brackets, e.g. [::1]:8443");
            }
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw params.invalid(name, "missing host in '" + text + "'");
        }
        int number = defaultPort;
        if (port != null) {
            try {
                number = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                number = -1;
            }
            if (number < 0 || number > 65535) {
                throw params.invalid(name, "invalid port '" + port + "', expected 0-65535");
            }
        }
        return new HostPort(host, number);
    }

    private static void checkKeystore(ModuleParams params, Path keystore, String password) throws ConfigException {
        if (!Files.isRegularFile(keystore)) {
            throw params.invalid("keystore", "no such file: " + keystore);
        }
        try {
            KeyStore.getInstance(keystore.toFile(), password.toCharArray());
        } catch (IOException e) {
            String reason = e.getCause() instanceof java.security.UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).contains("password")
                    ? "wrong password for " + keystore : "cannot read " + keystore + ": " + e.getMessage();
            throw params.invalid(params.isSet("keystore_password") ? "keystore_password" : "keystore", reason);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw params.invalid("keystore", "not a keystore: " + keystore + " (" + e.getMessage() + ")");
        }
    }
}
