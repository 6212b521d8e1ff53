package io.sipcontainer.dialog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.sipcontainer.service.DialogLeg;
import io.sipcontainer.service.DialogService;
import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;

/**
 * The dialog module's administration commands with Kamailio's names, parameters, result shapes
 * and faults: {@code dlg.list}, {@code dlg.list_ctx}, {@code dlg.dlg_list}, {@code dlg.list_match},
 * {@code dlg.end_dlg}, {@code dlg.terminate_dlg}, {@code dlg.profile_get_size},
 * {@code dlg.profile_list}, {@code dlg.stats_active} and {@code dlg.briefing}.
 */
final class DialogRpc {
    static final List<String> METHODS = List.of("dlg.list", "dlg.list_ctx", "dlg.dlg_list", "dlg.list_match",
            "dlg.end_dlg", "dlg.terminate_dlg", "dlg.profile_get_size", "dlg.profile_list", "dlg.stats_active",
            "dlg.briefing");

    private final DialogTracker tracker;

    private DialogRpc(DialogTracker tracker) {
        this.tracker = tracker;
    }

    static void register(RpcRegistry rpc, DialogTracker tracker) {
        DialogRpc r = new DialogRpc(tracker);
        rpc.registerReadOnly("dlg.list", "Print all dialog information", p -> r.all(false));
        rpc.registerReadOnly("dlg.list_ctx", "Print all dialog information including context", p -> r.all(true));
        rpc.registerReadOnly("dlg.dlg_list", "Print dialog based on callid and fromtag", r::byCallId);
        rpc.registerReadOnly("dlg.list_match", "Print matching dialogs", r::match);
        rpc.register("dlg.end_dlg", "End a given dialog based on [h_entry] [h_id]", r::endDlg);
        rpc.register("dlg.terminate_dlg", "End a given dialog based on callid, from tag and to tag", r::terminate);
        rpc.registerReadOnly("dlg.profile_get_size", "Returns the number of dialogs belonging to a profile", r::profileSize);
        rpc.registerReadOnly("dlg.profile_list", "Lists all the dialogs belonging to a profile", r::profileList);
        rpc.registerReadOnly("dlg.stats_active", "Get stats about active dialogs", p -> r.statsActive());
        rpc.registerReadOnly("dlg.briefing", "Print dialog information in brief format", p -> r.briefing());
    }

    static void unregister(RpcRegistry rpc) {
        METHODS.forEach(rpc::unregister);
    }

    private Object all(boolean ctx) {
        List<Object> out = new ArrayList<>();
        for (DialogImpl d : tracker.ownership().all()) {
            out.add(entry(d, ctx));
        }
        return out;
    }

    private Object byCallId(RpcParams p) throws RpcException {
        String callId = p.string(0);
        String fromTag = p.string(1, null);
        List<Object> out = new ArrayList<>();
        for (DialogImpl d : tracker.ownership().all()) {
            if (d.callId().equals(callId) && (fromTag == null || d.callerTag().equals(fromTag))) {
                out.add(entry(d, false));
            }
        }
        return out;
    }

    private Object match(RpcParams p) throws RpcException {
        String key = p.string(0);
        String op = p.string(1);
        String value = p.string(2);
        long limit = p.integer(3, 0);
        if (!List.of("ruri", "furi", "turi", "callid", "start_ts").contains(key)) {
            throw new RpcException(500, "Invalid matching key parameter");
        }
        if (!List.of("eq", "re", "sw", "gt", "lt").contains(op)) {
            throw new RpcException(500, "Invalid matching operator parameter");
        }
        Pattern re = null;
        if ("re".equals(op)) {
            try {
                re = Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new RpcException(500, "Invalid regular expression");
            }
        }
        List<Object> out = new ArrayList<>();
        for (DialogImpl d : tracker.ownership().all()) {
            if (matches(d, key, op, value, re) && (limit <= 0 || out.size() < limit)) {
                out.add(entry(d, false));
            }
        }
        return out;
    }

    private static boolean matches(DialogImpl d, String key, String op, String value, Pattern re)
            throws RpcException {
        if ("start_ts".equals(key)) {
            long v;
            try {
                v = Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                throw new RpcException(500, "Invalid matching value parameter");
            }
            long ts = d.startTime();
            return switch (op) {
                case "eq" -> ts == v;
                case "gt" -> ts > v;
                case "lt" -> ts < v;
                default -> throw new RpcException(500, "Invalid matching operator parameter");
            };
        }
        String s = switch (key) {
            case "ruri" -> d.requestUri();
            case "furi" -> d.fromUri();
            case "turi" -> d.toUri();
            default -> d.callId();
        };
        return switch (op) {
            case "eq" -> s.equals(value);
            case "sw" -> s.startsWith(value);
            case "re" -> re.matcher(s).find();
            default -> throw new RpcException(500, "Invalid matching operator parameter");
        };
    }

