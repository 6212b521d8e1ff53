package io.sipcontainer.context;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import io.sipcontainer.message.MessageServices;
import io.sipcontainer.service.ServiceRegistry;
import io.sipcontainer.session.SessionStore;

/**
 * What every application context shares with the container: store, pools, messaging, the
 * services published to applications as servlet context attributes, and the clock of session
 * times and expiry.
 */
public record ContainerServices(SessionStore store, Executor workerPool, ScheduledExecutorService scheduler,
        MessageServices messages, String localHost, ServiceRegistry registry, Clock sessionClock) {

    public ContainerServices(SessionStore store, Executor workerPool, ScheduledExecutorService scheduler,
            MessageServices messages, String localHost, ServiceRegistry registry) {
        this(store, workerPool, scheduler, messages, localHost, registry, Clock.systemUTC());
    }

    public ContainerServices(SessionStore store, Executor workerPool, ScheduledExecutorService scheduler,
            MessageServices messages, String localHost) {
        this(store, workerPool, scheduler, messages, localHost, new ServiceRegistry());
    }
}
