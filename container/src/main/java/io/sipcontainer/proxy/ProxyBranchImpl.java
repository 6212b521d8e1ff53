package io.sipcontainer.proxy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.sip.Proxy;
import jakarta.servlet.sip.ProxyBranch;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;

/**
 * One target of a proxy: its own copy of the request, its client transaction, timer and the
 * responses it got. Its lifecycle: created, started (sent), then finished by a final response,
 * a timeout or a cancellation. All methods run on the application session's serial executor.
 */
final class ProxyBranchImpl extends ProxySettings implements ProxyBranch {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyBranchImpl.class);

    private final ProxyImpl proxy;
    private final SipServletRequestImpl request;
    private final List<ProxyBranchImpl> recursed = new ArrayList<>(0);
    private int timeoutSeconds;
    private boolean started;
    private boolean finished;
    private boolean provisional;
    private boolean cancelled;
    private boolean cancelPending;
    private boolean cancelSent;
    /** The Reason of a CANCEL that waits for a provisional response. */
    private String pendingReason;
    /** A 3xx this branch recursed on: not a candidate for the best response. */
    private boolean recursedOn;
    private SipServletResponseImpl response;
    private ScheduledFuture<?> timer;

    ProxyBranchImpl(ProxyImpl proxy, SipServletRequestImpl request) {
        super(proxy.getRecordRoute(), proxy.getRecurse(), proxy.getAddToPath());
        this.proxy = proxy;
        this.request = request;
        this.timeoutSeconds = proxy.getProxyTimeout();
        request.transaction().setBranch(this);
    }

    @Override
    ProxyImpl owner() {
        return proxy;
    }

    @Override
    boolean hasStarted() {
        return started;
    }

    SipServletRequestImpl requestImpl() {
        return request;
    }

    boolean isActive() {
        return started && !finished;
    }

    boolean isFinished() {
        return finished;
    }

    boolean isCandidate() {
        return finished && response != null && !recursedOn && response.getStatus() >= 300;
    }

    boolean hasProvisional() {
        return provisional;
    }

    SipServletResponseImpl responseImpl() {
        return response;
    }

    List<ProxyBranchImpl> recursedBranches() {
        return recursed;
    }

    /**
     * Sends the request (record-routing, Path and Via added on the way) and arms the timer. A send
     * failure (a TCP contact refusing the connection, an unresolvable host) finishes the branch with
     * a local 477, Kamailio's reply when tm cannot send to the next hop; the caller then lets the
     * proxy move on. (A local 503 would reach the caller as 500, RFC 3261 16.7 step 6.)
     */
    void start() {
        started = true;
        try {
            proxy.send(this);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Branch to {} could not be sent: {}", request.getRequestURI(), e.toString());
            finish(proxy.localResponse(this, 477, "Unfortunately error on sending to next hop occurred"));
            return;
        }
        armTimer();
    }

    private void armTimer() {
        if (timeoutSeconds > 0) {
            timer = proxy.config().scheduler().schedule(
                    () -> proxy.config().runner().runSerial(request.sipSession(), this::timedOut),
                    timeoutSeconds, TimeUnit.SECONDS);
        }
    }

    /**
     * RFC 3263 4.3: the request's current target answered 503 or nothing before the branch timeout,
     * and its host name gave more targets: the branch goes on to the next one (a new client
     * transaction, a new Via branch, the timer from the start). False when there is none
     * ({@code use_dns_failover} off, the last target, a cancelled branch): the branch then ends.
     */
    boolean failOver() {
        if (finished || cancelled || cancelPending || provisional) {
            return false;
        }
        try {
            if (!request.services().sender().failOver(request)) {
                return false;
            }
        } catch (IOException e) {
            LOG.debug("No next destination of {} could be sent to: {}", request.getRequestURI(), e.toString());
            return false;
        }
        LOG.debug("Branch to {} failed over to {}", request.getRequestURI(), request.targets().current());
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        armTimer();
        return true;
    }

    /**
     * A provisional response arrived; false when the branch no longer wants it (cancelled). The
     * first one of an INVITE branch whose timeout is shorter than the proxy's re-arms the timer with
     * the proxy timeout: as Kamailio's tm waits {@code fr_timer} for any reply and then
     * {@code fr_inv_timer} for the final one, a short branch timeout detects a destination that
     * does not answer at all (dispatcher failover) without cutting off a call that is ringing.
     */
    boolean provisional(SipServletResponseImpl r) {
        if (!provisional && timer != null && !finished && timeoutSeconds < proxy.getProxyTimeout()
                && "INVITE".equals(request.getMethod())) {
            timer.cancel(false);
            timer = proxy.config().scheduler().schedule(
                    () -> proxy.config().runner().runSerial(request.sipSession(), this::timedOut),
                    proxy.getProxyTimeout(), TimeUnit.SECONDS);
        }
        provisional = true;
        if (cancelPending || cancelled) {
            sendCancel(pendingReason);
            return false;
        }
        response = r;
        return !finished;
    }

    void finish(SipServletResponseImpl r) {
        finished = true;
        response = r;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    void markRecursedOn() {
        recursedOn = true;
    }

    void addRecursed(ProxyBranchImpl b) {
        recursed.add(b);
    }

    private void timedOut() {
        timer = null;
        if (finished || failOver()) {
            return;
        }
        if ("INVITE".equals(request.getMethod())) {
            if (provisional) {
                sendCancel("SIP;cause=408;text=\"Request Timeout\"");
            } else {
                cancelPending = true; // RFC 3261 9.1: a CANCEL waits for a provisional response
            }
        }
        finish(proxy.localResponse(this, 408, "Request Timeout"));
        proxy.branchFinished();
    }

    /**
     * Stops the branch: CANCEL when it had a provisional response (its final response then comes
     * back), otherwise a local 487 now and a CANCEL as soon as a provisional response shows up.
     */
    void cancelBranch(String reason) {
        if (!started) {
            started = true;
            finished = true;
            return;
        }
        if (finished || cancelled) {
            return;
        }
        cancelled = true;
        if (!"INVITE".equals(request.getMethod())) {
            return; // only an INVITE can be cancelled; a non-INVITE just completes
        }
        if (provisional) {
            sendCancel(reason);
        } else {
            cancelPending = true;
            pendingReason = reason;
            finish(proxy.localResponse(this, 487, "Request Terminated"));
        }
    }

    private void sendCancel(String reason) {
        if (cancelSent || request.transaction().clientTransaction() == null) {
            return;
        }
        cancelSent = true;
        try {
            request.services().sender().cancel(request, reason);
        } catch (IOException e) {
            LOG.debug("CANCEL towards {} failed: {}", request.getRequestURI(), e.toString());
        }
    }

    // --- ProxyBranch ---------------------------------------------------------------------------

    @Override
    public void cancel() {
        proxy.checkNotCompleted();
        cancelBranch(null);
        proxy.branchFinished();
    }

    @Override
    public void cancel(String[] protocol, int[] reasonCode, String[] reasonText) {
        proxy.checkNotCompleted();
        cancelBranch(ProxyImpl.reasonHeader(protocol, reasonCode, reasonText));
        proxy.branchFinished();
    }

    @Override
    public Proxy getProxy() {
        return proxy;
    }

    @Override
    public int getProxyBranchTimeout() {
        return timeoutSeconds;
    }

    @Override
    public void setProxyBranchTimeout(int seconds) {
        if (seconds <= 0 || seconds > proxy.getProxyTimeout()) {
            throw new IllegalArgumentException("branch timeout must be 1.." + proxy.getProxyTimeout() + ", got " + seconds);
        }
        this.timeoutSeconds = seconds;
    }

    @Override
    public List<ProxyBranch> getRecursedProxyBranches() {
        return List.copyOf(recursed);
    }

    @Override
    public SipServletRequest getRequest() {
        return request;
    }

    @Override
    public SipServletResponse getResponse() {
        return response;
    }

    @Override
    public boolean isStarted() {
        return started;
    }
}
