package io.sipcontainer.session;

import java.io.Serializable;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.sip.ServletTimer;
import jakarta.servlet.sip.SipApplicationSession;
import jakarta.servlet.sip.SipApplicationSessionAttributeListener;
import jakarta.servlet.sip.SipApplicationSessionBindingEvent;
import jakarta.servlet.sip.SipApplicationSessionBindingListener;
import jakarta.servlet.sip.SipApplicationSessionEvent;
import jakarta.servlet.sip.SipApplicationSessionListener;
import jakarta.servlet.sip.SipSession;
import jakarta.servlet.sip.URI;

import io.sipcontainer.util.SerialExecutor;

/**
 * An application instance: the attributes and SIP sessions one application keeps for one call or
 * service invocation. It is the unit of storage and of serialization: everything that must
 * survive on another node is in non-transient fields; the executor, timers and application
 * context are reattached locally.
 */
public final class SipApplicationSessionImpl implements SipApplicationSession, Serializable {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final String applicationName;
    private final long creationTime;
    private volatile long lastAccessedTime;
    private volatile long expirationTime;
    private volatile boolean valid = true;
    private volatile boolean invalidateWhenReady = true;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final Map<String, SipSessionImpl> sipSessions = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Set<String> dialogKeys = Collections.synchronizedSet(new HashSet<>());
    private final Set<String> indexKeys = ConcurrentHashMap.newKeySet();
    private int nextSipSessionNumber;
    /** The timers at the time of serialization, scheduled again by the node that adopts a replica. */
    private List<TimerState> replicatedTimers;
    private transient volatile boolean dirty = true;

    private transient SessionContext context;
    private transient SerialExecutor executor;
    private transient Map<String, ServletTimer> timers;
    private transient ScheduledFuture<?> expiryTask;
    /** HTTP sessions of a converged application: node-local, like the servlet container's own. */
    private transient Set<HttpSession> httpSessions;

    public SipApplicationSessionImpl(String id, SessionContext context) {
        this.id = id;
        this.applicationName = context.applicationName();
        attach(context);
        this.creationTime = now();
        this.lastAccessedTime = creationTime;
        int minutes = context.sessionTimeoutMinutes();
        this.expirationTime = minutes > 0 ? creationTime + TimeUnit.MINUTES.toMillis(minutes) : 0;
    }

    /** Binds the node-local parts: context, executor, timers, expiry. Called once per node. */
    public synchronized void attach(SessionContext context) {
        this.context = context;
        if (executor == null) {
            executor = new SerialExecutor(context.workerPool(), this);
            timers = new ConcurrentHashMap<>();
            httpSessions = ConcurrentHashMap.newKeySet();
        }
    }

    /** Announces creation to the application's listeners and starts the expiry clock. */
    public void created() {
        SipApplicationSessionEvent event = new SipApplicationSessionEvent(this);
        for (SipApplicationSessionListener l : context.listeners(SipApplicationSessionListener.class)) {
            l.sessionCreated(event);
        }
        scheduleExpiry();
    }

    public SessionContext context() {
        return context;
    }

    /**
     * Takes over a session that came from another node (a replica): binds the node-local parts
     * and starts its expiry clock here.
     */
    public void adopt(SessionContext context) {
        attach(context);
        scheduleExpiry();
        List<TimerState> pending = replicatedTimers;
        replicatedTimers = null;
        if (pending != null) {
            for (TimerState t : pending) {
                context.restoreTimer(this, t);
            }
        }
    }

