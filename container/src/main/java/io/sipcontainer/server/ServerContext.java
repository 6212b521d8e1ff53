package io.sipcontainer.server;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import io.sipcontainer.cluster.LocalState;
import io.sipcontainer.cluster.SharedState;
import io.sipcontainer.service.ConfigException;
import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.db.Database;
import io.sipcontainer.service.ServiceRegistry;

/** What a {@link ServerComponent} gets to start with. */
public record ServerContext(SipServer server, ServerConfig config, ServiceRegistry services,
        ScheduledExecutorService scheduler, ExecutorService workers, SharedState shared) {

    /** A context with nothing shared (a node alone), e.g. for a component's own tests. */
    public ServerContext(SipServer server, ServerConfig config, ServiceRegistry services,
            ScheduledExecutorService scheduler, ExecutorService workers) {
        this(server, config, services, scheduler, workers, new LocalState());
    }

    /** The shared database, opened on first use. */
    public Database database() throws ConfigException {
        return server.database();
    }
}
