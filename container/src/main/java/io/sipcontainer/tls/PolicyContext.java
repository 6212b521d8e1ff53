package io.sipcontainer.tls;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Supplier;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A JDK SSL context whose engines are {@link PolicyEngine}s holding the profile {@code policy}
 * names when each engine is made (so a reload applies to the next connection). Only engines are
 * wrapped: the SIP stack and Jetty use nothing else; the socket factories are the JDK's.
 */
final class PolicyContext extends SSLContext {

    PolicyContext(SSLContext jdk, Supplier<TlsProfile> policy) {
        super(new Spi(jdk, policy), jdk.getProvider(), jdk.getProtocol());
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext jdk;
        private final Supplier<TlsProfile> policy;

        Spi(SSLContext jdk, Supplier<TlsProfile> policy) {
            this.jdk = jdk;
            this.policy = policy;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            jdk.init(km, tm, sr);
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return jdk.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return jdk.getServerSocketFactory();
        }

        /**
         * JAIN-SIP's way: no peer. An outgoing connection's engine is made for the SIP domain the
         * stack bridge names ({@link OutgoingHandshake}): its peer host is the domain (what the
         * trust manager checks the certificate against) and it sends SNI.
         */
        @Override
        protected SSLEngine engineCreateSSLEngine() {
            TlsProfile profile = policy.get();
            String domain = profile != null && !profile.server() ? OutgoingHandshake.domain() : null;
            if (domain == null) {
                return new PolicyEngine(jdk.createSSLEngine(), profile);
            }
            SSLEngine engine = jdk.createSSLEngine(domain, -1);
            // Kamailio: a client profile's server_name is the SNI it sends
            String sni = profile.serverName() != null ? profile.serverName() : domain;
            if (!ServerIdentity.isIpLiteral(sni)) { // RFC 6066: SNI names hosts, never addresses
                SSLParameters params = engine.getSSLParameters();
                params.setServerNames(List.of(new SNIHostName(sni)));
                engine.setSSLParameters(params);
            }
            return new PolicyEngine(engine, profile);
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return new PolicyEngine(jdk.createSSLEngine(host, port), policy.get());
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return jdk.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return jdk.getClientSessionContext();
        }
    }
}