    /** True when servlet timers are pending: a replica must carry them, dialog or not. */
    public boolean hasTimers() {
        return timers != null && !timers.isEmpty();
    }

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        List<TimerState> snapshot = new ArrayList<>();
        if (timers != null) {
            for (ServletTimer t : timers.values()) {
                if (t instanceof TimerState.Source source) {
                    snapshot.add(source.state());
                }
            }
        }
        replicatedTimers = snapshot.isEmpty() ? null : snapshot;
        out.defaultWriteObject();
        replicatedTimers = null;
    }

    /**
     * Forgets the node-local parts of a copy another node has since changed or ended: its expiry
     * clock and timers stop here, without telling any listener (the session lives on elsewhere).
     */
    public synchronized void detach() {
        if (expiryTask != null) {
            expiryTask.cancel(false);
            expiryTask = null;
        }
        if (timers != null) {
            for (ServletTimer t : new ArrayList<>(timers.values())) {
                t.cancel();
            }
        }
    }

    /**
     * True when one of the SIP sessions is in a confirmed dialog (or an early one, when
     * {@code early} is set): what a cluster replicates, as a node that never saw the dialog must
     * be able to handle its next request.
     */
    public boolean hasDialog(boolean early) {
        synchronized (sipSessions) {
            for (SipSessionImpl s : sipSessions.values()) {
                SipSession.State state = s.isValid() ? s.getState() : SipSession.State.TERMINATED;
                if (state == SipSession.State.CONFIRMED || (early && state == SipSession.State.EARLY)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Runs a task for this session, never concurrently with another task of the same session. */
    public SerialExecutor executor() {
        return executor;
    }

    // --- storage -------------------------------------------------------------------------------

    public boolean isDirty() {
        return dirty;
    }

    public void markDirty() {
        dirty = true;
    }

    public void clearDirty() {
        dirty = false;
    }

    /** The keys under which this session's dialogs are found (see {@link DialogKey}). */
    public Set<String> dialogKeys() {
        synchronized (dialogKeys) {
            return new HashSet<>(dialogKeys);
        }
    }

    void bindDialog(String key, SipSessionImpl session) {
        dialogKeys.add(key);
        context.store().bindDialog(key, session.getId());
        markDirty();
    }

    // --- SIP sessions --------------------------------------------------------------------------

    /** Creates a SIP session in this application session, e.g. for a new initial request. */
    public SipSessionImpl newSipSession(String callId) {
        checkValid();
        SipSessionImpl session;
        synchronized (sipSessions) {
            String sipSessionId = id + ';' + (nextSipSessionNumber++);
            session = new SipSessionImpl(sipSessionId, this, callId);
            sipSessions.put(sipSessionId, session);
        }
        markDirty();
        session.created();
        return session;
    }

    void removeSipSession(SipSessionImpl session) {
        sipSessions.remove(session.getId());
        markDirty();
        invalidateIfReady();
    }

    /**
     * When nothing keeps the session alive any more: tells the listeners it is ready to be
     * invalidated (they may keep it by clearing invalidateWhenReady), then invalidates it.
     */
    public void invalidateIfReady() {
        if (!valid || !invalidateWhenReady || !isReadyToInvalidate()) {
            return;
        }
        SipApplicationSessionEvent event = new SipApplicationSessionEvent(this);
        boolean failed = !ListenerCalls.each(context, SipApplicationSessionListener.class, "sessionReadyToInvalidate",
                l -> l.sessionReadyToInvalidate(event));
        // The listener may have kept the session or started something (a request, a timer): ready
        // again when that ends. One that failed is not left to live until expiry.
        if (valid && (failed || (invalidateWhenReady && isReadyToInvalidate()))) {
            invalidate();
        }
    }

    /** The application session id that a SIP session id belongs to. */
    public static String applicationSessionIdOf(String sipSessionId) {
        int semi = sipSessionId.lastIndexOf(';');
        return semi < 0 ? sipSessionId : sipSessionId.substring(0, semi);
    }

    /** Associates an HTTP session of the converged application (the HTTP server calls this). */
    public void addHttpSession(HttpSession session) {
        httpSessions.add(session);
    }

    /** Forgets an HTTP session, e.g. once it has been invalidated. */
    public void removeHttpSession(HttpSession session) {
        httpSessions.remove(session);
    }

    @Override
    public SipSessionImpl getSipSession(String sessionId) {
        checkValid();
        return sipSessions.get(sessionId);
    }

    @Override
    public Iterator<?> getSessions() {
        return getSessionSet().iterator();
    }

    @Override
    public Iterator<?> getSessions(String protocol) {
        checkValid();
        if ("SIP".equalsIgnoreCase(protocol)) {
            synchronized (sipSessions) {
                return new ArrayList<>(sipSessions.values()).iterator();
            }
        }
        if ("HTTP".equalsIgnoreCase(protocol)) {
            return new ArrayList<>(httpSessions).iterator();
        }
        throw new IllegalArgumentException("unknown protocol " + protocol);
    }

    @Override
    public Object getSession(String id, Protocol protocol) {
        checkValid();
        if (protocol == Protocol.HTTP) {
            for (HttpSession s : httpSessions) {
                if (s.getId().equals(id)) {
                    return s;
                }
            }
            return null;
        }
        return protocol == Protocol.SIP ? sipSessions.get(id) : null;
    }

    // --- attributes ----------------------------------------------------------------------------

    @Override
    public Object getAttribute(String name) {
        checkValid();
        return attributes.get(name);
    }

    @Override
    public Iterator<String> getAttributeNames() {
        checkValid();
        return new ArrayList<>(attributes.keySet()).iterator();
    }

    @Override
    public void setAttribute(String name, Object value) {
        checkValid();
        if (name == null || value == null) {
            throw new NullPointerException("attribute name and value must not be null");
        }
        Object old = attributes.put(name, value);
        markDirty();
        if (old == value) {
            return;
        }
        if (old instanceof SipApplicationSessionBindingListener l) {
            l.valueUnbound(new SipApplicationSessionBindingEvent(this, name));
        }
        if (value instanceof SipApplicationSessionBindingListener l) {
            l.valueBound(new SipApplicationSessionBindingEvent(this, name));
        }
        SipApplicationSessionBindingEvent event = new SipApplicationSessionBindingEvent(this, name);
        for (SipApplicationSessionAttributeListener l : context.listeners(SipApplicationSessionAttributeListener.class)) {
            if (old == null) {
                l.attributeAdded(event);
            } else {
                l.attributeReplaced(event);
            }
        }
    }

    @Override
    public void removeAttribute(String name) {
        checkValid();
        Object old = attributes.remove(name);
        if (old == null) {
            return;
        }
        markDirty();
        SipApplicationSessionBindingEvent event = new SipApplicationSessionBindingEvent(this, name);
        if (old instanceof SipApplicationSessionBindingListener l) {
            l.valueUnbound(event);
        }
        for (SipApplicationSessionAttributeListener l : context.listeners(SipApplicationSessionAttributeListener.class)) {
            l.attributeRemoved(event);
        }
    }

    // --- lifetime ------------------------------------------------------------------------------

    @Override
    public String getId() {
        return id;
    }

    @Override
    public String getApplicationName() {
        return applicationName;
    }

    @Override
    public long getCreationTime() {
        checkValid();
        return creationTime;
    }

    @Override
    public long getLastAccessedTime() {
        return lastAccessedTime;
    }

    /** Marks an access by a message or timer of this session. */
    public void access() {
        lastAccessedTime = now();
    }

    @Override
    public long getExpirationTime() {
        checkValid();
        return expirationTime == 0 ? 0 : expirationTime;
    }

    @Override
    public int setExpires(int deltaMinutes) {
        checkValid();
        expirationTime = deltaMinutes <= 0 ? 0 : now() + TimeUnit.MINUTES.toMillis(deltaMinutes);
        markDirty();
        scheduleExpiry();
        return deltaMinutes <= 0 ? Integer.MAX_VALUE : deltaMinutes;
    }

    /** Now by the context's clock (see {@link SessionContext#clock()}). */
    long now() {
        return context.clock().millis();
    }

    private synchronized void scheduleExpiry() {
        if (expiryTask != null) {
            expiryTask.cancel(false);
            expiryTask = null;
        }
        if (expirationTime > 0 && context != null) {
            long delay = Math.max(0, expirationTime - now());
            expiryTask = context.scheduler().schedule(this::checkExpiry, delay, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Expires this session if its expiration time has come by the context's clock, on its own
     * executor. The expiry task runs it; a test with a fake clock calls it after moving the clock.
     */
    public void checkExpiry() {
        executor.execute(this::expireIfDue);
    }

    private void expireIfDue() {
        if (!valid || expirationTime == 0) {
            return;
        }
        if (expirationTime > now()) {
            // woken early (the wall clock was set back): wait again rather than never expire
            scheduleExpiry();
            return;
        }
        SipApplicationSessionEvent event = new SipApplicationSessionEvent(this);
        ListenerCalls.each(context, SipApplicationSessionListener.class, "sessionExpired",
                l -> l.sessionExpired(event));
        // a listener may have extended the lifetime with setExpires (which scheduled the next check)
        if (valid && expirationTime != 0 && expirationTime <= now()) {
            invalidate();
        }
    }

    @Override
    public boolean isValid() {
        return valid;
    }

    @Override
    public void invalidate() {
        checkValid();
        List<SipSessionImpl> children;
        synchronized (sipSessions) {
            children = new ArrayList<>(sipSessions.values());
        }
        for (SipSessionImpl s : children) {
            if (s.isValid()) {
                s.invalidateFromParent();
            }
        }
        valid = false;
        for (HttpSession h : List.copyOf(httpSessions)) {
            try {
                h.invalidate();
            } catch (IllegalStateException alreadyInvalid) {
                // the HTTP side got there first
            }
        }
        httpSessions.clear();
        for (ServletTimer t : new ArrayList<>(timers.values())) {
            t.cancel();
        }
        synchronized (this) {
            if (expiryTask != null) {
                expiryTask.cancel(false);
            }
        }
        SipApplicationSessionEvent event = new SipApplicationSessionEvent(this);
        for (SipApplicationSessionListener l : context.listeners(SipApplicationSessionListener.class)) {
            l.sessionDestroyed(event);
        }
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            if (e.getValue() instanceof SipApplicationSessionBindingListener l) {
                l.valueUnbound(new SipApplicationSessionBindingEvent(this, e.getKey()));
            }
        }
        attributes.clear();
        context.store().remove(this);
    }

    @Override
    public boolean getInvalidateWhenReady() {
        checkValid();
        return invalidateWhenReady;
    }

    @Override
    public void setInvalidateWhenReady(boolean invalidateWhenReady) {
        checkValid();
        this.invalidateWhenReady = invalidateWhenReady;
        markDirty();
    }

    @Override
    public boolean isReadyToInvalidate() {
        checkValid();
        synchronized (sipSessions) {
            for (SipSessionImpl s : sipSessions.values()) {
                if (s.isValid() && !s.isReadyToInvalidate()) {
                    return false;
                }
            }
        }
        return timers.isEmpty();
    }

    /**
     * True while one of its SIP sessions has a transaction or dialog going on: what a graceful
     * shutdown waits for. Unlike {@link #isReadyToInvalidate()} timers do not count, so an
     * application's periodic timer cannot hold a shutdown for the whole drain time.
     */
    public boolean hasSipWorkInFlight() {
        List<SipSessionImpl> children;
        synchronized (sipSessions) {
            children = new ArrayList<>(sipSessions.values());
        }
        for (SipSessionImpl s : children) {
            try {
                if (s.isValid() && !s.isReadyToInvalidate()) {
                    return true;
                }
            } catch (IllegalStateException invalidatedMeanwhile) {
                // ended between the two calls: nothing in flight there
            }
        }
        return false;
    }

    // --- timers --------------------------------------------------------------------------------

    /** Registers a timer so getTimers and invalidation see it; the timer service calls this. */
    public void addTimer(ServletTimer timer) {
        timers.put(timer.getId(), timer);
        markDirty();
    }

    public void removeTimer(ServletTimer timer) {
        timers.remove(timer.getId());
        markDirty();
    }

    @Override
    public Collection<ServletTimer> getTimers() {
        checkValid();
        return List.copyOf(timers.values());
    }

    @Override
    public ServletTimer getTimer(String timerId) {
        checkValid();
        return timers.get(timerId);
    }

    // --- encoding ------------------------------------------------------------------------------

    @Override
    public void encodeURI(URI uri) {
        checkValid();
        uri.setParameter("sipappsessionid", id);
    }

    @Override
    public URL encodeURL(URL url) {
        checkValid();
        try {
            String sep = url.getQuery() == null ? "?" : "&";
            return new java.net.URI(url.toString() + sep + "sipappsessionid=" + java.net.URLEncoder.encode(id,
                    java.nio.charset.StandardCharsets.UTF_8)).toURL();
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot encode " + url, e);
        }
    }

    // --- SIP Servlet 2.0 ------------------------------------------------------------------------

    @Override
    public void clearAttributes() {
        checkValid();
        for (String name : new ArrayList<>(attributes.keySet())) {
            removeAttribute(name);
        }
    }

    @Override
    public Set<String> getAttributeNameSet() {
        checkValid();
        return Set.copyOf(attributes.keySet());
    }

    @Override
    public Set<?> getSessionSet() {
        checkValid();
        Set<Object> all;
        synchronized (sipSessions) {
            all = new java.util.LinkedHashSet<>(sipSessions.values());
        }
        all.addAll(httpSessions);
        return Collections.unmodifiableSet(all);
    }

    @Override
    public Set<?> getSessionSet(String protocol) {
        checkValid();
        if ("SIP".equalsIgnoreCase(protocol)) {
            synchronized (sipSessions) {
                return Set.copyOf(sipSessions.values());
            }
        }
        if ("HTTP".equalsIgnoreCase(protocol)) {
            return Set.copyOf(httpSessions);
        }
        throw new IllegalArgumentException("unknown protocol " + protocol);
    }

    @Override
    public void addIndexKey(String indexKey) {
        checkValid();
        indexKeys.add(indexKey);
        markDirty();
    }

    @Override
    public void removeIndexKey(String indexKey) {
        checkValid();
        indexKeys.remove(indexKey);
        markDirty();
    }

    @Override
    public Set<String> getIndexKeys() {
        checkValid();
        return Set.copyOf(indexKeys);
    }

    /**
     * Tasks submitted for this session to a container-managed executor (Jakarta Concurrency, with
     * the session's key as execution property): this container offers no managed executor, so no
     * task is ever tied to a session and the answer is, truthfully, none.
     */
    @Override
    public java.util.concurrent.Future<?> getTaskFuture(String id) {
        return null;
    }

    @Override
    public Set<java.util.concurrent.Future<?>> getTaskFutures() {
        return Set.of();
    }

    private void checkValid() {
        if (!valid) {
            throw new IllegalStateException("application session " + id + " has been invalidated");
        }
    }

    @Override
    public String toString() {
        return "SipApplicationSession[" + id + "]";
    }
}
