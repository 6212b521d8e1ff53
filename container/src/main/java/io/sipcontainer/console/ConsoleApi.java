package io.sipcontainer.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

import io.sipcontainer.http.JsonBodies;
import io.sipcontainer.server.SipServer;
import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.http.AuditLog;

/**
 * The console's JSON API under {@code /console/api/}, for a logged-in session. Reads are GET;
 * everything that changes something is POST, PUT or DELETE and must carry the session's token in
 * the {@value #CSRF_HEADER} header: a page of another site can neither read the token nor set a
 * custom header without the server's consent (no CORS here), so it cannot act in the
 * administrator's name. Most pages call RPC commands in process ({@code rpc}); the rest is what
 * only the console does: uploading and removing archives, the DAR file, the configuration.
 */
final class ConsoleApi {
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** JSON bodies are small; only archive uploads are larger (see {@link Deployments}). */
    static final int MAX_JSON_BODY = 1 << 20;
    /** The statistics the dashboard charts, with Kamailio's names; those absent are left out. */
    static final List<String> DASHBOARD_STATISTICS = List.of("core:rcv_requests", "core:rcv_replies",
            "sl:sent_replies", "tmx:rpl_relayed", "tmx:inuse_transactions", "usrloc:location-contacts",
            "usrloc:location-users", "dialog:active_dialogs", "dialog:early_dialogs");

    private final SipServer server;
    private final RpcRegistry rpc;
    private final Deployments deployments;
    private final DarEditor dar;

    ConsoleApi(SipServer server, RpcRegistry rpc, Deployments deployments, DarEditor dar) {
        this.server = server;
        this.rpc = rpc;
        this.deployments = deployments;
        this.dar = dar;
    }

    /** True when a state-changing request carries the session's token. */
    static boolean csrfOk(Request request, ConsoleSessions.Session session) {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return true;
        }
        String token = request.getHeaders().get(CSRF_HEADER);
        return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Answers one API request (path after {@code /api/}); the returned value is the JSON body of a
     * 200 (an accepted upload included: its outcome shows in the application list once the
     * watcher has acted).
     */
    Object handle(String method, String path, Request request, String who) throws ApiException, IOException {
        switch (method + " " + path) {
            case "GET stats":
                return statistics();
            case "GET registrations": {
                Fields q = Request.extractQueryParameters(request);
                int limit = parseInt(q.getValue("limit"), 100);
                return rpcCall(() -> RegistrationsView.search(rpc, q.getValue("q"), limit));
            }
            case "POST rpc":
                return rpcPassThrough(jsonBody(request), who, Request.getRemoteAddr(request));
            case "GET apps": {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("deployDir", deployments.deployDir().toString());
                m.put("hotDeploy", deployments.hotDeploy());
                m.put("maxUploadBytes", Deployments.MAX_UPLOAD_BYTES);
                m.put("apps", deployments.list());
                return m;
            }
            case "POST apps": {
                String file = Request.extractQueryParameters(request).getValue("file");
                try (InputStream body = Content.Source.asInputStream(request)) {
                    return deployments.upload(file, body);
                }
            }
            case "GET dar":
                return dar.get();
            case "PUT dar":
                return dar.save(text(jsonBody(request)));
            case "POST dar/check":
                return dar.check(text(jsonBody(request)));
            case "POST dar/reload":
                return dar.reload();
            case "GET config":
                return ConfigView.of(server.config());
            case "GET cluster":
                return cluster();
            default:
                break;
        }
        if ("DELETE".equals(method) && path.startsWith("apps/")) {
            return deployments.undeploy(path.substring("apps/".length()));
        }
        throw new ApiException(404, "no such console API: " + method + " " + path);
    }

