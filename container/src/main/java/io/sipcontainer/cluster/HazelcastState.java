package io.sipcontainer.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * {@link SharedState} on Hazelcast: an embedded member (the default, a cluster of one on loopback
 * until {@code cluster.members} names others) or a client of an existing cluster. Maps are
 * Hazelcast {@link IMap}s with {@code cluster.backup_count} synchronous backups, so a node may die
 * without losing what it stored.
 *
 * <p>SIP addresses: each node adds the {@code host:port} of its SIP sockets to a replicated map and
 * never takes them out, so a dialog record-routed through a node that has since left or died is
 * still recognised as the cluster's own by every other node, which routes it from the shared state.
 */
public final class HazelcastState implements SharedState {
    private static final Logger LOG = LoggerFactory.getLogger(HazelcastState.class);
    /** host:port -> id of the member that published it last. */
    private static final String SIP_ADDRESSES = "cluster.sip-addresses";

    private final HazelcastInstance hz;
    private final boolean client;
    private final String localId;
    private final String clusterName;
    private final List<Runnable> onCompany = new ArrayList<>();
    private volatile boolean hadCompany;
    private final List<BatchedCounter> counters = new java.util.concurrent.CopyOnWriteArrayList<>();
    private java.util.concurrent.ScheduledExecutorService counterFlusher;

    private HazelcastState(HazelcastInstance hz, boolean client, String clusterName) {
        this.hz = hz;
        this.clusterName = clusterName;
        this.client = client;
        this.localId = client ? hz.getLocalEndpoint().getUuid().toString()
                : hz.getCluster().getLocalMember().getUuid().toString();
        if (!client) {
            hz.getCluster().addMembershipListener(new com.hazelcast.cluster.MembershipListener() {
                @Override
                public void memberAdded(com.hazelcast.cluster.MembershipEvent event) {
                    company();
                }

                @Override
                public void memberRemoved(com.hazelcast.cluster.MembershipEvent event) {
                }
            });
            // a client (a node in cluster.mode = client) reads and writes the maps as well
            hz.getClientService().addClientListener(new com.hazelcast.client.ClientListener() {
                @Override
                public void clientConnected(com.hazelcast.client.Client c) {
                    company();
                }

                @Override
                public void clientDisconnected(com.hazelcast.client.Client c) {
                }
            });
        }
        if (client || hz.getCluster().getMembers().size() > 1) {
            company();
        }
    }

    private synchronized void company() {
        if (hadCompany) {
            return;
        }
        hadCompany = true;
        for (Runnable action : onCompany) {
            startThread(action);
        }
        onCompany.clear();
    }

    private static void startThread(Runnable action) {
        Thread t = new Thread(action, "cluster-share");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public synchronized void whenShared(Runnable action) {
        if (hadCompany) {
            startThread(action);
        } else {
            onCompany.add(action);
        }
    }

    @Override
    public boolean hasHadCompany() {
        return hadCompany;
    }

    /** Starts the member or client {@code settings} describe; blocks until it has joined. */
    public static HazelcastState start(ClusterSettings settings) {
        long started = System.nanoTime();
        HazelcastState state = settings.client() ? new HazelcastState(HazelcastClient.newHazelcastClient(
                clientConfig(settings)), true, settings.name()) : new HazelcastState(Hazelcast.newHazelcastInstance(
                        memberConfig(settings)), false, settings.name());
        LOG.info("cluster '{}': {} {} started in {} ms, {} member(s)", settings.name(),
                settings.client() ? "client" : "member", state.localId,
                (System.nanoTime() - started) / 1_000_000, state.hz.getCluster().getMembers().size());
        return state;
    }

    static Config memberConfig(ClusterSettings s) {
        Config config = new Config();
        config.setClusterName(s.name());
        config.setInstanceName("sipcontainer-" + UUID.randomUUID());
        config.setClassLoader(HazelcastState.class.getClassLoader());
        commonProperties(config.getProperties());
        config.setProperty("hazelcast.socket.bind.any", "false");
        // a SIP dialog must move to a surviving node within seconds, not Hazelcast's default minute
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "8");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.graceful.shutdown.max.wait", "20");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(s.port() == 0 ? 5701 : s.port()).setPortAutoIncrement(true).setPortCount(100);
        network.getInterfaces().setEnabled(true).addInterface(s.host());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(!s.members().isEmpty()).setMembers(s.members())
                .setConnectionTimeoutSeconds(2);
        config.addMapConfig(new MapConfig("*").setBackupCount(s.backupCount()).setAsyncBackupCount(0));
        return config;
    }

