package io.sipcontainer.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.sipcontainer.service.ConfigException;

/**
 * Every TLS profile of one reading of the settings, immutable, and the choice Kamailio makes
 * between them for a handshake: on a listener, the profile whose {@code server_name} matches the
 * client's SNI (the listener's own first, then those of {@code [server:any]}), else the listener's
 * {@code [server:IP:PORT]}, else {@code [server:default]}. Outgoing connections use
 * {@code [client:default]}.
 */
public final class TlsProfiles {
    private final List<TlsProfile> profiles;
    private final TlsProfile serverDefault;
    private final TlsProfile clientDefault;
    private final Map<TlsProfile, X509TrustManager> trust = new IdentityHashMap<>();

    TlsProfiles(List<TlsProfile> profiles) throws ConfigException {
        this.profiles = List.copyOf(profiles);
        TlsProfile server = null;
        TlsProfile client = null;
        for (TlsProfile p : profiles) {
            if (p.address() == null && p.server() && p.serverName() == null) {
                server = p;
            } else if (p.address() == null && !p.server()) { // a client's server_name is the SNI it sends
                client = p;
            }
        }
        this.serverDefault = server;
        this.clientDefault = client;
        for (TlsProfile p : profiles) {
            if (!p.caList().isEmpty()) {
                trust.put(p, trustManager(p));
            }
        }
    }

    /** The key listeners and profile addresses are matched by: {@code host:port}, IPv6 in brackets. */
    public static String key(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.indexOf(':') >= 0) { // one spelling of an IPv6 literal: "::" and "0:0:0:0:0:0:0:0" are one listener
            try {
                h = java.net.InetAddress.getByName(h).getHostAddress();
            } catch (java.net.UnknownHostException e) {
                // not a literal after all: kept as written
            }
            return "[" + h + "]:" + port;
        }
        return h + ":" + port;
    }

    /** Every profile, in the order read. */
    public List<TlsProfile> all() {
        return profiles;
    }

    /** {@code [server:default]}, or null when no certificate is configured at all. */
    public TlsProfile serverDefault() {
        return serverDefault;
    }

    /** {@code [client:default]}. */
    public TlsProfile clientDefault() {
        return clientDefault;
    }

    /** The server profile for a handshake on {@code listener} ({@link #key}) asking for {@code sni} (may be null). */
    public TlsProfile forServer(String listener, String sni) {
        String name = sni == null ? null : sni.toLowerCase(Locale.ROOT);
        TlsProfile own = null;
        TlsProfile anyNamed = null;
        for (TlsProfile p : profiles) {
            if (!p.server()) {
                continue;
            }
            boolean mine = listener != null && listener.equals(p.address());
            if (p.matchesName(name)) {
                if (mine) {
                    return p;
                }
                if (p.address() == null && anyNamed == null) {
                    anyNamed = p;
                }
            } else if (mine && p.serverName() == null) {
                own = p;
            }
        }
        return anyNamed != null ? anyNamed : own != null ? own : serverDefault;
    }

    /** The trust manager checking certificates against the profile's {@code ca_list}, or null when it has none. */
    X509TrustManager trustOf(TlsProfile profile) {
        return trust.get(profile);
    }

    private static X509TrustManager trustManager(TlsProfile p) throws ConfigException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : p.caList()) {
                store.setCertificateEntry("ca" + i++, ca);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new GeneralSecurityException("no X.509 trust manager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new ConfigException(p.source(), 0, "cannot use the ca_list: " + e.getMessage(), e);
        }
    }
}
