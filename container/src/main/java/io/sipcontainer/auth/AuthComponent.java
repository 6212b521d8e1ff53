package io.sipcontainer.auth;

import java.nio.file.Path;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.server.ServerComponent;
import io.sipcontainer.server.ServerContext;
import io.sipcontainer.service.DigestAuth;
import io.sipcontainer.service.RpcRegistry;

/**
 * Kamailio's auth + auth_db modules as a server component: when {@code auth.enabled = yes} it
 * creates the {@code subscriber} table, publishes {@link DigestAuth} to applications and registers
 * the {@code subscriber.*} commands. The nonce secret is {@code auth.secret}, or one generated on
 * first start and kept in {@code data/auth.secret} under the server home.
 */
public final class AuthComponent implements ServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(AuthComponent.class);
    /** Most nonces tracked for nonce_count at once (about 100 bytes each). */
    static final int NONCE_COUNT_CAPACITY = 500_000;

    private RpcRegistry rpc;
    private ScheduledFuture<?> purge;

    @Override
    public int order() {
        return 40; // before the applications' helpers (registrar, proxy) that use it
    }

    @Override
    public void start(ServerContext context) throws Exception {
        AuthSettings settings = AuthSettings.read(context.config().moduleParams("auth"),
                context.config().moduleParams("auth_db"));
        if (!settings.enabled()) {
            return;
        }
        byte[] secret;
        if (settings.secret() != null) {
            secret = SecretFile.fromConfig(settings.secret());
        } else {
            Path file = context.config().baseDir().resolve("data").resolve("auth.secret");
            secret = SecretFile.loadOrCreate(file);
            if (context.shared().clustered()) {
                // every node must check the nonces any node issued: the first node's secret wins
                java.util.concurrent.ConcurrentMap<String, byte[]> secrets = context.shared().map("auth.secret");
                byte[] clusterSecret = secrets.putIfAbsent("nonce", secret);
                secret = clusterSecret != null ? clusterSecret : secret;
                LOG.info("auth: nonce secret shared by the cluster (auth.secret not set)");
            } else {
                LOG.info("auth: nonce secret from {} (set auth.secret to share it across a cluster)", file);
            }
        }
        SubscriberStore store = new SubscriberStore(context.database(), settings.calculateHa1(), settings.cacheTtl());
        store.migrate();
        NonceCodec nonces = new NonceCodec(secret, settings.nonceExpire(), settings.nonceMaxDrift(),
                () -> System.currentTimeMillis() / 1000);
        NonceCounter counter = null;
        if (settings.tracksNonces()) {
            counter = context.shared().clustered()
                    ? NonceCounter.shared(() -> System.currentTimeMillis() / 1000,
                            context.shared().map("auth.nonce-count"), context.shared()::localKeys)
                    : new NonceCounter(NONCE_COUNT_CAPACITY, () -> System.currentTimeMillis() / 1000);
            NonceCounter c = counter;
            purge = context.scheduler().scheduleWithFixedDelay(c::purge, settings.nonceExpire(),
                    settings.nonceExpire(), TimeUnit.SECONDS);
        }
        boolean useDomain = settings.useDomain();
        DigestVerifier verifier = new DigestVerifier(settings, nonces, counter,
                (user, domain) -> store.secrets(user, domain, useDomain));
        context.services().register(DigestAuth.class, new DigestAuthService(settings, nonces, verifier));
        rpc = context.services().get(RpcRegistry.class);
        SubscriberCommands.register(rpc, store);
        LOG.info("auth: digest authentication enabled ({}; qop {}; nonces valid {} s)",
                settings.algorithms().stream().map(DigestAlgorithm::token).toList(),
                settings.qop().isEmpty() ? "none" : settings.qop(), settings.nonceExpire());
    }

    @Override
    public void stop() {
        if (purge != null) {
            purge.cancel(false);
            purge = null;
        }
        if (rpc != null) {
            SubscriberCommands.unregister(rpc);
            rpc = null;
        }
    }
}
