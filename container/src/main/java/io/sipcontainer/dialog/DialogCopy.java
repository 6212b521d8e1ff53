package io.sipcontainer.dialog;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sipcontainer.service.DialogLeg;

/**
 * A confirmed dialog as the cluster shares it ({@link ClusterDialogs}): everything
 * {@code dlg.list} shows and another node needs to end it or time it out, and the id of the
 * node that owns it (the one whose timer runs it). Written when the dialog is confirmed and
 * when its state, lifetime, variables or profiles change; removed when it ends.
 */
record DialogCopy(String owner, long hashEntry, long hashId, String callId, String fromUri, String toUri,
        String requestUri, List<String> caller, List<String> callee, int state, long initMillis, long startMillis,
        long deadlineMillis, long lifetimeSeconds, List<String> variables, List<String> profiles,
        String applicationSession) implements Serializable {

    private static final long serialVersionUID = 2L;
    /** Between a profile's name and its value in {@link #profiles}. */
    private static final char VALUE = '\u0000';

    /** The dialog as it is now, owned by {@code owner}. */
    static DialogCopy of(DialogImpl d, String owner) {
        List<String> profiles = new ArrayList<>();
        for (DialogImpl.Membership m : d.profiles()) {
            profiles.add(m.value() == null ? m.profile() : m.profile() + VALUE + m.value());
        }
        return new DialogCopy(owner, d.hashEntry(), d.hashId(), d.callId(), d.fromUri(), d.toUri(), d.requestUri(),
                leg(d.caller()), leg(d.callee()), d.state(), d.initMillis(), d.startMillis(), d.deadlineMillis(),
                d.lifetimeSeconds(),
                flat(d.variables()), profiles, d.applicationSession);
    }

    /** The same dialog owned by another node. */
    DialogCopy ownedBy(String node) {
        return new DialogCopy(node, hashEntry, hashId, callId, fromUri, toUri, requestUri, caller, callee, state,
                initMillis, startMillis, deadlineMillis, lifetimeSeconds, variables, profiles, applicationSession);
    }

    /** The key of a dialog in the shared map: its Call-ID and the caller's tag. */
    static String key(String callId, String callerTag) {
        return callId + '\n' + callerTag;
    }

    String key() {
        return key(callId, caller.get(0));
    }

    /** A dialog object with this state (not in any table; its profiles are given to {@code profiles}). */
    DialogImpl toDialog(DialogProfiles profiles) {
        DialogImpl d = DialogImpl.restored(hashEntry, hashId, callId, fromUri, toUri, requestUri, leg(caller),
                leg(callee), state, startMillis, deadlineMillis);
        d.copied(initMillis, lifetimeSeconds);
        d.applicationSession = applicationSession;
        for (int i = 0; i + 1 < variables.size(); i += 2) {
            d.putVariable(variables.get(i), variables.get(i + 1));
        }
        d.takeDirty();
        for (String p : this.profiles) {
            int at = p.indexOf(VALUE);
            String name = at < 0 ? p : p.substring(0, at);
            if (profiles.exists(name)) {
                profiles.add(d, name, at < 0 ? null : p.substring(at + 1));
            }
        }
        return d;
    }

    /**
     * The variables as name, value, name, value ... in their order: the map compares copies by
     * their serialized form (replace, remove), which a hash map's does not keep from one
     * deserialization to the next (its capacity is written too); a list's does.
     */
    private static List<String> flat(Map<String, String> variables) {
        List<String> out = new ArrayList<>(variables.size() * 2);
        variables.forEach((name, value) -> {
            out.add(name);
            out.add(value);
        });
        return out;
    }

    private static List<String> leg(DialogLeg leg) {
        return java.util.Arrays.asList(leg.tag(), leg.contact(), leg.cseq(), leg.routeSet(), leg.socket());
    }

    private static DialogLeg leg(List<String> f) {
        return new DialogLeg(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4));
    }
}
