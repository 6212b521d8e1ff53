package io.sipcontainer.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.sipcontainer.http.HttpInfo;
import io.sipcontainer.http.JsonBodies;

/**
 * The web console's HTTP side as a test drives it without a browser: the login form, the session
 * cookie, and JSON API calls carrying the anti-CSRF header. Redirects are not followed, so tests
 * see them.
 */
final class ConsoleClient {
    private final HttpClient client;
    private final String base;
    private String cookie;
    private String csrfToken;

    ConsoleClient(HttpInfo http) {
        this("http://127.0.0.1:" + http.port(), HttpClient.newBuilder());
    }

    /** A client of the console at {@code base} (e.g. the HTTPS port), built from {@code client}. */
    ConsoleClient(String base, HttpClient.Builder client) {
        this.base = base;
        this.client = client.followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(builder(path).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return b;
    }

    /** Posts the login form; keeps the session cookie and token when it succeeds. */
    HttpResponse<String> login(String user, String password) throws Exception {
        String form = "user=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> r = send(builder("/console/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", base)
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        r.headers().firstValue("Set-Cookie").ifPresent(c -> {
            String pair = c.substring(0, c.indexOf(';'));
            cookie = pair.endsWith("=") ? null : pair;
        });
        if (cookie != null) {
            Map<?, ?> session = json(get("/console/api/session"));
            csrfToken = (String) session.get("csrfToken");
        }
        return r;
    }

    String csrfToken() {
        return csrfToken;
    }

    /** An API call with the session's token; body null for none. */
    HttpResponse<String> api(String method, String path, String jsonBody) throws Exception {
        HttpRequest.Builder b = builder("/console/api/" + path).header("Accept", "application/json");
        if (!method.equals("GET") && csrfToken != null) {
            b.header("X-CSRF-Token", csrfToken);
        }
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        return send(b);
    }

    static Map<?, ?> json(HttpResponse<String> response) throws Exception {
        return (Map<?, ?>) JsonBodies.parse(response.body());
    }
}
