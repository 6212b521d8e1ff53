package io.sipcontainer.context;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import io.sipcontainer.message.MessageServices;
import io.sipcontainer.session.SessionStore;

/** What every application context shares with the container: store, pools, messaging. */
public record ContainerServices(SessionStore store, Executor workerPool, ScheduledExecutorService scheduler,
        MessageServices messages, String localHost) {
}
