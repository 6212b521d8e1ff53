package io.sipcontainer.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * The context paths of the HTTP server and what serves each: handlers contributed by components,
 * the JSON-RPC endpoint and the web side of deployed applications. A path has one owner at a time;
 * asking for a taken path fails with the name of its owner. Handlers mounted while the server runs
 * (applications deployed later) are started before they become reachable and stopped after they
 * are removed, so no request sees one half started.
 */
public final class ContextMounts {
    private final Server server;
    private final ContextHandlerCollection contexts;
    private final Map<String, Mount> mounts = new ConcurrentHashMap<>();

    private record Mount(String owner, ContextHandler handler) {
    }

    public ContextMounts(Server server, ContextHandlerCollection contexts) {
        this.server = server;
        this.contexts = contexts;
    }

    /**
     * Serves {@code handler} at {@code contextPath}: a {@link ContextHandler} gets that path, any
     * other handler is wrapped in one. Both {@code /path} and {@code /path/...} reach it.
     *
     * @param owner names the user of the path in the error when it is taken
     * @throws IllegalStateException when the path is taken
     * @throws Exception             when the handler fails to start
     */
    public synchronized ContextHandler mount(String contextPath, Handler handler, String owner) throws Exception {
        String path = normalize(contextPath);
        Mount existing = mounts.get(path);
        if (existing != null) {
            throw new IllegalStateException("the HTTP context path " + path + " is already used by " + existing.owner());
        }
        ContextHandler context = handler instanceof ContextHandler c ? c : new ContextHandler(handler, path);
        context.setContextPath(path);
        context.setAllowNullPathInContext(true); // "/RPC" itself, not only "/RPC/"
        if (server.isStarted()) {
            context.setServer(server);
            try {
                context.start();
            } catch (Exception e) {
                context.stop(); // release what the failed start left behind
                throw e;
            }
            contexts.addHandler(context);
        } else {
            contexts.addHandler(context);
        }
        mounts.put(path, new Mount(owner, context));
        return context;
    }

    /** Stops serving a path; does nothing when nothing is mounted there. */
    public synchronized void unmount(String contextPath) throws Exception {
        Mount mount = mounts.remove(normalize(contextPath));
        if (mount != null) {
            contexts.removeHandler(mount.handler());
            mount.handler().stop();
        }
    }

    /** True when something serves that path. */
    public boolean isMounted(String contextPath) {
        return mounts.containsKey(normalize(contextPath));
    }

    static String normalize(String contextPath) {
        String p = contextPath == null || contextPath.isBlank() ? "/" : contextPath.strip();
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