    private Object endDlg(RpcParams p) throws RpcException {
        long entry;
        long id;
        try {
            entry = p.integer(0);
            id = p.integer(1);
        } catch (RpcException e) {
            throw new RpcException(500, "Invalid parameters");
        }
        DialogImpl d = tracker.ownership().findAny(entry, id);
        if (d == null) {
            throw new RpcException(404, "Dialog not found");
        }
        d = tracker.ownership().owned(d); // another node's dialog: taken over, then ended from here
        if (d == null) {
            throw new RpcException(404, "Dialog not found");
        }
        if (!tracker.transitions().endWithBye(d)) {
            throw new RpcException(500, "Dialog not confirmed");
        }
        return null;
    }

    private Object terminate(RpcParams p) throws RpcException {
        if (p.size() < 3) {
            throw new RpcException(500, "Invalid parameters");
        }
        String callId = p.string(0);
        String fromTag = p.string(1);
        String toTag = p.string(2);
        DialogImpl d = tracker.ownership().findAny(callId, fromTag);
        if (d == null || !d.callee().tag().equals(toTag) || (d = tracker.ownership().owned(d)) == null) {
            throw new RpcException(404, "Dialog not found");
        }
        if (!tracker.transitions().endWithBye(d)) {
            throw new RpcException(500, "Dialog not confirmed");
        }
        return null;
    }

    private Object profileSize(RpcParams p) throws RpcException {
        String profile = p.string(0);
        if (!tracker.profiles().exists(profile)) {
            throw new RpcException(404, "Profile not found: " + profile);
        }
        return tracker.profileSize(profile, p.string(1, null));
    }

    private Object profileList(RpcParams p) throws RpcException {
        String profile = p.string(0);
        if (!tracker.profiles().exists(profile)) {
            throw new RpcException(404, "Profile not found: " + profile);
        }
        List<Object> out = new ArrayList<>();
        for (DialogImpl d : tracker.ownership().profileMembers(profile, p.string(1, null))) {
            out.add(entry(d, false));
        }
        return out;
    }

    private Object statsActive() {
        int[] n = new int[5];
        for (DialogImpl d : tracker.ownership().all()) {
            int s = d.state();
            if (s >= 1 && s <= 4) {
                n[s]++;
                n[0]++;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("starting", n[DialogService.UNCONFIRMED]);
        m.put("connecting", n[DialogService.EARLY]);
        m.put("answering", n[DialogService.CONFIRMED_NO_ACK]);
        m.put("ongoing", n[DialogService.CONFIRMED]);
        m.put("all", n[0]);
        return m;
    }

    private Object briefing() {
        List<Object> out = new ArrayList<>();
        for (DialogImpl d : tracker.ownership().all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("h_entry", d.hashEntry());
            m.put("h_id", d.hashId());
            m.put("call-id", d.callId());
            m.put("from_uri", d.fromUri());
            m.put("to_uri", d.toUri());
            m.put("state", d.state());
            m.put("start_ts", d.startTime());
            m.put("timeout", d.deadlineMillis() / 1000);
            out.add(m);
        }
        return out;
    }

    /** One dialog as Kamailio's dlg.list prints it (with the context part for dlg.list_ctx). */
    static Map<String, Object> entry(DialogImpl d, boolean ctx) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("h_entry", d.hashEntry());
        m.put("h_id", d.hashId());
        m.put("ref", 1);
        m.put("call-id", d.callId());
        m.put("from_uri", d.fromUri());
        m.put("to_uri", d.toUri());
        int state = d.state();
        m.put("state", state);
        long start = d.startTime();
        long end = d.endTime();
        m.put("start_ts", start);
        m.put("init_ts", d.initTime());
        m.put("end_ts", end);
        m.put("duration", start == 0 ? 0 : (end > 0 ? end : now) - start);
        m.put("timeout", state == DialogService.DELETED ? 0 : d.deadlineMillis() / 1000);
        m.put("lifetime", d.lifetimeSeconds());
        m.put("dflags", 0);
        m.put("sflags", 0);
        m.put("iflags", 0);
        m.put("caller", leg(d.caller()));
        m.put("callee", leg(d.callee()));
        List<Object> profiles = new ArrayList<>();
        for (DialogImpl.Membership p : d.profiles()) {
            profiles.add(Map.of(p.profile(), p.value() == null ? "" : p.value()));
        }
        m.put("profiles", profiles);
        List<Object> vars = new ArrayList<>();
        d.variables().forEach((k, v) -> vars.add(Map.of(k, v)));
        m.put("variables", vars);
        if (ctx) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("set", 0);
            c.put("flags", 0);
            c.put("to_bye", 0);
            c.put("timeout", 0);
            m.put("context", c);
        }
        return m;
    }

    private static Map<String, Object> leg(DialogLeg leg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tag", leg.tag());
        m.put("contact", leg.contact());
        m.put("cseq", leg.cseq());
        m.put("route_set", leg.routeSet());
        m.put("socket", leg.socket());
        return m;
    }
}
