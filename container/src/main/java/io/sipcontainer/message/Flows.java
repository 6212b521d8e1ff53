package io.sipcontainer.message;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.sip.Flow;

import io.sipcontainer.session.SipApplicationSessionImpl;
import io.sipcontainer.transport.ConnectionWatch;

/**
 * The flow listeners of one server (RFC 5626 section 4.4 flow failure): when the transport reports
 * that a connection closed, the listeners of the flows over it are told once, each in the turn of
 * the application session its flow was obtained in and with the application's class loader, and
 * forgotten. A UDP flow has no connection, so its listeners are kept but never called.
 */
public final class Flows implements ConnectionWatch {
    private static final Logger LOG = LoggerFactory.getLogger(Flows.class);

    private record Registration(FlowImpl flow, Flow.Listener listener) {
    }

    private final Map<FlowImpl, List<Registration>> listeners = new ConcurrentHashMap<>();

    /** The flow a received request arrived on. */
    FlowImpl flowOf(SipServletRequestImpl request) {
        String transport = request.getTransport();
        InetSocketAddress remote = request.remoteSocket();
        if (transport == null || remote == null || request.connector() == null) {
            return null;
        }
        InetSocketAddress local = new InetSocketAddress(request.connector().host(), request.connector().port());
        return new FlowImpl(transport, local, remote, this, request.sipSession());
    }

    void add(FlowImpl flow, Flow.Listener listener) {
        if (!flow.isConnectionOriented()) {
            return; // a UDP flow never fails: keeping its listeners would only grow the map
        }
        listeners.computeIfAbsent(flow, f -> new CopyOnWriteArrayList<>()).add(new Registration(flow, listener));
    }

    void remove(FlowImpl flow, Flow.Listener listener) {
        List<Registration> list = listeners.get(flow);
        if (list != null) {
            list.removeIf(r -> r.listener() == listener);
        }
    }

    @Override
    public void closed(String transport, InetSocketAddress local, InetSocketAddress remote) {
        FlowImpl key = new FlowImpl(transport.toUpperCase(Locale.ROOT), local, remote, this, null);
        List<Registration> failed = listeners.remove(key);
        if (failed == null) {
            return;
        }
        LOG.info("Flow {} failed (connection closed): telling {} listener(s)", key, failed.size());
        for (Registration r : failed) {
            SipApplicationSessionImpl appSession = r.flow().session() == null ? null
                    : r.flow().session().applicationSession();
            if (appSession != null && appSession.isValid()) {
                appSession.executor().execute(() -> notify(r, appSession));
            } else {
                // the session ended since (a registrar's usually does): off the selector thread all the same
                java.util.concurrent.ForkJoinPool.commonPool().execute(() -> notify(r, appSession));
            }
        }
    }

    private static void notify(Registration r, SipApplicationSessionImpl appSession) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        ClassLoader application = appSession == null || appSession.context() == null ? null
                : appSession.context().classLoader();
        try {
            if (application != null) {
                thread.setContextClassLoader(application);
            }
            r.listener().flowFailed(r.flow());
        } catch (RuntimeException e) {
            LOG.warn("A flow listener failed on {}", r.flow(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
