package io.sipcontainer.dialog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kamailio's dialog profiles: named sets of dialogs, declared with or without a value
 * ({@code profiles_no_value}, {@code profiles_with_value}), counted by {@code get_profile_size}
 * and {@code dlg.profile_get_size}. A dialog leaves all its profiles when it ends.
 */
final class DialogProfiles {
    private static final String NO_VALUE = "";

    private final Set<String> noValue;
    private final Set<String> withValue;
    private final Map<String, Map<String, Set<DialogImpl>>> members = new ConcurrentHashMap<>();

    DialogProfiles(Set<String> noValue, Set<String> withValue) {
        this.noValue = noValue;
        this.withValue = withValue;
    }

    boolean exists(String profile) {
        return noValue.contains(profile) || withValue.contains(profile);
    }

    boolean hasValue(String profile) {
        return withValue.contains(profile);
    }

    void add(DialogImpl dialog, String profile, String value) {
        String v = checked(profile, value);
        Set<DialogImpl> set = members.computeIfAbsent(profile, p -> new ConcurrentHashMap<>())
                .computeIfAbsent(v, x -> ConcurrentHashMap.newKeySet());
        if (set.add(dialog)) {
            dialog.addProfile(new DialogImpl.Membership(profile, hasValue(profile) ? v : null));
        }
    }

    boolean remove(DialogImpl dialog, String profile, String value) {
        String v = checked(profile, value);
        Map<String, Set<DialogImpl>> byValue = members.get(profile);
        Set<DialogImpl> set = byValue == null ? null : byValue.get(v);
        if (set == null || !set.remove(dialog)) {
            return false;
        }
        dialog.removeProfile(new DialogImpl.Membership(profile, hasValue(profile) ? v : null));
        return true;
    }

    /** Takes an ended dialog out of every profile it was in. */
    void removeAll(DialogImpl dialog) {
        for (DialogImpl.Membership m : dialog.profiles()) {
            remove(dialog, m.profile(), m.value());
        }
    }

    /** Dialogs in a profile: with one value, or with any when {@code value} is null. */
    long size(String profile, String value) {
        if (!exists(profile)) {
            throw new IllegalArgumentException("Profile not found: " + profile);
        }
        Map<String, Set<DialogImpl>> byValue = members.get(profile);
        if (byValue == null) {
            return 0;
        }
        if (value == null || !hasValue(profile)) {
            long n = 0;
            for (Set<DialogImpl> s : byValue.values()) {
                n += s.size();
            }
            return n;
        }
        Set<DialogImpl> set = byValue.get(value);
        return set == null ? 0 : set.size();
    }

    /** The dialogs of a profile (with one value, or any), for {@code dlg.profile_list}. */
    List<DialogImpl> members(String profile, String value) {
        if (!exists(profile)) {
            throw new IllegalArgumentException("Profile not found: " + profile);
        }
        List<DialogImpl> out = new ArrayList<>();
        Map<String, Set<DialogImpl>> byValue = members.get(profile);
        if (byValue != null) {
            byValue.forEach((v, set) -> {
                if (value == null || !hasValue(profile) || v.equals(value)) {
                    out.addAll(set);
                }
            });
        }
        return out;
    }

    private String checked(String profile, String value) {
        if (!exists(profile)) {
            throw new IllegalArgumentException("Profile not found: " + profile);
        }
        if (hasValue(profile)) {
            if (value == null) {
                throw new IllegalArgumentException("profile " + profile + " needs a value");
            }
            return value;
        }
        return NO_VALUE;
    }
}
