package io.sipcontainer.context;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import io.sipcontainer.message.MessageServices;
import io.sipcontainer.service.ServiceRegistry;
import io.sipcontainer.session.SessionStore;

/**
 * What every application context shares with the container: store, pools, messaging, and the
 * services published to applications as servlet context attributes.
 */
public record ContainerServices(SessionStore store, Executor workerPool, ScheduledExecutorService scheduler,
        MessageServices messages, String localHost, ServiceRegistry registry) {

    public ContainerServices(SessionStore store, Executor workerPool, ScheduledExecutorService scheduler,
            MessageServices messages, String localHost) {
        this(store, workerPool, scheduler, messages, localHost, new ServiceRegistry());
    }
}
