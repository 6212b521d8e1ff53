package io.sipcontainer.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Checks the peer's certificate as the profile of the handshake says ({@code verify_certificate}):
 * against the profile's {@code ca_list} when on, not at all when off (Kamailio's default, common
 * with phones that bring self-signed certificates). Whether a client is asked for a certificate at
 * all is the stack's {@code TLS_CLIENT_AUTH_TYPE} (see {@link TlsCertificates#clientAuthType()}).
 * A server's certificate is also matched against the SIP domain the connection was opened for (RFC
 * 5922, {@link ServerIdentity}): the peer host of the engine, which {@link OutgoingHandshake} set.
 */
final class ProfileTrustManager extends X509ExtendedTrustManager {
    private static final X509Certificate[] NONE = new X509Certificate[0];
    private final Supplier<TlsProfiles> profiles;
    private final String listener;

    ProfileTrustManager(Supplier<TlsProfiles> profiles, String listener) {
        this.profiles = profiles;
        this.listener = listener;
    }

    private void check(TlsProfile profile, X509Certificate[] chain, String authType, boolean client)
            throws CertificateException {
        if (profile == null || !profile.verify()) {
            return;
        }
        X509TrustManager trust = profiles.get().trustOf(profile);
        if (trust == null) {
            throw new CertificateException("[" + profile.section() + "] verifies certificates but has no ca_list");
        }
        if (client) {
            trust.checkClientTrusted(chain, authType);
        } else {
            trust.checkServerTrusted(chain, authType);
        }
    }

    private TlsProfile serverProfile(SSLSession handshake) {
        return profiles.get().forServer(listener, ProfileKeyManager.sni(handshake));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(serverProfile(engine == null ? null : engine.getHandshakeSession()), chain, authType, true);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        SSLSession s = socket instanceof javax.net.ssl.SSLSocket ssl ? ssl.getHandshakeSession() : null;
        check(serverProfile(s), chain, authType, true);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(serverProfile(null), chain, authType, true);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
        TlsProfile profile = profiles.get().clientDefault();
        if (profile != null && profile.verify()) {
            String domain = engine == null ? null : engine.getPeerHost();
            if (domain == null || chain.length == 0) {
                throw new CertificateException("no SIP domain to match the server's certificate against (RFC 5922)");
            }
            ServerIdentity.check(chain[0], domain);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(profiles.get().clientDefault(), chain, authType, false);
    }

    /** None named: a client may offer any certificate, which is then checked as above. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NONE;
    }
}
