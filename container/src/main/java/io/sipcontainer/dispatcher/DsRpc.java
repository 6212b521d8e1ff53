package io.sipcontainer.dispatcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;

/**
 * The dispatcher's administration commands with Kamailio's names, parameters, result shapes and
 * faults: {@code dispatcher.list [short|full]}, {@code dispatcher.set_state <state> <set>
 * <uri|all>}, {@code dispatcher.reload}, {@code dispatcher.ping_active [0|1]},
 * {@code dispatcher.add <set> <uri> [flags [priority [attrs]]]}, {@code dispatcher.remove <set>
 * <uri>} (both in memory only) and {@code dispatcher.hash <nslots> <v1> [v2]}.
 */
final class DsRpc {
    static final List<String> METHODS = List.of("dispatcher.list", "dispatcher.set_state", "dispatcher.reload",
            "dispatcher.ping_active", "dispatcher.add", "dispatcher.remove", "dispatcher.hash");

    private final Dispatcher ds;
    private final Runnable listChanged;

    private DsRpc(Dispatcher ds, Runnable listChanged) {
        this.ds = ds;
        this.listChanged = listChanged;
    }

    static void register(RpcRegistry rpc, Dispatcher ds, Runnable listChanged) {
        DsRpc r = new DsRpc(ds, listChanged);
        rpc.registerReadOnly("dispatcher.list", "Return the content of dispatcher sets", r::list);
        rpc.register("dispatcher.set_state", "Set the state of a destination by address", r::setState);
        rpc.register("dispatcher.reload", "Reload dispatcher destination sets", r::reload);
        rpc.register("dispatcher.ping_active", "Manage setting on/off the pinging (keepalive) of destinations",
                r::pingActive);
        rpc.register("dispatcher.add", "Add a destination address in memory", r::add);
        rpc.register("dispatcher.remove", "Remove a destination address from memory", r::remove);
        rpc.registerReadOnly("dispatcher.hash", "Compute the hash if the values", r::hash);
    }

    static void unregister(RpcRegistry rpc) {
        METHODS.forEach(rpc::unregister);
    }

    Object list(RpcParams p) throws RpcException {
        String mode = p.string(0, "");
        boolean shortMode = "short".equalsIgnoreCase(mode);
        boolean full = "full".equalsIgnoreCase(mode);
        DsList list = ds.list();
        if (list.sets().isEmpty()) {
            throw new RpcException(500, "No Destination Sets");
        }
        List<Object> records = new ArrayList<>();
        for (DestSet set : list.sets().values()) {
            List<Object> targets = new ArrayList<>();
            synchronized (set) {
                for (Dest d : set.dests) {
                    targets.add(Map.of("DEST", dest(d, shortMode, full)));
                }
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("ID", set.id);
            s.put("TARGETS", targets);
            records.add(Map.of("SET", s));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("NRSETS", list.sets().size());
        out.put("RECORDS", records);
        return out;
    }

    private Map<String, Object> dest(Dest d, boolean shortMode, boolean full) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("URI", d.uri());
        m.put("FLAGS", DsFlags.text(d.flags));
        m.put("PRIORITY", d.priority());
        Attrs a = d.attrs();
        if (!shortMode && !a.body().isEmpty() || full) {
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("BODY", a.body());
            attrs.put("DUID", nz(a.duid()));
            attrs.put("MAXLOAD", a.maxload());
            attrs.put("WEIGHT", a.weight());
            attrs.put("RWEIGHT", a.rweight());
            attrs.put("SOCKET", nz(a.socket()));
            attrs.put("SOCKNAME", nz(a.sockname()));
            attrs.put("OBPROXY", nz(a.obproxy()));
            m.put("ATTRS", attrs);
        }
        if (ds.settings().latencyStats()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("AVG", round(d.latency.average));
            l.put("STD", round(d.latency.stdev));
            l.put("EST", round(d.latency.estimate));
            l.put("MAX", d.latency.max);
            l.put("TIMEOUT", d.latency.timeouts);
            m.put("LATENCY", l);
        }
        if (ds.loadTable() != null) {
            m.put("RUNTIME", Map.of("DLGLOAD", d.load));
        }
        return m;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    Object setState(RpcParams p) throws RpcException {
        if (p.size() < 3) {
            throw new RpcException(500, "Invalid Parameters");
        }
        String state = p.string(0);
        if (state.isEmpty()) {
            throw new RpcException(500, "Invalid State Parameter");
        }
        int bits = DsFlags.parseState(state);
        if (bits < 0) {
            throw new RpcException(500, "Unknown State Value");
        }
        int set = (int) integer(p, 1);
        String dest = p.string(2);
        // Kamailio answers Ok for "all" even when the set does not exist
        if (!ds.setState(set, dest, bits) && !"all".equals(dest)) {
            throw new RpcException(500, "State Update Failed");
        }
        return "Ok. Dispatcher state updated.";
    }

    Object reload(RpcParams p) throws RpcException {
        try {
            ds.reloadEverywhere();
        } catch (ConfigException e) {
            throw new RpcException(500, "Reload Failed");
        }
        listChanged.run();
        return "Ok. Dispatcher successfully reloaded.";
    }

    Object pingActive(RpcParams p) throws RpcException {
        int old = ds.pingActive() ? 1 : 0;
        Map<String, Object> out = new LinkedHashMap<>();
        if (p.size() == 0) {
            out.put("OldPingState", old);
            return out;
        }
        long state = p.integer(0);
        ds.pingActive(state != 0);
        out.put("NewPingState", state);
        out.put("OldPingState", old);
        return out;
    }

    Object add(RpcParams p) throws RpcException {
        if (p.size() < 2) {
            throw new RpcException(500, "Invalid Parameters");
        }
        String[] fields = new String[Math.min(p.size(), 5)];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = p.string(i);
        }
        try {
            ds.addEverywhere(fields);
        } catch (ConfigException e) {
            throw new RpcException(500, "Adding dispatcher dst failed");
        }
        listChanged.run();
        return "Ok. Dispatcher destination added.";
    }

    Object remove(RpcParams p) throws RpcException {
        if (p.size() < 2) {
            throw new RpcException(500, "Invalid Parameters");
        }
        String uri;
        try {
            uri = ListFile.uri(p.string(1), "dispatcher.remove", 0);
        } catch (ConfigException e) {
            throw new RpcException(500, "Removing dispatcher dst failed");
        }
        ds.removeEverywhere((int) integer(p, 0), uri); // Kamailio answers Ok when there was nothing to remove
        listChanged.run();
        return "Ok. Dispatcher destination removed.";
    }

    Object hash(RpcParams p) throws RpcException {
        if (p.size() < 2) {
            throw new RpcException(500, "Invalid Parameters");
        }
        long slots = integer(p, 0);
        int h = SerHash.hash(p.string(1), p.size() > 2 ? p.string(2) : null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hashid", Integer.toUnsignedLong(h));
        out.put("slot", slots > 0 ? Long.remainderUnsigned(Integer.toUnsignedLong(h), slots) : 0L);
        return out;
    }

    private static long integer(RpcParams p, int index) throws RpcException {
        try {
            return p.integer(index);
        } catch (RpcException e) {
            throw new RpcException(500, "Invalid Parameters");
        }
    }
}
