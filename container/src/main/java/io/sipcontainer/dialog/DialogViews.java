package io.sipcontainer.dialog;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.sipcontainer.service.DialogService;

/**
 * This node's view of the other nodes' shared dialogs ({@link ClusterDialogs}): a copy of each,
 * in a table and profiles of its own, with the node that owns it. Fed by the shared map's entry
 * events, read by listings, look-ups and profile sizes, so those never ask the cluster.
 */
final class DialogViews {
    private final DialogTable table;
    private final DialogProfiles profiles;
    private final Map<String, DialogImpl> byKey = new ConcurrentHashMap<>();
    /** The owner of each viewed dialog. */
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    DialogViews(DialogSettings settings) {
        this.table = new DialogTable(settings.hashSize());
        this.profiles = new DialogProfiles(settings.profilesNoValue(), settings.profilesWithValue());
    }

    /** Shows {@code c} under {@code key} in place of what was there; {@code onVariables} hears of an application's change. */
    synchronized void show(String key, DialogCopy c, Consumer<DialogImpl> onVariables) {
        hide(key);
        DialogImpl v = c.toDialog(profiles);
        v.onVariableChange(onVariables);
        byKey.put(key, v);
        owners.put(key, c.owner());
        table.add(v);
    }

    synchronized void hide(String key) {
        DialogImpl old = byKey.remove(key);
        owners.remove(key);
        if (old != null) {
            table.remove(old);
            profiles.removeAll(old);
        }
    }

    DialogImpl find(String callId, String tagA, String tagB) {
        return table.find(callId, tagA, tagB);
    }

    DialogImpl find(long entry, long id) {
        return table.find(entry, id);
    }

    /** True when {@code d} is the view shown under its key (not this node's own dialog). */
    boolean isView(DialogImpl d) {
        return byKey.get(DialogCopy.key(d.callId(), d.callerTag())) == d;
    }

    Collection<DialogImpl> all() {
        return table.all();
    }

    int size() {
        return byKey.size();
    }

    /** Those confirmed (early ones are shown too when the cluster shares them). */
    int confirmed() {
        int n = 0;
        for (DialogImpl d : table.all()) {
            int s = d.state();
            n += s == DialogService.CONFIRMED || s == DialogService.CONFIRMED_NO_ACK ? 1 : 0;
        }
        return n;
    }

    long profileSize(String profile, String value) {
        return profiles.size(profile, value);
    }

    List<DialogImpl> profileMembers(String profile, String value) {
        return profiles.members(profile, value);
    }

    /** Each shown key with its owner. */
    void forEachOwner(BiConsumer<String, String> each) {
        owners.forEach(each);
    }
}
