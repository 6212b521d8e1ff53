package io.sipcontainer.jsonrpc;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import io.sipcontainer.http.AdminCredentials;

/**
 * The {@code /RPC} endpoint: JSON-RPC 2.0 over HTTP POST for administrators only. Requests from
 * other than a loopback address get 403 while {@code http.rpc_localhost_only} is on (Kamailio's
 * default configuration does the same), requests without the token get 401 with a challenge, other
 * methods than POST get 405, bodies over {@value #MAX_BODY} bytes get 413.
 * Commands run on the HTTP worker thread; see {@link JsonRpcDispatcher} for the documents.
 *
 * <p>Cross-site request forgery: a page on another site can make an operator's browser POST here
 * with the Basic credentials it cached, as {@code text/plain} (no CORS preflight). So only the token
 * header authorises (a browser never adds it by itself), a request whose {@code Origin} is not this
 * server gets 403, and a body that is not declared {@code application/json} gets 415, which a
 * cross-site form or simple fetch cannot send. {@code sipctl} sends the token and that content type.
 *
 * <p>The read-only token ({@code http.rpc_read_token}) may run only the commands registered
 * read-only; other commands get 403. State-changing commands are audited ({@link JsonRpcDispatcher}).
 */
public final class JsonRpcHandler extends Handler.Abstract {
    /** Largest request accepted; RPC requests are a few hundred bytes. */
    public static final int MAX_BODY = 1 << 20;
    private static final String JSON = "application/json";

    private final JsonRpcDispatcher dispatcher;
    private final AdminCredentials credentials;
    private final boolean localhostOnly;

    public JsonRpcHandler(JsonRpcDispatcher dispatcher, AdminCredentials credentials, boolean localhostOnly) {
        super(InvocationType.BLOCKING);
        this.dispatcher = dispatcher;
        this.credentials = credentials;
        this.localhostOnly = localhostOnly;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (localhostOnly && !isLoopback(request.getConnectionMetaData().getRemoteSocketAddress())) {
            return plain(response, callback, HttpStatus.FORBIDDEN_403, "Forbidden: JSON-RPC is for local clients\n");
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null && !sameOrigin(origin, request)) {
            return plain(response, callback, HttpStatus.FORBIDDEN_403, "Forbidden: cross-origin request\n");
        }
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        AdminCredentials.Role role = credentials.bearerRole(authorization);
        if (role == null) {
            if (authorization != null) { // a wrong token is worth a (rate-limited) line; none is a probe
                credentials.throttle().refused(Request.getRemoteAddr(request), "JSON-RPC");
            }
            // no Basic challenge: a browser would cache the answer and send it cross-site ever after
            response.getHeaders().add(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"sipcontainer\"");
            return plain(response, callback, HttpStatus.UNAUTHORIZED_401, "Unauthorized: use the RPC token\n");
        }
        if (!HttpMethod.POST.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            return plain(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "Use POST\n");
        }
        if (!isJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
            return plain(response, callback, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, "Content-Type must be " + JSON + "\n");
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            return plain(response, callback, HttpStatus.BAD_REQUEST_400, "Cannot read the request\n");
        }
        if (body.length > MAX_BODY) {
            return plain(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, "Request too large\n");
        }
        JsonRpcDispatcher.Reply reply = dispatcher.dispatch(new String(body, StandardCharsets.UTF_8), role,
                Request.getRemoteAddr(request));
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, reply.body(), callback);
        return true;
    }

    /** {@code application/json}, parameters such as charset allowed. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return type.equalsIgnoreCase(JSON);
    }

    /** Whether an {@code Origin} value names the scheme, host and port this request was sent to. */
    static boolean sameOrigin(String origin, Request request) {
        URI parsed;
        try {
            parsed = new URI(origin.strip());
        } catch (URISyntaxException e) {
            return false; // includes "null", sent by sandboxed and file: pages
        }
        String scheme = request.getHttpURI().getScheme();
        if (parsed.getScheme() == null || parsed.getHost() == null || !parsed.getScheme().equalsIgnoreCase(scheme)) {
            return false;
        }
        int port = parsed.getPort() >= 0 ? parsed.getPort() : HttpScheme.getDefaultPort(parsed.getScheme());
        return parsed.getHost().equalsIgnoreCase(Request.getServerName(request)) && port == Request.getServerPort(request);
    }

    static boolean isLoopback(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet) {
            InetAddress address = inet.getAddress();
            return address != null && address.isLoopbackAddress();
        }
        return false; // unix sockets and the like: not a network client we can vouch for
    }

    private static boolean plain(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, text, callback);
        return true;
    }
}
