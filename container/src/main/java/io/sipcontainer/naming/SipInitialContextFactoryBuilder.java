package io.sipcontainer.naming;

import java.util.Hashtable;

import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;
import javax.naming.spi.InitialContextFactoryBuilder;
import javax.naming.spi.NamingManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@code new InitialContext()} in application code answer {@code java:comp/env} names from
 * {@link ApplicationNames}. JNDI looks an initial context factory up by class name through the
 * thread's context class loader, which for an application cannot see the container's classes, so
 * the container installs a builder instead (once per JVM, as JNDI allows). A caller that names its
 * own factory in the environment (LDAP, say) still gets that one.
 */
final class SipInitialContextFactoryBuilder implements InitialContextFactoryBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(SipInitialContextFactoryBuilder.class);
    private static boolean installed;

    static synchronized void installOnce() {
        if (installed) {
            return;
        }
        installed = true;
        try {
            if (!NamingManager.hasInitialContextFactoryBuilder()) {
                NamingManager.setInitialContextFactoryBuilder(new SipInitialContextFactoryBuilder());
                return;
            }
        } catch (NamingException | IllegalStateException | SecurityException e) {
            LOG.debug("Cannot install the JNDI builder: {}", e.toString());
        }
        LOG.warn("Another JNDI initial context factory builder is installed: java:comp/env/sip/... lookups"
                + " are not served (inject with @Resource instead)");
    }

    @Override
    public InitialContextFactory createInitialContextFactory(Hashtable<?, ?> environment) throws NamingException {
        Object named = environment == null ? null : environment.get(Context.INITIAL_CONTEXT_FACTORY);
        if (named != null) {
            return instantiate(named.toString());
        }
        return env -> new EnvContext(null, ApplicationNames.current());
    }

    private static InitialContextFactory instantiate(String className) throws NamingException {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        try {
            Class<?> type = Class.forName(className, true,
                    tccl != null ? tccl : SipInitialContextFactoryBuilder.class.getClassLoader());
            return (InitialContextFactory) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            NamingException ne = new NamingException("cannot create the initial context factory " + className);
            ne.setRootCause(e);
            throw ne;
        }
    }
}
