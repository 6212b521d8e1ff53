package io.sipcontainer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.context.ApplicationLifecycleListener;
import io.sipcontainer.rpc.DefaultRpcRegistry;
import io.sipcontainer.server.HttpContribution;
import io.sipcontainer.server.ServerContext;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.service.ServiceRegistry;

/** The component on its own, with a hand-made server context: what it mounts and how it fails. */
class HttpServerComponentTest {
    private static final String TOKEN = "test-token-0123456789";

    @TempDir
    Path home;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final HttpServerComponent component = new HttpServerComponent();
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void tearDown() throws Exception {
        component.stop();
        scheduler.shutdownNow();
    }

    private ServerContext context(ServerConfig.Builder config, ServiceRegistry services) {
        services.register(RpcRegistry.class, new DefaultRpcRegistry());
        return new ServerContext(null, config.build(), services, scheduler, scheduler);
    }

    private ServerConfig.Builder config() {
        return ServerConfig.builder().baseDir(home).httpListen("127.0.0.1", 0).moduleParam("http.rpc_token", TOKEN);
    }

    /** A handler answering its own name, as the console or the WebSocket transport would contribute. */
    private static Handler answering(String text) {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                Content.Sink.write(response, true, text + " " + Request.getPathInContext(request), callback);
                return true;
            }
        };
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Mounts {@code /listener} before the start and notes what it is told after it. */
    private static final class RecordingListener implements HttpServerListener {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile HttpInfo info;

        @Override
        public void starting(ContextMounts mounts, ServerContext context) throws Exception {
            calls.add("starting");
            mounts.mount("/listener", answering("listener"), "the test listener");
        }

        @Override
        public void started(ContextMounts mounts, HttpInfo started, ServerContext context) {
            calls.add("started");
            info = started;
            context.services().contribute(ApplicationLifecycleListener.class, new ApplicationLifecycleListener() {
                @Override
                public void deployed(io.sipcontainer.context.SipAppContext app) {
                }

                @Override
                public void undeployed(io.sipcontainer.context.SipAppContext app) {
                }
            });
        }
    }

    @Test
    void mountsContributionsAndListenersAtTheirPathsAndPublishesItsPort() throws Exception {
        ServiceRegistry services = new ServiceRegistry();
        services.contribute(HttpContribution.class, new HttpContribution("/console", answering("console"), 10));
        services.contribute(HttpContribution.class, new HttpContribution("/ws/", answering("ws"), 5));
        RecordingListener listener = new RecordingListener();
        services.contribute(HttpServerListener.class, listener);
        component.start(context(config(), services));

        HttpInfo info = services.get(HttpInfo.class);
        assertTrue(info.port() > 0);
        assertEquals(-1, info.tlsPort());
        assertNotNull(services.get(AdminCredentials.class));
        assertEquals(List.of("starting", "started"), listener.calls);
        assertSame(info, listener.info, "started is told the published ports");
        assertEquals(1, services.contributions(ApplicationLifecycleListener.class).size());

        assertEquals("console ", get(info.port(), "/console").body(), "the bare context path reaches the handler");
        assertEquals("console /x/y", get(info.port(), "/console/x/y").body());
        assertEquals("ws /", get(info.port(), "/ws/").body());
        assertEquals("listener /a", get(info.port(), "/listener/a").body());
        assertEquals(404, get(info.port(), "/nothing").statusCode());
    }

    @Test
    void aContributionAndAListenerForOnePathFailTheStart() {
        ServiceRegistry services = new ServiceRegistry();
        services.contribute(HttpContribution.class, new HttpContribution("/listener", answering("mine"), 1));
        services.contribute(HttpServerListener.class, new RecordingListener());
        Exception e = assertThrows(IllegalStateException.class, () -> component.start(context(config(), services)));
        assertTrue(e.getMessage().contains("/listener is already used"), e.getMessage());
    }

    @Test
    void aPortInUseFailsTheStartNamingTheSettingAndFreesWhatItBound() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServerConfig.Builder config = config().httpListen("127.0.0.1", taken.getLocalPort());
            IOException e = assertThrows(IOException.class, () -> component.start(context(config, new ServiceRegistry())));
            assertTrue(e.getMessage().contains("http_listen 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
        }
    }

    @Test
    void disabledServesNothingButChecksItsSettings() throws Exception {
        ServiceRegistry services = new ServiceRegistry();
        RecordingListener listener = new RecordingListener();
        services.contribute(HttpServerListener.class, listener);
        component.start(context(config().moduleParam("http.enable", "no"), services));
        assertNull(services.find(HttpInfo.class));
        assertTrue(services.contributions(ApplicationLifecycleListener.class).isEmpty());
        assertTrue(listener.calls.isEmpty(), "listeners are not called");
    }
}
