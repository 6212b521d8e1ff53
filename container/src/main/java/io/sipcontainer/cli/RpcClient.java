package io.sipcontainer.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sipcontainer.http.JsonBodies;

/**
 * Calls the server's JSON-RPC endpoint as Kamailio's jsonrpcs expects: POST
 * {@code {"jsonrpc":"2.0","method":m,"params":[...],"id":1}} and read {@code result}, or
 * {@code error} with its code (the HTTP status is the code too). The token, when known, goes in
 * {@code Authorization: Bearer}.
 */
final class RpcClient {

    /** A fault answered by the server, or an HTTP failure that carried no JSON-RPC error. */
    static final class Fault extends Exception {
        private static final long serialVersionUID = 1L;
        private final int code;

        Fault(int code, String message) {
            super(message);
            this.code = code;
        }

        int code() {
            return code;
        }
    }

    private final HttpClient http;
    private final URI url;
    private final String token;
    private final Duration timeout;

    RpcClient(URI url, String token, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.url = url;
        this.token = token;
        this.timeout = timeout;
    }

    Object call(String method, List<Object> params) throws Fault, IOException, InterruptedException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("jsonrpc", "2.0");
        request.put("method", method);
        request.put("params", params);
        request.put("id", 1L);
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonBodies.write(request), StandardCharsets.UTF_8));
        if (token != null && !token.isEmpty()) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        Object body;
        try {
            body = JsonBodies.parseReply(response.body());
        } catch (JsonBodies.MalformedJson e) {
            throw new Fault(response.statusCode(), "HTTP " + response.statusCode() + " without a JSON-RPC answer: "
                    + abbreviate(response.body()));
        }
        if (body instanceof Map<?, ?> m) {
            if (m.get("error") instanceof Map<?, ?> error) {
                int code = error.get("code") instanceof Number n ? n.intValue() : response.statusCode();
                throw new Fault(code, String.valueOf(error.get("message")));
            }
            if (m.containsKey("result") && response.statusCode() / 100 == 2) {
                return m.get("result");
            }
        }
        throw new Fault(response.statusCode(), "HTTP " + response.statusCode() + " without a JSON-RPC answer: "
                + abbreviate(response.body()));
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
