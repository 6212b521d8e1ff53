package io.sipcontainer.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the certificate of the profile a handshake falls under: on a server socket the one
 * {@link TlsProfiles#forServer} picks from the listener and the client's SNI, on an outgoing
 * connection {@code [client:default]}'s. The alias handed to the JSSE is the profile's index in the
 * reading it was chosen from, so a reload between choosing and using never mixes two readings.
 */
final class ProfileKeyManager extends X509ExtendedKeyManager {
    private final Supplier<TlsProfiles> profiles;
    private final String listener;

    ProfileKeyManager(Supplier<TlsProfiles> profiles, String listener) {
        this.profiles = profiles;
        this.listener = listener;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(serverProfile(engine == null ? null : engine.getHandshakeSession()), keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        SSLSession session = socket instanceof javax.net.ssl.SSLSocket s ? s.getHandshakeSession() : null;
        return alias(serverProfile(session), keyType);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return clientAlias(keyTypes);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return clientAlias(keyTypes);
    }

    private String clientAlias(String[] keyTypes) {
        TlsProfile client = profiles.get().clientDefault();
        for (String type : keyTypes) {
            String alias = alias(client, type);
            if (alias != null) {
                return alias;
            }
        }
        return null;
    }

    private TlsProfile serverProfile(SSLSession handshake) {
        return profiles.get().forServer(listener, sni(handshake));
    }

    /** The host name the client asked for (SNI), or null. */
    static String sni(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }

    private String alias(TlsProfile profile, String keyType) {
        if (profile == null || profile.keys() == null || !fits(profile.keys().keyType(), keyType)) {
            return null;
        }
        TlsProfiles reading = profiles.get();
        int index = reading.all().indexOf(profile);
        return index < 0 ? null : System.identityHashCode(reading) + "/" + index;
    }

    /** The JSSE asks by key type: RSA keys serve RSA and RSASSA-PSS, EC keys EC (also "EC_EC", "EC_RSA" in TLS 1.2). */
    private static boolean fits(String keyAlgorithm, String asked) {
        if (asked == null) {
            return true;
        }
        return switch (keyAlgorithm) {
            case "RSA" -> asked.equals("RSA") || asked.equals("RSASSA-PSS");
            case "EC" -> asked.equals("EC") || asked.startsWith("EC_");
            default -> asked.equalsIgnoreCase(keyAlgorithm);
        };
    }

    private KeyMaterial keys(String alias) {
        if (alias == null) {
            return null;
        }
        int slash = alias.indexOf('/');
        TlsProfiles reading = profiles.get();
        if (slash < 0 || !alias.substring(0, slash).equals(Integer.toString(System.identityHashCode(reading)))) {
            return null; // chosen from an earlier reading: the JSSE then fails this one handshake
        }
        List<TlsProfile> all = reading.all();
        int index = Integer.parseInt(alias.substring(slash + 1));
        return index < all.size() ? all.get(index).keys() : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        KeyMaterial k = keys(alias);
        return k == null ? null : k.chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        KeyMaterial k = keys(alias);
        return k == null ? null : k.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        String a = clientAlias(new String[] {keyType});
        return a == null ? null : new String[] {a};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String a = alias(profiles.get().forServer(listener, null), keyType);
        return a == null ? null : new String[] {a};
    }
}
