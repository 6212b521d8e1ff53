package io.sipcontainer.jsonrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.eclipse.jetty.server.Handler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.context.ApplicationLifecycleListener;
import io.sipcontainer.http.HttpInfo;
import io.sipcontainer.http.HttpServerComponent;
import io.sipcontainer.http.webapp.ConvergedWebAppsComponent;
import io.sipcontainer.rpc.DefaultRpcRegistry;
import io.sipcontainer.server.HttpContribution;
import io.sipcontainer.server.ServerContext;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.service.ServiceRegistry;

/** The JSON-RPC and web application components plugged into a real HTTP server, as the server assembles them. */
class JsonRpcComponentTest {
    private static final String TOKEN = "test-token-0123456789";

    @TempDir
    Path home;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final HttpServerComponent http = new HttpServerComponent();
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void tearDown() throws Exception {
        http.stop();
        scheduler.shutdownNow();
    }

    private ServerContext context(ServiceRegistry services) {
        services.register(RpcRegistry.class, new DefaultRpcRegistry());
        return new ServerContext(null, ServerConfig.builder().baseDir(home).httpListen("127.0.0.1", 0)
                .moduleParam("http.rpc_token", TOKEN).build(), services, scheduler, scheduler);
    }

    @Test
    void servesRpcAndConvergedApplicationsThroughTheHttpServer() throws Exception {
        ServiceRegistry services = new ServiceRegistry();
        ServerContext context = context(services);
        new JsonRpcComponent().start(context);
        new ConvergedWebAppsComponent().start(context);
        http.start(context);

        HttpInfo info = services.get(HttpInfo.class);
        assertEquals(1, services.contributions(ApplicationLifecycleListener.class).size(), "converged web apps");
        HttpResponse<String> rpc = client.send(HttpRequest.newBuilder(info.uri("http", "/RPC"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"core.echo\",\"params\":[\"hi\"],\"id\":3}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, rpc.statusCode());
        assertEquals("{\"jsonrpc\":\"2.0\",\"result\":[\"hi\"],\"id\":3}", rpc.body());
    }

    @Test
    void aContributionAtRpcFailsTheStart() throws Exception {
        ServiceRegistry services = new ServiceRegistry();
        ServerContext context = context(services);
        services.contribute(HttpContribution.class, new HttpContribution("/RPC", new Handler.Abstract() {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                    org.eclipse.jetty.util.Callback callback) {
                return false;
            }
        }, 1));
        new JsonRpcComponent().start(context);
        Exception e = assertThrows(IllegalStateException.class, () -> http.start(context));
        assertTrue(e.getMessage().contains("/RPC is already used"), e.getMessage());
    }
}
