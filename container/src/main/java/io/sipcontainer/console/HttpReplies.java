package io.sipcontainer.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import io.sipcontainer.http.JsonBodies;

/**
 * How the console answers: JSON documents, static bytes and redirects, each with the same
 * protective headers: a content security policy allowing only the console's own files (no inline
 * script, so injected markup cannot run), no framing, no MIME sniffing, no referrer leaving the
 * server, and no caching of anything that may hold administration data.
 */
final class HttpReplies {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private HttpReplies() {
    }

    /**
     * Asks the client to close the connection when the request's body was not read (an answer
     * given before reading it: not logged in, bad token, bad name): the unread rest would otherwise
     * be taken for the next request, or Jetty closes the connection under a client that reuses it.
     */
    static void closeIfBodyUnread(Request request, Response response) {
        long length = request.getLength();
        boolean unread = length > 0 ? Request.getContentBytesRead(request) < length
                : length < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (unread) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
    }

    static void secure(Response response) {
        var h = response.getHeaders();
        h.put("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "same-origin");
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
    }

    static void json(Request request, Response response, Callback callback, int status, Object body) {
        closeIfBodyUnread(request, response);
        secure(response);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(JsonBodies.write(body).getBytes(StandardCharsets.UTF_8)), callback);
    }

    static void error(Request request, Response response, Callback callback, int status, String message) {
        json(request, response, callback, status, Map.of("error", message));
    }

    static void bytes(Request request, Response response, Callback callback, String contentType, byte[] body) {
        closeIfBodyUnread(request, response);
        secure(response);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** 303 See Other to a path on this server, so a form POST is followed by a GET. */
    static void redirect(Request request, Response response, Callback callback, String path) {
        closeIfBodyUnread(request, response);
        secure(response);
        Response.sendRedirect(request, response, callback, 303, path, false);
    }
}