    private static ClientConfig clientConfig(ClusterSettings s) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(s.name());
        config.setClassLoader(HazelcastState.class.getClassLoader());
        commonProperties(config.getProperties());
        config.getNetworkConfig().setAddresses(new ArrayList<>(s.members()));
        return config;
    }

    private static void commonProperties(java.util.Properties p) {
        p.setProperty("hazelcast.phone.home.enabled", "false");
        p.setProperty("hazelcast.logging.type", "slf4j");
        p.setProperty("hazelcast.shutdownhook.enabled", "false"); // the server stops it in order
    }

    /** The Hazelcast instance, for the parts built on it (the session store). */
    public HazelcastInstance instance() {
        return hz;
    }

    public boolean isClient() {
        return client;
    }

    @Override
    public boolean clustered() {
        return true;
    }

    @Override
    public <K, V> ConcurrentMap<K, V> map(String name) {
        return hz.getMap(name);
    }

    @Override
    public <K, V> void putForAWhile(ConcurrentMap<K, V> map, K key, V value, java.time.Duration ttl) {
        if (map instanceof IMap<K, V> imap) {
            imap.set(key, value, Math.max(1, ttl.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
        } else {
            map.put(key, value);
        }
    }

    /**
     * A PN counter that this node adds to once a second: a change (a REGISTER) adds to a local
     * sum only, as a Hazelcast call per change cost more than the change itself.
     */
    @Override
    public synchronized Counter counter(String name) {
        if (counterFlusher == null) {
            counterFlusher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cluster-counters");
                t.setDaemon(true);
                return t;
            });
            counterFlusher.scheduleWithFixedDelay(() -> counters.forEach(BatchedCounter::flush), 1, 1,
                    java.util.concurrent.TimeUnit.SECONDS);
        }
        BatchedCounter counter = new BatchedCounter(hz.getPNCounter(name));
        counters.add(counter);
        return counter;
    }

    private static final class BatchedCounter implements Counter {
        private final com.hazelcast.crdt.pncounter.PNCounter shared;
        private final java.util.concurrent.atomic.LongAdder pending = new java.util.concurrent.atomic.LongAdder();

        BatchedCounter(com.hazelcast.crdt.pncounter.PNCounter shared) {
            this.shared = shared;
        }

        @Override
        public void add(long delta) {
            pending.add(delta);
        }

        @Override
        public long get() {
            flush();
            try {
                return shared.get();
            } catch (com.hazelcast.core.ConsistencyLostException e) {
                shared.reset(); // its replica died: go on with another
                return shared.get();
            } catch (RuntimeException e) {
                return -1; // the cluster is shutting down
            }
        }

        void flush() {
            long delta = pending.sumThenReset();
            if (delta == 0) {
                return;
            }
            try {
                shared.addAndGet(delta);
            } catch (com.hazelcast.core.ConsistencyLostException e) {
                shared.reset();
                shared.addAndGet(delta);
            } catch (RuntimeException e) {
                pending.add(delta); // not lost: the next flush tries again
            }
        }
    }

    @Override
    public <K> Set<K> localKeys(ConcurrentMap<K, ?> map) {
        if (!client && map instanceof IMap<K, ?> imap) {
            return imap.localKeySet();
        }
        return map.keySet();
    }

    @Override
    public <K, V> void listen(ConcurrentMap<K, V> map, EntryChanges<K, V> listener) {
        if (map instanceof IMap<K, V> imap) {
            imap.addEntryListener(new EntryEvents<>(listener, client), true);
        }
    }

    /** Hazelcast's entry events as {@link EntryChanges}. */
    private record EntryEvents<K, V>(EntryChanges<K, V> listener, boolean client) implements
            com.hazelcast.map.listener.EntryAddedListener<K, V>, com.hazelcast.map.listener.EntryUpdatedListener<K, V>,
            com.hazelcast.map.listener.EntryRemovedListener<K, V>, com.hazelcast.map.listener.EntryMergedListener<K, V> {

        private boolean local(com.hazelcast.core.EntryEvent<K, V> e) {
            return !client && e.getMember() != null && e.getMember().localMember();
        }

        @Override
        public void entryAdded(com.hazelcast.core.EntryEvent<K, V> e) {
            listener.changed(e.getKey(), null, e.getValue(), local(e));
        }

        @Override
        public void entryUpdated(com.hazelcast.core.EntryEvent<K, V> e) {
            listener.changed(e.getKey(), e.getOldValue(), e.getValue(), local(e));
        }

        @Override
        public void entryRemoved(com.hazelcast.core.EntryEvent<K, V> e) {
            listener.changed(e.getKey(), e.getOldValue(), null, local(e));
        }

        @Override
        public void entryMerged(com.hazelcast.core.EntryEvent<K, V> e) {
            listener.changed(e.getKey(), e.getOldValue(), e.getValue(), false);
        }
    }

    @Override
    public boolean isLive(String nodeId) {
        if (client) {
            return true;
        }
        for (Member m : hz.getCluster().getMembers()) {
            if (m.getUuid().toString().equals(nodeId)) {
                return true;
            }
        }
        // a smart client connects to every member, so each member knows every live client
        for (com.hazelcast.client.Client c : hz.getClientService().getConnectedClients()) {
            if (c.getUuid().toString().equals(nodeId)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isCoordinator() {
        // the member list is in join order on every member: its head is the oldest
        return !client && hz.getCluster().getMembers().iterator().next().localMember();
    }

    @Override
    public String localMember() {
        return localId;
    }

    @Override
    public List<Map<String, Object>> members() {
        Map<String, List<String>> sip = new LinkedHashMap<>();
        hz.<String, String>getReplicatedMap(SIP_ADDRESSES)
                .forEach((hostPort, member) -> sip.computeIfAbsent(member, m -> new ArrayList<>()).add(hostPort));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Member m : hz.getCluster().getMembers()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", m.getUuid().toString());
            row.put("address", m.getAddress().getHost() + ":" + m.getAddress().getPort());
            row.put("local", !client && m.localMember());
            row.put("sip", sip.getOrDefault(m.getUuid().toString(), List.of()));
            out.add(row);
        }
        return out;
    }

    @Override
    public void publishSipAddresses(List<String> hostPorts) {
        Map<String, String> addresses = hz.getReplicatedMap(SIP_ADDRESSES);
        for (String hp : hostPorts) {
            addresses.put(hp, localId);
        }
    }

    @Override
    public boolean isPeerSipAddress(String host, int port) {
        Map<String, String> addresses = hz.getReplicatedMap(SIP_ADDRESSES);
        String owner = addresses.get(host + ":" + port);
        return owner != null && !owner.equals(localId);
    }

    /** Partition and ownership facts for {@code cluster.status}. */
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", clusterName);
        out.put("mode", client ? "client" : "member");
        out.put("local", localId);
        out.put("members", hz.getCluster().getMembers().size());
        out.put("had_company", hasHadCompany()); // node-local state has moved to the cluster maps
        if (!client) {
            out.put("state", hz.getCluster().getClusterState().toString());
            int partitions = hz.getPartitionService().getPartitions().size();
            int owned = 0;
            Member me = hz.getCluster().getLocalMember();
            for (var p : hz.getPartitionService().getPartitions()) {
                if (me.equals(p.getOwner())) {
                    owned++;
                }
            }
            out.put("partitions", partitions);
            out.put("partitions_owned", owned);
            out.put("safe", hz.getPartitionService().isClusterSafe());
        }
        return out;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (counterFlusher != null) {
                counterFlusher.shutdownNow();
            }
        }
        try {
            hz.shutdown();
        } catch (RuntimeException e) {
            LOG.warn("cluster: shutdown failed: {}", e.toString());
        }
    }
}
