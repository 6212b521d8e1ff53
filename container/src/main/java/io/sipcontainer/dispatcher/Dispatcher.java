package io.sipcontainer.dispatcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;

import jakarta.servlet.sip.SipServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.DispatcherService;

/**
 * The container's {@link DispatcherService}: the destination list in force (swapped whole on a
 * reload, add or remove), selection, state changes, call load and the probe round. Selection and
 * state changes lock one set; the list itself is a volatile reference.
 */
final class Dispatcher implements DispatcherService {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** Where the destinations come from: the list file or the table. */
    @FunctionalInterface
    interface Source {
        List<ListEntry> load() throws ConfigException;
    }

    private final DsSettings settings;
    private final Source source;
    private final RandomGenerator random;
    private final Selector selector;
    private final StateMachine states;
    private final LoadTable load;
    private final PvTemplate pvar;
    private volatile DsList list = DsList.EMPTY;
    private volatile boolean pingActive = true;
    private volatile Prober prober;
    private volatile long probeTimeoutMillis;
    private final ScheduledExecutorService timer;
    private volatile SharedDestStates shared;

    Dispatcher(DsSettings settings, Source source, RandomGenerator random, ScheduledExecutorService timer) {
        this.settings = settings;
        this.source = source;
        this.random = random;
        this.timer = timer;
        this.load = settings.hashSize() > 0 ? new LoadTable(settings.hashExpireSeconds()) : null;
        this.selector = new Selector(settings.flags(), settings.useDefault(), random, load);
        this.states = new StateMachine(settings);
        this.pvar = settings.hashPvar().isEmpty() ? null : PvTemplate.compile(settings.hashPvar());
    }

    DsSettings settings() {
        return settings;
    }

    /** Shares destination states with the other nodes of a cluster (the component, at start). */
    void share(SharedDestStates states) {
        this.shared = states;
        states.start();
    }

    /** The server stops: state changes not yet shared are written. */
    void close() {
        SharedDestStates s = shared;
        if (s != null) {
            s.close();
        }
    }

    /** Reads the source again and switches to it (start-up and {@code dispatcher.reload}). */
    void reload() throws ConfigException {
        synchronized (this) {
            list = DsList.build(source.load(), list, random);
        }
        SharedDestStates s = shared;
        if (s != null) {
            s.applyAll(); // new destinations take the cluster's state
        }
    }

    /** {@code dispatcher.reload}: here, and on every other node of the cluster. */
    void reloadEverywhere() throws ConfigException {
        reload();
        SharedDestStates s = shared;
        if (s != null) {
            s.reloaded();
        }
    }

    /** The state bits another node gave {@code "<set> <uri>"}; ignored when this node has no such destination. */
    void applyState(String key, int bits) {
        int space = key.indexOf(' ');
        DestSet set;
        try {
            set = list.set(Integer.parseInt(key.substring(0, space)));
        } catch (RuntimeException e) {
            return;
        }
        Dest d = set == null ? null : set.find(key.substring(space + 1));
        if (d == null) {
            return;
        }
        synchronized (set) {
            if ((d.flags & DsFlags.STATES) != bits) {
                changed(set, d, StateMachine.reinit(d, bits));
            }
        }
    }

    void forEachDest(java.util.function.ObjIntConsumer<Dest> each) {
        for (Map.Entry<Integer, DestSet> e : list.sets().entrySet()) {
            synchronized (e.getValue()) {
                for (Dest d : e.getValue().dests) {
                    each.accept(d, e.getKey());
                }
            }
        }
    }

    /** Tells the cluster when {@code d}'s state bits differ from {@code before}. */
    private void share(int setId, Dest d, int before) {
        SharedDestStates s = shared;
        if (s != null && ((before ^ d.flags) & DsFlags.STATES) != 0) {
            s.changed(setId, d);
        }
    }

    DsList list() {
        return list;
    }

    LoadTable loadTable() {
        return load;
    }

    // --- DispatcherService ---------------------------------------------------------------------

    @Override
    public Selection select(int setId, int algorithm, SipServletRequest request, int limit) {
        return select(setId, algorithm, new SipRequestKeys(request, pvar), limit);
    }

