package io.sipcontainer.dispatcher;

import java.util.List;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.DispatcherService;

/**
 * What the web console may change in the dispatcher, registered for the container's own parts
 * (not in {@code io.sipcontainer.service}, so applications cannot reach it): set a state, add or
 * remove a destination in memory, reload.
 */
public final class DispatcherAdmin {
    private final Dispatcher ds;
    private final Runnable listChanged;

    DispatcherAdmin(Dispatcher ds, Runnable listChanged) {
        this.ds = ds;
        this.listChanged = listChanged;
    }

    public DispatcherService service() {
        return ds;
    }

    /** {@code dispatcher.set_state}; false for an unknown state, set or destination. */
    public boolean setState(int setId, String uri, String state) {
        int bits = DsFlags.parseState(state);
        return bits >= 0 && ds.setState(setId, uri, bits);
    }

    /** {@code dispatcher.add}; the reason when the fields are bad. */
    public void add(int setId, String uri, int flags, int priority, String attrs) throws ConfigException {
        String[] fields = attrs == null || attrs.isBlank()
                ? new String[] {Integer.toString(setId), uri, Integer.toString(flags), Integer.toString(priority)}
                : new String[] {Integer.toString(setId), uri, Integer.toString(flags), Integer.toString(priority),
                    attrs.strip()};
        ds.add(ListFile.entry(fields, "console", 0));
        listChanged.run();
    }

    public boolean remove(int setId, String uri) {
        boolean removed = ds.remove(setId, uri);
        listChanged.run();
        return removed;
    }

    public void reload() throws ConfigException {
        ds.reload();
        listChanged.run();
    }

    /** The latency average of a destination in ms, or -1 without {@code ds_ping_latency_stats}. */
    public long latency(int setId, String uri) {
        DestSet set = ds.list().set(setId);
        Dest d = set == null ? null : set.find(uri);
        if (d == null || !ds.settings().latencyStats()) {
            return -1;
        }
        synchronized (set) {
            return Math.round(d.latency.average);
        }
    }

    /** Calls sent to and failed over from a destination: {calls, failedOver}. */
    public List<Long> counts(int setId, String uri) {
        DestSet set = ds.list().set(setId);
        Dest d = set == null ? null : set.find(uri);
        return d == null ? List.of(0L, 0L) : List.of(d.calls.get(), d.failovers.get());
    }
}
