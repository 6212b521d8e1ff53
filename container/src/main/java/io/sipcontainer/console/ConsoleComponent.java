package io.sipcontainer.console;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.http.AdminCredentials;
import io.sipcontainer.http.HttpServerComponent;
import io.sipcontainer.server.HttpContribution;
import io.sipcontainer.server.ServerComponent;
import io.sipcontainer.server.ServerContext;
import io.sipcontainer.service.RpcRegistry;

/**
 * The web console: contributes its handler at {@value #CONTEXT_PATH} on the HTTP port (mounted by
 * the HTTP component, which starts after it) and registers the RPC commands its application pages
 * use ({@link ConsoleCommands}). Administrators log in with {@code http.admin_user} and
 * {@code http.admin_password}; without a password the console only says how to enable it.
 */
public final class ConsoleComponent implements ServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleComponent.class);
    /** Where the console is served. */
    public static final String CONTEXT_PATH = "/console";

    private RpcRegistry rpc;

    @Override
    public int order() {
        return HttpServerComponent.ORDER - 100; // contributions must exist before the HTTP server mounts them
    }

    @Override
    public void start(ServerContext context) throws Exception {
        AdminCredentials credentials = AdminCredentials.of(context);
        rpc = context.services().get(RpcRegistry.class);
        Deployments deployments = new Deployments(context.server());
        DarEditor dar = new DarEditor(context.server());
        ConsoleCommands.register(rpc, deployments, dar);
        ConsoleHandler handler = new ConsoleHandler(credentials, new ConsoleSessions(),
                new ConsoleApi(context.server(), rpc, deployments, dar),
                new StaticResources(ConsoleComponent.class.getClassLoader(), "console"));
        context.services().contribute(HttpContribution.class, new HttpContribution(CONTEXT_PATH, handler, 0));
        if (!credentials.basicEnabled()) {
            LOG.info("Web console login is disabled until http.admin_password is set");
        }
    }

    @Override
    public void stop() {
        if (rpc != null) {
            ConsoleCommands.unregister(rpc);
        }
    }
}