    Selection select(int setId, int algorithm, RequestKeys keys, int limit) {
        DestSet set = list.set(setId);
        if (set == null) {
            return new Selection(setId, algorithm, List.of(), false);
        }
        Selector.Choice choice = selector.select(set, algorithm, keys, limit);
        List<Target> targets = new ArrayList<>(choice.dests().size());
        for (Dest d : choice.dests()) {
            targets.add(new Target(setId, d.uri(), d.attrs().duid(), d.attrs().all()));
        }
        if (!choice.dests().isEmpty()) {
            choice.dests().get(0).calls.incrementAndGet();
            if (choice.parallel()) {
                choice.dests().subList(1, choice.dests().size()).forEach(d -> d.calls.incrementAndGet());
            }
        }
        return new Selection(setId, algorithm, targets, choice.parallel());
    }

    @Override
    public boolean mark(int setId, String uri, String state) {
        int bits = DsFlags.parseState(state);
        DestSet set = list.set(setId);
        Dest d = set == null ? null : set.find(uri);
        if (bits < 0 || d == null) {
            return false;
        }
        int before;
        synchronized (set) {
            before = d.flags;
            changed(set, d, states.update(d, bits));
        }
        share(setId, d, before);
        return true;
    }

    @Override
    public void failedOver(int setId, String failedUri, String nextUri, String callId) {
        DestSet set = list.set(setId);
        if (set == null) {
            return;
        }
        Dest failed = set.find(failedUri);
        if (failed != null) {
            failed.failovers.incrementAndGet();
        }
        Dest next = nextUri == null ? null : set.find(nextUri);
        if (next != null) {
            next.calls.incrementAndGet();
            if (load != null) {
                load.replace(callId, next);
            }
        } else if (load != null) {
            load.remove(callId);
        }
    }

    @Override
    public void callEnded(String callId) {
        if (load != null) {
            load.remove(callId);
        }
    }

    @Override
    public List<Integer> setIds() {
        return List.copyOf(list.sets().keySet());
    }

    @Override
    public List<Destination> destinations(int setId) {
        DestSet set = list.set(setId);
        if (set == null) {
            return List.of();
        }
        List<Destination> out = new ArrayList<>();
        synchronized (set) {
            for (Dest d : set.dests) {
                out.add(new Destination(setId, d.uri(), d.flags, d.priority(), d.attrs().body(),
                        DsFlags.text(d.flags)));
            }
        }
        return out;
    }

    @Override
    public void prober(Prober p, Duration timeout) {
        this.probeTimeoutMillis = timeout == null ? 0 : timeout.toMillis();
        this.prober = p;
    }

    // --- administration ------------------------------------------------------------------------

    /** {@code dispatcher.set_state}: false when the set or destination is unknown. */
    boolean setState(int setId, String uri, int bits) {
        DestSet set = list.set(setId);
        if (set == null) {
            return false;
        }
        List<Dest> touched = new ArrayList<>();
        List<Integer> before = new ArrayList<>();
        synchronized (set) {
            for (Dest d : "all".equals(uri) ? List.of(set.dests) : java.util.Collections.singletonList(set.find(uri))) {
                if (d == null) {
                    return false;
                }
                touched.add(d);
                before.add(d.flags);
                changed(set, d, StateMachine.reinit(d, bits));
            }
        }
        for (int i = 0; i < touched.size(); i++) {
            share(setId, touched.get(i), before.get(i));
        }
        return true;
    }

    /** {@code dispatcher.add} here and on every other node of the cluster ({@code fields} as given). */
    void addEverywhere(String[] fields) throws ConfigException {
        add(ListFile.entry(fields, "dispatcher.add", 0));
        SharedDestStates s = shared;
        if (s != null) {
            s.applyAll(); // the new destination takes the cluster's state, if it has one
            s.edited("add", List.of(fields));
        }
    }

    /** {@code dispatcher.remove} here and on every other node of the cluster. */
    boolean removeEverywhere(int setId, String uri) {
        boolean removed = remove(setId, uri);
        SharedDestStates s = shared;
        if (s != null) {
            s.edited("remove", List.of(Integer.toString(setId), uri));
        }
        return removed;
    }

