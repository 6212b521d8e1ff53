package io.sipcontainer.tls;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Objects;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.service.ConfigException;

/**
 * The TLS certificates in use, swapped whole by {@link #reload()} ({@code tls.reload}) without a
 * restart. The SSL contexts made here ({@link #serverContext}, {@link #clientContext}) keep no
 * certificate of their own: their key and trust managers read the current {@link TlsProfiles} at
 * each handshake, so a reload reaches every TLS listener and the WSS port at once, and the
 * connections already open keep the certificate they were made with.
 */
public final class TlsCertificates {
    private static final Logger LOG = LoggerFactory.getLogger(TlsCertificates.class);

    private final TlsSettings settings;
    private volatile TlsProfiles current;
    private volatile Instant loadedAt;

    private TlsCertificates(TlsSettings settings, TlsProfiles profiles) {
        this.settings = settings;
        this.current = profiles;
        this.loadedAt = Instant.now();
    }

    /** Reads the certificates now; a file that does not load stops the start with its reason. */
    public static TlsCertificates load(TlsSettings settings) throws ConfigException {
        return new TlsCertificates(settings, settings.load());
    }

    /** The settings the certificates are read with. */
    public TlsSettings settings() {
        return settings;
    }

    /** The profiles of the last successful reading. */
    public TlsProfiles profiles() {
        return current;
    }

    /** When the certificates in use were read. */
    public Instant loadedAt() {
        return loadedAt;
    }

    /**
     * Reads every file again; on success new handshakes use what was read, on failure nothing
     * changes and the exception says which file and why.
     */
    public synchronized TlsProfiles reload() throws ConfigException {
        TlsProfiles read = settings.load();
        current = read;
        loadedAt = Instant.now();
        LOG.info("TLS certificates reloaded: {} profile(s)", read.all().size());
        return read;
    }

    /** True when a listener on {@code host:port} has a certificate to present (its section's or the default's). */
    public boolean hasServerCertificate(String host, int port) {
        TlsProfile p = current.forServer(TlsProfiles.key(host, port), null);
        return p != null && p.keys() != null;
    }

    /** The protocols every TLS connection may use (JSSE names, newest first). */
    public java.util.List<String> protocols() {
        TlsProfile base = current.serverDefault() != null ? current.serverDefault() : current.clientDefault();
        return base.method().protocols();
    }


    /**
     * How a server asks for client certificates, as JAIN-SIP's {@code TLS_CLIENT_AUTH_TYPE} names it:
     * {@code Enabled} (required), {@code Want} (asked, verified when given) or {@code Disabled}.
     */
    public String clientAuthType() {
        TlsProfile base = current.serverDefault();
        if (base == null || !base.verify()) {
            return "Disabled";
        }
        return base.require() ? "Enabled" : "Want";
    }

    /** A context for connections accepted on {@code host:port}: its profiles, SNI and reloads included. */
    public SSLContext serverContext(String host, int port) {
        return context(TlsProfiles.key(host, port));
    }

    /** A context for the connections this server opens ({@code [client:default]}). */
    public SSLContext clientContext() {
        return context(null);
    }

    private SSLContext context(String listener) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new ProfileKeyManager(this::profiles, listener)},
                    new TrustManager[] {new ProfileTrustManager(this::profiles, listener)}, null);
            // protocols and client-certificate policy of the listener's profile (or [client:default]),
            // whatever the stack or Jetty set on the engines
            return new PolicyContext(context, () -> listener == null ? profiles().clientDefault()
                    : profiles().forServer(listener, null));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a TLS context: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TlsCertificates[" + Objects.requireNonNullElse(settings.domainsFile(), "tls.*") + "]";
    }
}
