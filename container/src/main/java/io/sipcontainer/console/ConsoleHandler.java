package io.sipcontainer.console;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.http.AdminCredentials;
import io.sipcontainer.http.AuditLog;
import io.sipcontainer.http.LoginThrottle;

/**
 * The web console at its context path (Jetty core handler): the login form, the single page that
 * holds every view once logged in, its scripts and styles, and the JSON API under {@code api/}.
 *
 * <p>Login is a plain HTML form posted to {@code login} and checked against {@code http.admin_user}
 * and {@code http.admin_password} ({@link AdminCredentials}); it is refused while no password is set.
 * Success sets the session cookie ({@code HttpOnly}, {@code SameSite=Strict}, {@code Secure} over
 * HTTPS, path limited to the console) and redirects to the page; failure redirects back to the form,
 * which says why (also while the source is locked out after repeated failures; a client that does
 * not ask for HTML gets 429 with Retry-After instead). A login posted from another origin (the
 * {@code Origin} or {@code Sec-Fetch-Site} headers tell) is refused, so another site cannot log the browser in. The page and the API need the
 * session; scripts, styles and images do not (they hold no data).
 */
final class ConsoleHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHandler.class);
    static final String COOKIE = "sipconsole";

    private final AdminCredentials credentials;
    private final ConsoleSessions sessions;
    private final ConsoleApi api;
    private final StaticResources files;

    ConsoleHandler(AdminCredentials credentials, ConsoleSessions sessions, ConsoleApi api, StaticResources files) {
        super(InvocationType.BLOCKING); // uploads and RPC commands block
        this.credentials = credentials;
        this.sessions = sessions;
        this.api = api;
        this.files = files;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String context = Request.getContextPath(request);
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            if (path.isEmpty()) {
                HttpReplies.redirect(request, response, callback, context + "/");
            } else if (path.startsWith("/api/")) {
                api(path.substring("/api/".length()), request, response, callback);
            } else if (path.equals("/login")) {
                login(context, request, response, callback);
            } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
                response.getHeaders().put("Allow", "GET");
                HttpReplies.error(request, response, callback, 405, "use GET");
            } else if (path.equals("/") || path.equals("/index.html")) {
                if (session(request) == null) {
                    HttpReplies.redirect(request, response, callback, context + "/login");
                } else {
                    serve("index.html", request, response, callback);
                }
            } else {
                serve(path.substring(1), request, response, callback);
            }
        } catch (RuntimeException e) {
            LOG.warn("Console request {} {} failed", method, path, e);
            HttpReplies.error(request, response, callback, 500, "internal error: " + e);
        }
        return true;
    }

    private void serve(String file, Request request, Response response, Callback callback) {
        Optional<StaticResources.Resource> r = files.find(file);
        if (r.isEmpty()) {
            HttpReplies.error(request, response, callback, 404, "not found");
        } else {
            HttpReplies.bytes(request, response, callback, r.get().contentType(), r.get().bytes());
        }
    }

    private void login(String context, Request request, Response response, Callback callback) {
        if ("GET".equals(request.getMethod())) {
            if (session(request) != null) {
                HttpReplies.redirect(request, response, callback, context + "/");
            } else {
                serve("login.html", request, response, callback);
            }
            return;
        }
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put("Allow", "GET, POST");
            HttpReplies.error(request, response, callback, 405, "use GET or POST");
            return;
        }
        if (isCrossSite(request)) {
            HttpReplies.error(request, response, callback, 403, "login from another site refused");
            return;
        }
        if (!credentials.basicEnabled()) {
            HttpReplies.redirect(request, response, callback, context + "/login?disabled");
            return;
        }
        Fields form;
        try {
            form = Request.getParameters(request);
        } catch (Exception e) {
            HttpReplies.error(request, response, callback, 400, "cannot read the login form");
            return;
        }
        String user = form.getValue("user");
        String source = Request.getRemoteAddr(request);
        LoginThrottle throttle = credentials.throttle();
        Duration locked = throttle.lockedFor(source);
        if (!locked.isZero()) { // refused unchecked: a guess made now could not succeed
            if (acceptsHtml(request)) { // a browser's form: back to the form, which says why
                HttpReplies.redirect(request, response, callback, context + "/login?locked");
                return;
            }
            response.getHeaders().put("Retry-After", Long.toString(Math.max(1, locked.toSeconds())));
            HttpReplies.error(request, response, callback, 429, "too many failed logins from this address; try later");
            return;
        }
        if (!credentials.checkBasic(user, form.getValue("password"))) {
            throttle.failed(source, "console login");
            HttpReplies.redirect(request, response, callback, context + "/login?failed");
            return;
        }
        throttle.succeeded(source);
        ConsoleSessions.Session s = sessions.create(credentials.user());
        Response.addCookie(response, cookie(context, s.id(), request.isSecure(), -1));
        LOG.info("Console login of '{}' from {}", s.user(), Request.getRemoteAddr(request));
        HttpReplies.redirect(request, response, callback, context + "/");
    }

    private void api(String path, Request request, Response response, Callback callback) {
        String method = request.getMethod();
        ConsoleSessions.Session s = session(request);
        if (path.equals("session") && "GET".equals(method)) { // the page asks who it is; no login needed
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("authenticated", s != null);
            m.put("loginEnabled", credentials.basicEnabled());
            if (s != null) {
                m.put("user", s.user());
                m.put("csrfToken", s.csrfToken());
            }
            HttpReplies.json(request, response, callback, 200, m);
            return;
        }
        if (s == null) {
            HttpReplies.error(request, response, callback, 401, "not logged in");
            return;
        }
        if (!ConsoleApi.csrfOk(request, s)) {
            HttpReplies.error(request, response, callback, 403, "missing or wrong " + ConsoleApi.CSRF_HEADER + " header");
            return;
        }
        if (path.equals("logout") && "POST".equals(method)) {
            sessions.remove(s.id());
            Response.addCookie(response, cookie(Request.getContextPath(request), "", request.isSecure(), 0));
            HttpReplies.json(request, response, callback, 200, Map.of("loggedOut", true));
            return;
        }
        String who = "console user " + s.user();
        String action = auditedAction(method, path, request);
        try {
            Object result = api.handle(method, path, request, who);
            if (action != null) {
                AuditLog.record(who, Request.getRemoteAddr(request), action, "ok");
            }
            HttpReplies.json(request, response, callback, 200, result);
        } catch (ApiException e) {
            if (action != null) {
                AuditLog.record(who, Request.getRemoteAddr(request), action, "error " + e.status() + " " + e.getMessage());
            }
            HttpReplies.error(request, response, callback, e.status(), e.getMessage());
        } catch (IOException e) {
            if (action != null) {
                AuditLog.record(who, Request.getRemoteAddr(request), action, "error " + e.getMessage());
            }
            LOG.warn("Console API {} {} failed", method, path, e);
            HttpReplies.error(request, response, callback, 500, "I/O error: " + e.getMessage());
        }
    }

    /**
     * How the audit log names a console request that changes state (an upload with its file name),
     * or null for one that does not: reads, the DAR syntax check, and RPC pass-through calls, which
     * {@link ConsoleApi} audits by command name.
     */
    static String auditedAction(String method, String path, Request request) {
        if ("GET".equals(method) || "HEAD".equals(method) || path.equals("rpc") || path.equals("dar/check")) {
            return null;
        }
        String action = "console " + method + " " + path;
        if (path.equals("apps")) {
            action += " " + Request.extractQueryParameters(request).getValue("file");
        }
        return action;
    }

    private ConsoleSessions.Session session(Request request) {
        for (HttpCookie c : Request.getCookies(request)) {
            if (COOKIE.equals(c.getName())) {
                ConsoleSessions.Session s = sessions.find(c.getValue());
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }

    /** The session cookie; {@code maxAge} 0 deletes it, -1 keeps it for the browser's session. */
    static HttpCookie cookie(String contextPath, String value, boolean secure, long maxAge) {
        return HttpCookie.build(COOKIE, value)
                .path(contextPath.isEmpty() ? "/" : contextPath)
                .httpOnly(true)
                .sameSite(HttpCookie.SameSite.STRICT)
                .secure(secure)
                .maxAge(maxAge)
                .build();
    }

    /** True for a browser navigating (its form posts ask for HTML); scripts get a status they can read. */
    static boolean acceptsHtml(Request request) {
        String accept = request.getHeaders().get("Accept");
        return accept != null && accept.contains("text/html");
    }

    /**
     * True when the browser says the form came from elsewhere: {@code Sec-Fetch-Site} other than
     * same-origin or none (typed address), or an {@code Origin} that is not this server's.
     */
    static boolean isCrossSite(Request request) {
        String site = request.getHeaders().get("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return true;
        }
        String origin = request.getHeaders().get("Origin");
        if (origin == null) {
            return false; // not a browser, or an old one: nothing to forge with
        }
        HttpURI uri = request.getHttpURI();
        String own = uri.getScheme() + "://" + uri.getAuthority();
        return !origin.equalsIgnoreCase(own);
    }
}
