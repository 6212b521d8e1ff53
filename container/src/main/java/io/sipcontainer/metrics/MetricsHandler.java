package io.sipcontainer.metrics;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sipcontainer.http.AdminCredentials;

/**
 * {@code GET /metrics}: the Prometheus text exposition format (0.0.4), or OpenMetrics when the
 * scraper asks for it in {@code Accept}. Read-only, but it tells how busy the server is and how many
 * users are registered, so by default ({@link MetricsSettings.Access#LOCAL}) only a loopback client
 * reads it without the RPC token as {@code Authorization: Bearer}; a wrong token is logged through
 * the same throttle as the JSON-RPC endpoint's. Other methods than GET and HEAD get 405.
 */
final class MetricsHandler extends Handler.Abstract {
    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final StatisticsMeters statistics;
    private final AdminCredentials credentials;
    private final MetricsSettings.Access access;

    MetricsHandler(PrometheusMeterRegistry registry, StatisticsMeters statistics, AdminCredentials credentials,
            MetricsSettings.Access access) {
        super(InvocationType.BLOCKING);
        this.registry = registry;
        this.statistics = statistics;
        this.credentials = credentials;
        this.access = access;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!allowed(request)) {
            String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
            if (authorization != null) {
                credentials.throttle().refused(Request.getRemoteAddr(request), "metrics");
            }
            response.getHeaders().add(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"sipcontainer\"");
            return plain(response, callback, HttpStatus.UNAUTHORIZED_401, "Unauthorized: use the RPC token\n");
        }
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        if (!head && !HttpMethod.GET.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return plain(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "Use GET\n");
        }
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        String contentType = accept != null && accept.contains("application/openmetrics-text") ? OPEN_METRICS
                : TEXT_FORMAT;
        statistics.refresh();
        String body = registry.scrape(contentType);
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, head ? "" : body, callback);
        return true;
    }

    private boolean allowed(Request request) {
        return switch (access) {
            case NONE -> true;
            case LOCAL -> isLoopback(request.getConnectionMetaData().getRemoteSocketAddress())
                    || credentials.authorizesBearer(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            case TOKEN -> credentials.authorizesBearer(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        };
    }

    private static boolean isLoopback(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet) {
            InetAddress address = inet.getAddress();
            return address != null && address.isLoopbackAddress();
        }
        return false;
    }

    private static boolean plain(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, text, callback);
        return true;
    }
}