    /** {@code dispatcher.add}: the list with one more destination (memory only). */
    synchronized void add(ListEntry entry) {
        List<ListEntry> entries = new ArrayList<>(list.entries());
        entries.add(entry);
        list = DsList.build(entries, list, random);
    }

    /** {@code dispatcher.remove}: false when the set has no such destination. */
    synchronized boolean remove(int setId, String uri) {
        List<ListEntry> entries = new ArrayList<>(list.entries());
        boolean removed = entries.removeIf(e -> e.setId() == setId && e.uri().equals(uri));
        if (removed) {
            list = DsList.build(entries, list, random);
        }
        return removed;
    }

    boolean pingActive() {
        return pingActive;
    }

    void pingActive(boolean active) {
        pingActive = active;
    }

    // --- probing -------------------------------------------------------------------------------

    /** One round of the probe timer: an OPTIONS to each destination the probing mode selects. */
    void probeRound() {
        Prober p = prober;
        SharedDestStates s = shared;
        if (p == null || !pingActive || s != null && !s.probes()) {
            return; // in a cluster one node probes for all
        }
        for (Map.Entry<Integer, DestSet> e : list.sets().entrySet()) {
            DestSet set = e.getValue();
            for (Dest d : set.dests) {
                synchronized (set) {
                    if (!states.shouldProbe(d)) {
                        continue;
                    }
                }
                probe(p, e.getKey(), d);
            }
        }
    }

    /**
     * Sends one probe; its answer or its timeout, whichever comes first, is applied once (a probe
     * may still be unanswered when the next round sends another, as with tm's transactions).
     */
    private void probe(Prober p, int setId, Dest d) {
        String from = d.attrs().pingFrom() != null ? d.attrs().pingFrom() : settings.pingFrom();
        long start = System.nanoTime();
        AtomicBoolean done = new AtomicBoolean();
        ProbeResult result = code -> {
            if (done.compareAndSet(false, true)) {
                probed(setId, d, start, code);
            }
        };
        try {
            p.ping(d.uri(), from, result);
        } catch (RuntimeException ex) {
            LOG.debug("OPTIONS to {} could not be sent: {}", d.uri(), ex.toString());
            result.status(500); // Kamailio: "Sending keepalive failed"
            return;
        }
        long timeout = probeTimeoutMillis;
        if (timeout > 0) {
            timer.schedule(() -> result.status(408), timeout, TimeUnit.MILLISECONDS);
        }
    }

    /** The answer to a probe sent at {@code start} (nanoTime) to {@code d}. */
    void probed(int setId, Dest d, long start, int code) {
        DestSet set = list.set(setId);
        if (set == null || !contains(set, d)) {
            return; // removed by a reload meanwhile
        }
        int before;
        synchronized (set) {
            before = d.flags;
            if (code != 408) {
                d.lastLatencyMillis = (System.nanoTime() - start) / 1_000_000;
            }
            if (settings.latencyStats() && (d.flags & DsFlags.PROBING) != 0) {
                if (code == 408) {
                    d.latency.timeouts++;
                } else {
                    d.latency.update((int) ((System.nanoTime() - start) / 1_000_000), settings.latencyAlpha());
                }
            }
            changed(set, d, states.probed(d, code));
        }
        share(setId, d, before);
    }

    private static boolean contains(DestSet set, Dest d) {
        for (Dest x : set.dests) {
            if (x == d) {
                return true;
            }
        }
        return false;
    }

    /** After a state change: the rweight table and the dst-up / dst-down event. */
    private static void changed(DestSet set, Dest d, boolean usableChanged) {
        if (!usableChanged) {
            return;
        }
        if (d.attrs().rweight() > 0) {
            set.initRelativeWeights();
        }
        LOG.info("dispatcher: {} in set {} is {} (event_route[dispatcher:{}])", d.uri(), set.id,
                DsFlags.skip(d.flags) ? "down" : "up", DsFlags.skip(d.flags) ? "dst-down" : "dst-up");
    }
}

