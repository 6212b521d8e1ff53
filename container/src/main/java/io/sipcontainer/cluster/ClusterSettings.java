package io.sipcontainer.cluster;

import java.util.ArrayList;
import java.util.List;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

/**
 * The {@code cluster.*} settings: whether the node keeps its shared state (sessions of confirmed
 * dialogs, location, nonces) in an embedded Hazelcast member, or as a client of an existing
 * Hazelcast cluster, and how members find each other.
 *
 * @param enabled        false: every map is a plain in-memory map of this node
 * @param client         true: join {@code members} as a Hazelcast client instead of being a member
 * @param name           the Hazelcast cluster name; nodes with another name never join
 * @param host           the address the member binds and advertises (default loopback)
 * @param port           the member port (5701 as Hazelcast's; 0 picks a free one)
 * @param members        other members to join, {@code host[:port]}; empty: a cluster of one
 * @param backupCount    synchronous backups of each entry (1: a node may die without losing state)
 * @param replicateEarly also replicate sessions of early dialogs (default: confirmed dialogs only)
 */
public record ClusterSettings(boolean enabled, boolean client, String name, String host, int port,
        List<String> members, int backupCount, boolean replicateEarly) {

    public static ClusterSettings read(ModuleParams p) throws ConfigException {
        boolean enabled = p.bool("enable", true);
        boolean client = "client".equals(p.oneOf("mode", "member", "member", "client"));
        String name = p.string("name", "sipcontainer").strip();
        if (name.isEmpty()) {
            throw p.invalid("name", "must not be empty");
        }
        String host = p.string("host", "127.0.0.1").strip();
        int port = p.integer("port", 5701, 0, 65535);
        List<String> members = new ArrayList<>();
        for (String m : p.string("members", "").split(",")) {
            String member = m.strip();
            if (member.isEmpty()) {
                continue;
            }
            int colon = member.lastIndexOf(':');
            if (colon > 0 && member.indexOf(']') < colon) {
                try {
                    int mp = Integer.parseInt(member.substring(colon + 1));
                    if (mp < 1 || mp > 65535) {
                        throw p.invalid("members", "port out of range in '" + member + "'");
                    }
                } catch (NumberFormatException e) {
                    throw p.invalid("members", "expected host[:port], got '" + member + "'");
                }
            }
            members.add(member);
        }
        if (client && members.isEmpty()) {
            throw p.invalid("mode", "client needs cluster.members (the Hazelcast members to connect to)");
        }
        int backups = p.integer("backup_count", 1, 0, 6);
        boolean early = p.bool("replicate_early_dialogs", false);
        return new ClusterSettings(enabled, client, name, host, port, List.copyOf(members), backups, early);
    }

    /** A single node with nothing shared (tests of other parts, and {@code cluster.enable = no}). */
    public static ClusterSettings disabled() {
        return new ClusterSettings(false, false, "sipcontainer", "127.0.0.1", 0, List.of(), 0, false);
    }
}
