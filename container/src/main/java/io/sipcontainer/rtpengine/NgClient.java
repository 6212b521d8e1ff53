package io.sipcontainer.rtpengine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Sends ng commands to the rtpengine instances of the default set. A new call goes to an instance
 * chosen by the hash of its Call-ID weighted by the instances' weights, among those usable; the
 * call's later commands go to the same instance (remembered until its {@code delete}, or for
 * {@code hash_table_tout}). An instance that does not answer is disabled for
 * {@code rtpengine_disable_tout} and the command goes to another one, as Kamailio's module does.
 * The instance list is replaced whole on reload; nothing here takes a lock around network I/O.
 */
public final class NgClient {
    private record Pinned(NgNode node, long sinceMillis) {
    }

    private final NgTransport transport;
    private final RtpengineSettings settings;
    private final LongSupplier clock;
    private volatile Map<Integer, List<NgNode>> sets;
    private final Map<String, Pinned> calls = new ConcurrentHashMap<>();

    NgClient(RtpengineSettings settings, NgTransport transport, LongSupplier clockMillis) {
        this.settings = settings;
        this.transport = transport;
        this.clock = clockMillis;
        this.sets = NgSockets.parse(settings.sockets());
    }

    /** Every instance of every set, in the order written. */
    public List<NgNode> nodes() {
        List<NgNode> all = new ArrayList<>();
        sets.values().forEach(all::addAll);
        return all;
    }

    /** The instances calls go to: the set {@code setid_default}, or the first set written. */
    List<NgNode> defaultSet() {
        Map<Integer, List<NgNode>> current = sets;
        List<NgNode> set = current.get(settings.defaultSet());
        return set != null ? set : current.values().iterator().next();
    }

    /** Reads the instances again from the settings: every state and remembered call is dropped. */
    void reload() {
        sets = NgSockets.parse(settings.sockets());
        calls.clear();
    }

    /** How many calls are remembered with their instance. */
    int pinnedCalls() {
        return calls.size();
    }

    /** Forgets calls older than {@code hash_table_tout} (their delete never came). */
    void expire() {
        long oldest = clock.getAsLong() - settings.hashTableTimeoutSeconds() * 1000L;
        calls.values().removeIf(p -> p.sinceMillis() < oldest);
    }

    /**
     * Sends {@code command} for the call {@code callId} and returns rtpengine's reply when its
     * result is not {@code error}. A {@code delete} that succeeds forgets the call's instance.
     */
    public Map<String, Object> call(String callId, Map<String, Object> command) throws NgException {
        Set<NgNode> tried = new HashSet<>();
        Pinned pinned = calls.get(callId);
        NgNode node = pinned != null && pinned.node().usable(clock.getAsLong()) ? pinned.node() : select(callId, tried);
        NgException last = null;
        while (node != null) {
            tried.add(node);
            try {
                Map<String, Object> reply = send(node, command);
                String op = String.valueOf(command.get("command"));
                if ("delete".equals(op) && !command.containsKey("to-tag")) {
                    calls.remove(callId);
                } else if (!"query".equals(op)) {
                    calls.put(callId, new Pinned(node, clock.getAsLong()));
                }
                return reply;
            } catch (NgException e) {
                if (!e.isTimeout()) {
                    throw e;
                }
                last = e;
                node = select(callId, tried);
            }
        }
        throw last != null ? last : new NgException("no rtpengine instance is enabled", true);
    }

    /** One command to one instance; a timeout disables it, an answer enables it again. */
    public Map<String, Object> send(NgNode node, Map<String, Object> command) throws NgException {
        node.commands.increment();
        Map<String, Object> reply;
        try {
            reply = transport.roundTrip(node, command);
        } catch (NgException e) {
            if (e.isTimeout()) {
                node.timeouts.increment();
                node.disableUntil(clock.getAsLong() + settings.disableTimeoutSeconds() * 1000L);
            } else {
                node.errors.increment();
            }
            throw e;
        }
        node.answered();
        if ("error".equals(reply.get("result"))) {
            node.errors.increment();
            Object reason = reply.get("error-reason");
            throw new NgException(node.url() + ": " + (reason == null ? "error" : reason), false);
        }
        return reply;
    }

    /** ping → pong on one instance. */
    public boolean ping(NgNode node) {
        Map<String, Object> ping = new LinkedHashMap<>();
        ping.put("command", "ping");
        try {
            return "pong".equals(send(node, ping).get("result"));
        } catch (NgException e) {
            return false;
        }
    }

    /**
     * The instance for a new call: a hash of the Call-ID over the summed weights of the usable
     * instances of the default set not tried yet; null when there is none.
     */
    NgNode select(String callId, Set<NgNode> tried) {
        long now = clock.getAsLong();
        List<NgNode> candidates = new ArrayList<>();
        long total = 0;
        for (NgNode n : defaultSet()) {
            if (!tried.contains(n) && n.usable(now) && n.weight() > 0) {
                candidates.add(n);
                total += n.weight();
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        long point = Integer.toUnsignedLong(hash(callId)) % total;
        for (NgNode n : candidates) {
            point -= n.weight();
            if (point < 0) {
                return n;
            }
        }
        return candidates.get(candidates.size() - 1);
    }

    /** A stable hash of the Call-ID (FNV-1a), so every node of a cluster picks the same instance. */
    static int hash(String callId) {
        int h = 0x811c9dc5;
        for (int i = 0; i < callId.length(); i++) {
            h ^= callId.charAt(i);
            h *= 0x01000193;
        }
        return h;
    }
}
