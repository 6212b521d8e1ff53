package io.sipcontainer.stack;

import java.util.Properties;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

import gov.nist.core.net.SecurityManagerProvider;

/**
 * The stack's {@code SECURITY_MANAGER_PROVIDER}: none. JAIN-SIP's default provider reads key stores
 * named by {@code javax.net.ssl.*} properties (and warns at every start when there are none); the
 * container's TLS listeners take their certificates from {@code io.sipcontainer.tls} instead (see
 * {@link TlsListenerProcessor}), so the stack is given nothing to read.
 */
public final class ContainerSecurityProvider implements SecurityManagerProvider {

    @Override
    public void init(Properties properties) {
        // nothing to load: see the class comment
    }

    @Override
    public KeyManager[] getKeyManagers(boolean client) {
        return null;
    }

    @Override
    public TrustManager[] getTrustManagers(boolean client) {
        return null;
    }
}
