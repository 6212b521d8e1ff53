package io.sipcontainer.server;

/**
 * A part of the server started after the SIP stack and before the applications, and stopped after
 * them: the location service, the database-backed authentication, the HTTP server. Found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.sipcontainer.server.ServerComponent})
 * so each lives in its own package. A component publishes what applications may use with
 * {@code context.services().register(...)} and reads its settings from
 * {@code context.config().moduleParams("name")}; throwing from {@link #start} stops the server.
 */
public interface ServerComponent {

    /** Lower starts first (e.g. the location service before the HTTP console). */
    default int order() {
        return 100;
    }

    void start(ServerContext context) throws Exception;

    void stop() throws Exception;
}
