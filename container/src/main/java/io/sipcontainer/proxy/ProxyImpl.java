package io.sipcontainer.proxy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;


import jakarta.servlet.sip.Proxy;
import jakarta.servlet.sip.ProxyBranch;
import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipURI;
import jakarta.servlet.sip.URI;
import jakarta.servlet.sip.ar.SipApplicationRoutingDirective;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.message.MaxForwards;
import io.sipcontainer.message.MessageServices;
import io.sipcontainer.message.Methods;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;
import io.sipcontainer.message.UriParser;
import io.sipcontainer.session.SipSessionImpl;
import io.sipcontainer.transport.Connector;

/**
 * The proxy of one received request (RFC 3261 section 16, SIP Servlet proxying): branches,
 * forking (parallel or sequential), record-routing, recursion on 3xx, timeouts, cancellation and
 * best-response selection. Every event (response, timeout, CANCEL) runs on the application
 * session's serial executor, so the state here needs no locks.
 */
public final class ProxyImpl extends ProxySettings implements Proxy {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyImpl.class);
    static final String TRYING_REASON = "trying -- your call is important to us";

    private final SipServletRequestImpl original;
    private final ProxyConfig config;
    private final List<ProxyBranchImpl> branches = new ArrayList<>(2);
    private boolean parallel = true;
    private boolean supervised = true;
    private boolean noCancel;
    private int proxyTimeout;
    private boolean started;
    private boolean cancelled;
    private boolean completed;
    private boolean successForwarded;
    private boolean tryingSent;
    private SipURI recordRouteParams;

    ProxyImpl(SipServletRequestImpl original, ProxyConfig config) {
        super(false, true, false);
        this.original = original;
        this.config = config;
        this.proxyTimeout = config.defaultTimeoutSeconds();
    }

    ProxyConfig config() {
        return config;
    }

    private MessageServices messages() {
        return original.services();
    }

    @Override
    ProxyImpl owner() {
        return this;
    }

    @Override
    boolean hasStarted() {
        return started;
    }

    @Override
    void checkChangeable() {
        checkNotCompleted();
    }

    SipSessionImpl session() {
        return original.sipSession();
    }

    void checkNotCompleted() {
        if (completed) {
            throw new IllegalStateException("the proxy has already sent its final response");
        }
    }

    // --- branches ------------------------------------------------------------------------------

    @Override
    public List<ProxyBranch> createProxyBranches(List<? extends URI> targets) {
        checkNotCompleted();
        List<ProxyBranch> created = new ArrayList<>(targets.size());
        for (URI target : targets) {
            created.add(newBranch(target, null));
        }
        return created;
    }

    ProxyBranchImpl newBranch(URI target, ProxyBranchImpl parent) {
        if (target == null) {
            throw new NullPointerException("target");
        }
        if (!target.isSipURI() && !"tel".equals(target.getScheme())) {
            throw new IllegalArgumentException("cannot proxy to a " + target.getScheme() + " URI: " + target);
        }
        SIPRequest copy = (SIPRequest) original.jainRequest().clone();
        SipServletRequestImpl request = new SipServletRequestImpl(copy, messages(), session(), null, false);
        request.setInitial(true);
        request.setRequestURI(target);
        request.setHeaderInternal("Max-Forwards", Integer.toString(MaxForwards.next(original.jainRequest())));
        request.setRouting(original.getRegion(), original.getSubscriberURI(), original.routerState());
        if (original.isInitial()) {
            request.setRoutingDirective(SipApplicationRoutingDirective.CONTINUE, original);
        }
        ProxyBranchImpl branch = new ProxyBranchImpl(this, request);
        if (parent == null) {
            branches.add(branch);
        } else {
            parent.addRecursed(branch);
        }
        return branch;
    }

    @Override
    public void proxyTo(URI uri) {
        proxyTo(List.of(uri));
    }

    @Override
    public void proxyTo(List<? extends URI> uris) {
        checkNotCompleted();
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("no target to proxy to");
        }
        createProxyBranches(uris);
        startProxy();
    }

    @Override
    public void startProxy() {
        checkNotCompleted();
        if (cancelled) {
            throw new IllegalStateException("the proxy was cancelled");
        }
        original.setCommitted();
        if (!started) {
            started = true;
            if (SessionIntervals.rejects(original)) {
                rejectSessionInterval();
                return;
            }
            sendTrying();
        }
        startPending();
    }

    /** RFC 4028 8.1: 422 with this server's Min-SE, sent by the proxy itself; no branch starts. */
    private void rejectSessionInterval() {
        completed = true; // the branches the application made never start
        SipServletResponseImpl tooSmall = Upstream.local(original, SessionIntervals.STATUS, SessionIntervals.REASON);
        tooSmall.setHeaderInternal("Min-SE", SessionIntervals.minSe(original));
        Upstream.send(tooSmall);
        config.unseen().localFinalResponse(tooSmall);
    }

    private void startPending() {
        if (parallel) {
            for (ProxyBranchImpl b : allBranches()) {
                if (!b.isStarted()) {
                    b.start();
                }
            }
        }
        branchFinished(); // sequential: starts the next branch; either way answers when none could be sent
    }

    private void sendTrying() {
        if (tryingSent || !"INVITE".equals(original.getMethod()) || original.transaction().lastProvisional() != null) {
            return;
        }
        tryingSent = true;
        Upstream.send(Upstream.responseTo(original, original.jainRequest().createResponse(100, TRYING_REASON)));
    }

    /** Record-Route, Path and Via, then the client transaction. */
    void send(ProxyBranchImpl branch) throws IOException {
        SipServletRequestImpl request = branch.requestImpl();
        SessionIntervals.raise(request); // RFC 4028 8.1: never less than this server's minimum
        Connector out = messages().sender().connectorForNextHop(request);
        request.setConnector(out);
        if (branch.getRecordRoute() && Methods.isDialogCreating(request.getMethod())) {
            int[] written = {addRecordRoutes(request, out)};
            // a DNS failover to a target of another transport leaves through another socket: the
            // Record-Route(s) follow it, double when it differs from the one the request came in on
            request.transaction().onRetarget((from, to) -> {
                for (int i = 0; i < written[0]; i++) {
                    request.jainRequest().removeFirst("Record-Route");
                }
                written[0] = addRecordRoutes(request, to);
            });
        }
        if (branch.getAddToPath() && "REGISTER".equals(request.getMethod())) {
            request.addFirstInternal("Path", "<" + RecordRoutes.pathUri(out) + ">");
        }
        messages().sender().forward(request, LoopDetector.branchFor(original.jainRequest()));
        request.setCommitted();
    }

    /** Our Record-Route for a request leaving through {@code out}: one, or two (r2) across sockets. */
    private int addRecordRoutes(SipServletRequestImpl request, Connector out) {
        Connector in = original.connector();
        String params = recordRouteParamString();
        String sessionId = session().getId();
        if (in != null && !sameSocket(in, out)) {
            request.addFirstInternal("Record-Route", "<" + RecordRoutes.uri(in, sessionId, true, params) + ">");
            request.addFirstInternal("Record-Route", "<" + RecordRoutes.uri(out, sessionId, true, params) + ">");
            return 2;
        }
        request.addFirstInternal("Record-Route", "<" + RecordRoutes.uri(out, sessionId, false, params) + ">");
        return 1;
    }

    private static boolean sameSocket(Connector a, Connector b) {
        // a wildcard socket advertises per destination: two sides seeing different addresses need
        // a Record-Route each, as two sockets would
        return a == b || (a.transport().equalsIgnoreCase(b.transport()) && a.port() == b.port()
                && a.host().equals(b.host()) && a.advertisedHost().equals(b.advertisedHost()));
    }

    // --- events --------------------------------------------------------------------------------

    /** A response on one of the branches (runs serialized). */
    void onResponse(SipServletResponseImpl response) {
        ProxyBranchImpl branch = (ProxyBranchImpl) response.requestImpl().transaction().branch();
        int status = response.getStatus();
        if (status < 200) {
            if (!branch.provisional(response) || completed || cancelled) {
                return;
            }
            if (supervised) {
                serviceBeforeRelay(response);
            }
            forwardUpstream(response, null);
            return;
        }
        if (branch.isFinished()) {
            if (status < 300 && "INVITE".equals(response.getMethod())) {
                forwardUpstream(response, null); // every 2xx goes upstream, even late (RFC 3261 16.7)
            }
            return;
        }
        if ((status == 503 || (status == 408 && response.isTransactionTimeout())) && branch.failOver()) {
            // RFC 3263 4.3: the next target of the branch's host, the caller sees nothing of it; a
            // 408 counts only when the stack made it (Timer B/F, a TLS handshake refused)
            return;
        }
        branch.finish(response);
        if (status < 300) {
            if (supervised) {
                serviceBeforeRelay(response);
            }
            forwardUpstream(response, null);
            successForwarded = true;
            confirmRecordRoutedDialog(response);
            if (!noCancel) {
                cancelAll("SIP;cause=200;text=\"Call completed elsewhere\"");
            }
            complete();
            return;
        }
        if (status < 400 && branch.getRecurse() && recurseOn(branch, response)) {
            return;
        }
        if (status >= 600) {
            cancelAll("SIP;cause=" + status + ";text=\"" + response.getReasonPhrase() + "\"");
        }
        if (supervised && !allFinished()) {
            response.setBranchResponse(true);
            config.runner().service(response);
            response.setBranchResponse(false);
        }
        branchFinished();
    }

    /** The application sees a response it may still change (its body) before the copy goes upstream. */
    private void serviceBeforeRelay(SipServletResponseImpl response) {
        response.openWhileRelayed();
        try {
            config.runner().service(response);
        } finally {
            response.setCommitted();
        }
    }

    /** A branch ended (final response, timeout, cancel): start the next one or answer upstream. */
    void branchFinished() {
        while (!completed && noneActive()) {
            ProxyBranchImpl next = cancelled || successForwarded ? null : nextUnstarted();
            if (next == null) {
                complete();
                return;
            }
            next.start(); // a branch that cannot be sent finishes at once: try the one after it
        }
    }

    private boolean recurseOn(ProxyBranchImpl branch, SipServletResponseImpl response) {
        List<URI> targets = new ArrayList<>();
        ListIterator<?> it = response.jainResponse().getHeaders("Contact");
        while (it != null && it.hasNext()) {
            try {
                URI uri = io.sipcontainer.message.AddressParser.parse(((SIPHeader) it.next()).getHeaderValue()).getURI();
                if (!alreadyTried(uri)) {
                    targets.add(uri);
                }
            } catch (ServletParseException | RuntimeException e) {
                LOG.debug("Ignoring an unparsable Contact of a 3xx: {}", e.toString());
            }
        }
        if (targets.isEmpty() || cancelled) {
            return false;
        }
        branch.markRecursedOn();
        for (URI target : targets) {
            newBranch(target, branch);
        }
        startPending();
        return true;
    }

    private boolean alreadyTried(URI uri) {
        String u = uri.toString();
        for (ProxyBranchImpl b : allBranches()) {
            if (b.requestImpl().getRequestURI().toString().equals(u)) {
                return true;
            }
        }
        return false;
    }

    /** Everything is final: pick the best response, let a supervising application act, send it. */
    private void complete() {
        if (completed) {
            return;
        }
        if (successForwarded) {
            completed = true;
            afterFinalResponse(true);
            return;
        }
        List<SipServletResponseImpl> finals = new ArrayList<>();
        for (ProxyBranchImpl b : allBranches()) {
            if (b.isCandidate()) {
                finals.add(b.responseImpl());
            }
        }
        SipServletResponseImpl best = BestResponse.select(finals);
        if (best == null) {
            best = Upstream.local(original, cancelled ? 487 : 408, null);
            finals.add(best);
        }
        // the application also sees a branch's own timeout (408) or send failure (477), so that it
        // can try elsewhere as Kamailio's failure_route does (t_branch_timeout); never a 487 of a CANCEL
        boolean branchFailure = !best.isIncoming() && best.getProxy() == this
                && (best.getStatus() == 408 || best.getStatus() == 477);
        if (supervised && !cancelled && (best.isIncoming() || branchFailure)) {
            config.runner().service(best);
            if (completed || !noneActive()) {
                return; // the application proxied to more targets from its response handler
            }
        } else if (!best.isIncoming()) {
            config.unseen().localFinalResponse(best);
        }
        completed = true;
        forwardUpstream(best, finals);
        afterFinalResponse(false);
    }

    /**
     * A 2xx to a dialog-creating request this proxy record-routed: its session is now in a
     * confirmed dialog (JSR 359 6.2.1), which the session store may share with other nodes, as
     * the dialog's next requests may reach any of them.
     */
    private void confirmRecordRoutedDialog(SipServletResponseImpl response) {
        SipSessionImpl session = response.sipSession(); // a forked answer's own (derived) session
        if (session != null && getRecordRoute() && Methods.isDialogCreating(response.getMethod())) {
            session.dialog().establishAsUas(true);
            session.applicationSession().markDirty();
        }
    }

    private void afterFinalResponse(boolean success) {
        SipSessionImpl session = session();
        if (session != null && (!success || !getRecordRoute())) {
            session.dialog().terminate(); // nothing more passes through this proxy for this request
        }
    }

    /** Sends a copy of a downstream response upstream, without our Via. */
    private void forwardUpstream(SipServletResponseImpl response, List<SipServletResponseImpl> allFinals) {
        SipServletResponseImpl upstream = response.isIncoming() ? Upstream.copyOf(response, original)
                : Upstream.local(original, response.getStatus(), response.getReasonPhrase());
        SIPResponse up = upstream.jainResponse();
        int status = up.getStatusCode();
        try {
            if (status == 503) {
                up.setStatusCode(500);
                up.setReasonPhrase("Server Internal Error");
            }
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
        if (allFinals != null) {
            BestResponse.mergeChallenges(up, response, allFinals);
        }
        if (status >= 200 && original.isFinalResponseSent()) {
            Upstream.forwardStatelessly(upstream);
            return;
        }
        Upstream.send(upstream);
    }

    /** A response the proxy makes up for a branch (timeout, cancel, send failure). */
    SipServletResponseImpl localResponse(ProxyBranchImpl branch, int status, String reason) {
        SIPResponse r = Upstream.withToTag(branch.requestImpl().jainRequest().createResponse(status, reason));
        return new SipServletResponseImpl(r, messages(), session(), branch.requestImpl().connector(),
                branch.requestImpl(), false);
    }

    /** The caller sent CANCEL (or the application cancelled): stop every branch, answer 487. */
    void cancelFromUpstream() {
        cancelWith(null);
    }

    private void cancelWith(String reason) {
        if (completed || cancelled) {
            return;
        }
        cancelled = true;
        cancelAll(reason);
        branchFinished();
    }

    private void cancelAll(String reason) {
        for (ProxyBranchImpl b : allBranches()) {
            if (!b.isFinished()) {
                b.cancelBranch(reason);
            }
        }
    }

    private List<ProxyBranchImpl> allBranches() {
        List<ProxyBranchImpl> all = new ArrayList<>(branches.size());
        for (ProxyBranchImpl b : branches) {
            collect(b, all);
        }
        return all;
    }

    private static void collect(ProxyBranchImpl b, List<ProxyBranchImpl> into) {
        into.add(b);
        for (ProxyBranchImpl r : b.recursedBranches()) {
            collect(r, into);
        }
    }

    private boolean noneActive() {
        for (ProxyBranchImpl b : allBranches()) {
            if (b.isActive()) {
                return false;
            }
        }
        return true;
    }

    private boolean allFinished() {
        for (ProxyBranchImpl b : allBranches()) {
            if (!b.isFinished()) {
                return false;
            }
        }
        return true;
    }

    private ProxyBranchImpl nextUnstarted() {
        for (ProxyBranchImpl b : allBranches()) {
            if (!b.isStarted()) {
                return b;
            }
        }
        return null;
    }

    static String reasonHeader(String[] protocol, int[] reasonCode, String[] reasonText) {
        if (protocol == null || protocol.length == 0) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < protocol.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(protocol[i]).append(";cause=").append(reasonCode[i]);
            if (reasonText != null && i < reasonText.length && reasonText[i] != null) {
                b.append(";text=\"").append(reasonText[i].replace("\"", "")).append('"');
            }
        }
        return b.toString();
    }

    // --- record-route parameters ----------------------------------------------------------------

    SipURI recordRouteParams() {
        if (recordRouteParams == null) {
            try {
                recordRouteParams = (SipURI) UriParser.parse("sip:" + ProxyConfig.hostOf(
                        original.connector() != null ? original.connector() : messages().sender().connectorFor("udp")));
            } catch (ServletParseException e) {
                throw new IllegalStateException(e);
            }
        }
        return recordRouteParams;
    }

    private String recordRouteParamString() {
        if (recordRouteParams == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        Iterator<String> names = recordRouteParams.getParameterNames();
        while (names.hasNext()) {
            String n = names.next();
            if ("lr".equals(n) || "r2".equals(n) || "transport".equals(n) || RecordRoutes.SESSION_PARAM.equals(n)) {
                continue;
            }
            String v = recordRouteParams.getParameter(n);
            b.append(';').append(n);
            if (v != null && !v.isEmpty()) {
                b.append('=').append(v);
            }
        }
        return b.toString();
    }

    // --- Proxy ---------------------------------------------------------------------------------

    @Override
    public void cancel() {
        checkNotCompleted();
        cancelFromUpstream();
    }

    @Override
    public void cancel(String[] protocol, int[] reasonCode, String[] reasonText) {
        checkNotCompleted();
        cancelWith(reasonHeader(protocol, reasonCode, reasonText));
    }

    @Override
    public boolean getNoCancel() {
        return noCancel;
    }

    @Override
    public void setNoCancel(boolean b) {
        this.noCancel = b;
    }

    @Override
    public SipServletRequest getOriginalRequest() {
        return original;
    }

    @Override
    public boolean getParallel() {
        return parallel;
    }

    @Override
    public void setParallel(boolean parallel) {
        this.parallel = parallel;
    }

    @Override
    public ProxyBranch getProxyBranch(URI uri) {
        String u = uri.toString();
        for (ProxyBranchImpl b : allBranches()) {
            if (b.requestImpl().getRequestURI().toString().equals(u)) {
                return b;
            }
        }
        return null;
    }

    @Override
    public List<ProxyBranch> getProxyBranches() {
        return List.copyOf(branches);
    }

    @Override
    public int getProxyTimeout() {
        return proxyTimeout;
    }

    @Override
    public void setProxyTimeout(int seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("proxy timeout must be positive, got " + seconds);
        }
        this.proxyTimeout = seconds;
    }

    @Override
    @Deprecated
    public int getSequentialSearchTimeout() {
        return proxyTimeout;
    }

    @Override
    @Deprecated
    public void setSequentialSearchTimeout(int seconds) {
        setProxyTimeout(seconds);
    }

    @Override
    @Deprecated
    public boolean getStateful() {
        return true;
    }

    @Override
    @Deprecated
    public void setStateful(boolean stateful) {
        // always stateful, as the specification allows
    }

    @Override
    public boolean getSupervised() {
        return supervised;
    }

    @Override
    public void setSupervised(boolean supervised) {
        this.supervised = supervised;
    }

}
