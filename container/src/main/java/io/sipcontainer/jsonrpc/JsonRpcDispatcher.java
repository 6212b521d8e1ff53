package io.sipcontainer.jsonrpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sipcontainer.http.AdminCredentials;
import io.sipcontainer.http.AuditLog;
import io.sipcontainer.http.JsonBodies;
import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;

/**
 * Kamailio's jsonrpcs over HTTP, without the HTTP: turns a request document into the reply status
 * and document. {@code {"jsonrpc":"2.0","method":"core.version","params":[...],"id":1}} runs the
 * command; success is 200 with {@code {"jsonrpc":"2.0","result":...,"id":1}}; a fault is
 * {@code {"jsonrpc":"2.0","error":{"code":c,"message":m},"id":1}} with HTTP status c (500 for codes
 * of 100 and less, which are not HTTP statuses, and for codes above 599). Unreadable JSON is -32700
 * "Parse Error" and a document that is not a request is -32600 "Invalid Request". Named parameters
 * ({@code "params":{...}}) are passed in their written order, as Kamailio does. The reply carries the
 * request's id as given (number or string); a request without one gets a reply without one.
 * A command not registered read-only is refused to the read-only role with 403 "Forbidden", and
 * each call of one is written to the {@link AuditLog} with its outcome (never its parameters).
 */
public final class JsonRpcDispatcher {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;

    /** The HTTP status and JSON body to send. */
    public record Reply(int status, String body) {
    }

    private final RpcRegistry registry;

    public JsonRpcDispatcher(RpcRegistry registry) {
        this.registry = registry;
    }

    /** A request from the full token, audited as from the local process. */
    public Reply dispatch(String body) {
        return dispatch(body, AdminCredentials.Role.ADMIN, "local");
    }

    /** A request from a caller with {@code role} at {@code source} (an address, for the audit log). */
    public Reply dispatch(String body, AdminCredentials.Role role, String source) {
        Object document;
        try {
            document = JsonBodies.parse(body);
        } catch (JsonBodies.MalformedJson e) {
            return fault(PARSE_ERROR, "Parse Error", null, true);
        }
        if (!(document instanceof Map<?, ?> request)) {
            return fault(INVALID_REQUEST, "Invalid Request", null, true);
        }
        Object id = request.get("id");
        boolean hasId = request.containsKey("id");
        if (id != null && !(id instanceof String) && !(id instanceof Number)) {
            return fault(INVALID_REQUEST, "Invalid Request", null, true);
        }
        Object method = request.get("method");
        Object params = request.get("params");
        if (!"2.0".equals(request.get("jsonrpc")) || !(method instanceof String name) || name.isEmpty()
                || (params != null && !(params instanceof List) && !(params instanceof Map))) {
            return fault(INVALID_REQUEST, "Invalid Request", id, hasId);
        }
        boolean readOnly = registry.isReadOnly(name);
        if (!readOnly && role == AdminCredentials.Role.READ_ONLY) {
            AuditLog.record(role.auditName(), source, name, "refused: read-only token");
            return fault(403, "Forbidden: read-only token", id, hasId);
        }
        try {
            Object result = registry.call(name, new RpcParams(positional(params)));
            if (!readOnly) {
                AuditLog.record(role.auditName(), source, name, "ok");
            }
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("jsonrpc", "2.0");
            reply.put("result", result == null ? Map.of() : result);
            if (hasId) {
                reply.put("id", id);
            }
            return new Reply(200, JsonBodies.write(reply));
        } catch (RpcException e) {
            if (!readOnly) {
                AuditLog.record(role.auditName(), source, name, "error " + e.code() + " " + e.getMessage());
            }
            return fault(e.code(), e.getMessage(), id, hasId);
        }
    }

    private static List<?> positional(Object params) {
        if (params instanceof List<?> list) {
            return list;
        }
        if (params instanceof Map<?, ?> named) {
            return new ArrayList<>(named.values());
        }
        return List.of();
    }

    /** The HTTP status for a fault code, as Kamailio answers it. */
    public static int httpStatus(int code) {
        return code <= 100 || code > 599 ? 500 : code;
    }

    private static Reply fault(int code, String message, Object id, boolean withId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message == null ? "Unexpected Error" : message);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("jsonrpc", "2.0");
        reply.put("error", error);
        if (withId) {
            reply.put("id", id);
        }
        return new Reply(httpStatus(code), JsonBodies.write(reply));
    }
}
