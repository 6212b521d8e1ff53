package io.sipcontainer.apps.proxy;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SipApplicationSession;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

import io.sipcontainer.service.DispatcherService;

/**
 * Sends the dispatcher's OPTIONS probes (Kamailio's {@code ds_ping_method} through tm): each in
 * an application session of its own, with the destination as Request-URI and To and
 * {@code ds_ping_from} as From. The final response goes back to the dispatcher by Call-ID; the
 * dispatcher times a probe out itself, so a probe whose transaction never ends costs only its
 * entry here until the transaction's own timeout reports a 408.
 */
final class DispatcherProbes implements DispatcherService.Prober {
    private final SipFactory factory;
    private final Consumer<String> log;
    private final Map<String, DispatcherService.ProbeResult> pending = new ConcurrentHashMap<>();

    DispatcherProbes(SipFactory factory, Consumer<String> log) {
        this.factory = factory;
        this.log = log;
    }

    @Override
    public void ping(String uri, String from, DispatcherService.ProbeResult done) {
        SipApplicationSession session = factory.createApplicationSession();
        try {
            SipServletRequest options = factory.createRequest(session, "OPTIONS", from, uri);
            pending.put(options.getCallId(), done);
            try {
                options.send();
            } catch (IOException | RuntimeException e) {
                pending.remove(options.getCallId());
                throw new IllegalStateException("cannot send OPTIONS to " + uri + ": " + e.getMessage(), e);
            }
        } catch (jakarta.servlet.sip.ServletParseException e) {
            session.invalidate();
            throw new IllegalArgumentException("bad probe address " + from + " or " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Whether an incoming request is one of these probes (routed back here by the application router). */
    boolean isOwn(jakarta.servlet.sip.SipServletRequest req) {
        return "OPTIONS".equals(req.getMethod()) && pending.containsKey(req.getCallId());
    }

    /** Takes the response when it answers a probe; false for any other response. */
    boolean answered(SipServletResponse resp) throws ServletException {
        if (!"OPTIONS".equals(resp.getMethod()) || resp.getProxy() != null) {
            return false;
        }
        DispatcherService.ProbeResult done = resp.getStatus() >= 200 ? pending.remove(resp.getCallId())
                : pending.get(resp.getCallId());
        if (done == null) {
            return false;
        }
        if (resp.getStatus() >= 200) {
            done.status(resp.getStatus());
            try {
                resp.getApplicationSession().invalidate();
            } catch (IllegalStateException alreadyInvalid) {
                log.accept("probe session already gone: " + alreadyInvalid.getMessage());
            }
        }
        return true;
    }
}