    private Map<String, Object> statistics() throws ApiException {
        Map<?, ?> all = (Map<?, ?>) rpcCall(() -> rpc.call("stats.fetch", new RpcParams(List.of("all"))));
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : DASHBOARD_STATISTICS) {
            Object v = all.get(name.replace(':', '.')); // stats.fetch writes group.name
            if (v != null) {
                values.put(name, v);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", System.currentTimeMillis());
        m.put("values", values);
        return m;
    }

    /** A command's result as {@code result}, or its fault as {@code error} (still a 200: the call was made). */
    private Map<String, Object> rpcPassThrough(Object body, String who, String source) throws ApiException {
        if (!(body instanceof Map<?, ?> request) || !(request.get("method") instanceof String method)) {
            throw new ApiException(400, "expected {\"method\": \"name\", \"params\": [...]}");
        }
        Object params = request.get("params");
        if (params != null && !(params instanceof List<?>)) {
            throw new ApiException(400, "params must be an array");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        boolean audited = !rpc.isReadOnly(method);
        try {
            m.put("result", rpc.call(method, new RpcParams(params == null ? List.of() : (List<?>) params)));
            if (audited) {
                AuditLog.record(who, source, method, "ok");
            }
        } catch (RpcException e) {
            if (audited) {
                AuditLog.record(who, source, method, "error " + e.code() + " " + e.getMessage());
            }
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", e.code());
            error.put("message", e.getMessage());
            m.put("error", error);
        }
        return m;
    }

    /**
     * The cluster page: every member (cluster.members) with its SIP addresses and a few of its
     * published statistics (cluster.stats); version, uptime and applications for this node.
     */
    private Map<String, Object> cluster() throws ApiException {
        Map<?, ?> info = (Map<?, ?>) rpcCall(() -> rpc.call("core.info", new RpcParams(List.of())));
        Map<?, ?> uptime = (Map<?, ?>) rpcCall(() -> rpc.call("core.uptime", new RpcParams(List.of())));
        List<?> members = (List<?>) rpcCall(() -> rpc.call("cluster.members", new RpcParams(List.of())));
        Map<?, ?> status = (Map<?, ?>) rpcCall(() -> rpc.call("cluster.status", new RpcParams(List.of())));
        Map<?, ?> stats = (Map<?, ?>) rpcCall(() -> rpc.call("cluster.stats", new RpcParams(List.of("all"))));
        List<Map<String, Object>> nodes = new java.util.ArrayList<>();
        for (Object o : members) {
            Map<?, ?> member = (Map<?, ?>) o;
            boolean self = Boolean.TRUE.equals(member.get("local")) || members.size() == 1;
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", self ? server.config().nodeName() : String.valueOf(member.get("id")));
            node.put("id", member.get("id"));
            node.put("self", self);
            node.put("address", member.get("address"));
            node.put("sip", member.get("sip"));
            Map<?, ?> own = (Map<?, ?>) stats.get(member.get("id"));
            if (own == null && self) {
                own = (Map<?, ?>) stats.get("local");
            }
            node.put("requests", own == null ? null : own.get("core:rcv_requests"));
            node.put("contacts", own == null ? null : own.get("usrloc:registered_users"));
            if (self) {
                node.put("state", server.isRunning() ? "running" : "starting");
                node.put("version", info.get("version"));
                node.put("upSince", uptime.get("up_since"));
                node.put("uptime", uptime.get("uptime"));
                node.put("sockets", info.get("sockets"));
                node.put("applications", server.applications().names().size());
            } else {
                node.put("state", "member");
            }
            nodes.add(node);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clustered", status.get("clustered"));
        m.put("status", status);
        m.put("nodes", nodes);
        m.put("time", Instant.now().toString());
        return m;
    }

    @FunctionalInterface
    private interface RpcCall {
        Object call() throws RpcException;
    }

    private static Object rpcCall(RpcCall call) throws ApiException {
        try {
            return call.call();
        } catch (RpcException e) {
            throw new ApiException(e.code() >= 400 && e.code() < 600 ? e.code() : 500, e.getMessage());
        }
    }

    private static Object jsonBody(Request request) throws ApiException, IOException {
        byte[] bytes;
        try (InputStream in = Content.Source.asInputStream(request)) {
            bytes = in.readNBytes(MAX_JSON_BODY + 1);
        }
        if (bytes.length > MAX_JSON_BODY) {
            throw new ApiException(413, "request body too large");
        }
        try {
            return JsonBodies.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonBodies.MalformedJson e) {
            throw new ApiException(400, "invalid JSON: " + e.getMessage());
        }
    }

    private static String text(Object body) throws ApiException {
        if (body instanceof Map<?, ?> m && m.get("text") instanceof String text) {
            return text;
        }
        throw new ApiException(400, "expected {\"text\": \"...\"}");
    }

    private static int parseInt(String value, int def) {
        try {
            return value == null ? def : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return def;
        }
    }
}
