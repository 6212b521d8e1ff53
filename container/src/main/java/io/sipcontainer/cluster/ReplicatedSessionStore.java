package io.sipcontainer.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

import io.sipcontainer.session.SessionContext;
import io.sipcontainer.session.SessionStore;
import io.sipcontainer.session.SipApplicationSessionImpl;

/**
 * The session store of a cluster node. Every session lives in a node-local map, so the node that
 * handles a call's messages never waits for Hazelcast; a session is also written to the cluster
 * map ({@code sip.sessions}, with its dialog keys in {@code sip.dialogs}) at the end of a message's
 * handling when it holds a confirmed dialog (an early one too with
 * {@code cluster.replicate_early_dialogs}) and changed, so a node that never saw the dialog can
 * handle its next request. A node that finds no local copy reads the replica, adopts it (its
 * expiry clock then runs there) and keeps it; when another node changes or ends a session, the
 * Hazelcast entry event makes this node drop its copy, so the next message reads the new one.
 * Sessions that never had a dialog (a REGISTER, an OPTIONS) never leave the node.
 *
 * <p>A replica's time to live is the session's own expiry plus a minute, so the replicas of a node
 * that died with sessions nobody touched again are removed by Hazelcast.
 *
 * <p>A member that has always been alone (the default installation) writes no replica: no other
 * node could read it, and each would cost a serialized copy of the session (about 6 KB per proxied
 * call). When it first has company, every session that needs one gets its replica then, each in
 * its own turn on the session's executor; until that has run the newcomer cannot handle those calls.
 */
public final class ReplicatedSessionStore implements SessionStore {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedSessionStore.class);
    private static final long REPLICA_GRACE_MS = TimeUnit.MINUTES.toMillis(1);

    private final ConcurrentMap<String, SipApplicationSessionImpl> local = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> localDialogs = new ConcurrentHashMap<>();
    /** Application sessions of this node that have a replica (their dialog keys are shared too). */
    private final Set<String> replicated = ConcurrentHashMap.newKeySet();
    private final IMap<String, SessionReplica> replicas;
    private final IMap<String, String> dialogs;
    private final Function<String, SessionContext> applications;
    private final boolean replicateEarly;
    private final boolean client;
    private final AtomicBoolean warnedUnserializable = new AtomicBoolean();
    private final String localMember;
    private final com.hazelcast.core.HazelcastInstance hz;
    /**
     * Until this node has had company (another member, a client, or it is a client) no replica
     * can exist and nobody could read one: none is written, and a session or dialog missing
     * here is missing everywhere, with no Hazelcast read to ask.
     */
    private final HazelcastState cluster;

    /**
     * @param applications the deployed application of a name, or null (a replica of an application
     *                     not deployed here cannot be restored)
     */
    public ReplicatedSessionStore(HazelcastState cluster, Function<String, SessionContext> applications,
            boolean replicateEarly) {
        this.replicas = cluster.instance().getMap("sip.sessions");
        this.dialogs = cluster.instance().getMap("sip.dialogs");
        this.applications = applications;
        this.replicateEarly = replicateEarly;
        this.client = cluster.isClient();
        this.localMember = cluster.localMember();
        this.hz = cluster.instance();
        if (!client) {
            replicas.addEntryListener(new ForgetChangedElsewhere(), true);
            hz.getCluster().addMembershipListener(new com.hazelcast.cluster.MembershipListener() {
                @Override
                public void memberAdded(com.hazelcast.cluster.MembershipEvent event) {
                }

                @Override
                public void memberRemoved(com.hazelcast.cluster.MembershipEvent event) {
                    String gone = event.getMember().getUuid().toString();
                    Thread adopter = new Thread(() -> adoptOrphans(gone), "cluster-adopt");
                    adopter.setDaemon(true);
                    adopter.start();
                }
            });
        }
        this.cluster = cluster;
        cluster.whenShared(this::shareAll);
    }

    /** The first company: the sessions that need a replica and have none get one. */
    private void shareAll() {
        int queued = 0;
        for (SipApplicationSessionImpl session : local.values()) {
            if (!replicated.contains(session.getId())) {
                session.executor().execute(() -> {
                    if (session.isValid()) {
                        save(session);
                    }
                });
                queued++;
            }
        }
        if (queued > 0) {
            LOG.info("cluster: a member joined; {} session(s) checked for replication", queued);
        }
    }

    /** Drops the local copy of a session another member changed or ended. */
    private final class ForgetChangedElsewhere implements EntryUpdatedListener<String, SessionReplica>,
            EntryRemovedListener<String, SessionReplica>, EntryEvictedListener<String, SessionReplica>,
            EntryExpiredListener<String, SessionReplica> {

        private void forget(EntryEvent<String, SessionReplica> event) {
            SessionReplica written = event.getValue();
            if (written != null && localMember.equals(written.owner())) {
                return; // our own write (the event's member is the partition owner, not the writer)
            }
            // a removal of our own has taken the local copy out before it deleted the replica
            SipApplicationSessionImpl copy = local.remove(event.getKey());
            if (copy != null) {
                replicated.remove(event.getKey());
                for (String key : copy.dialogKeys()) {
                    localDialogs.remove(key);
                }
                copy.detach();
            }
        }

        @Override
        public void entryUpdated(EntryEvent<String, SessionReplica> event) {
            forget(event);
        }

        @Override
        public void entryRemoved(EntryEvent<String, SessionReplica> event) {
            forget(event);
        }

        @Override
        public void entryEvicted(EntryEvent<String, SessionReplica> event) {
            forget(event);
        }

        @Override
        public void entryExpired(EntryEvent<String, SessionReplica> event) {
            forget(event);
        }
    }

    @Override
    public SipApplicationSessionImpl get(String id) {
        SipApplicationSessionImpl session = local.get(id);
        if (session != null || !cluster.hasHadCompany()) {
            return session;
        }
        SessionReplica replica = replicas.get(id);
        if (replica == null) {
            return null;
        }
        SessionContext app = applications.apply(replica.application());
        if (app == null) {
            LOG.warn("cluster: session {} belongs to application '{}', which is not deployed on this node", id,
                    replica.application());
            return null;
        }
        try {
            SipApplicationSessionImpl restored = replica.restore(app.servletContext().getClassLoader());
            SipApplicationSessionImpl raced = local.putIfAbsent(id, restored);
            if (raced != null) {
                return raced;
            }
            restored.adopt(app);
            replicated.add(id);
            for (String key : restored.dialogKeys()) {
                String sipSession = dialogs.get(key);
                if (sipSession != null) {
                    localDialogs.put(key, sipSession);
                }
            }
            return restored;
        } catch (Exception | LinkageError e) {
            LOG.warn("cluster: cannot restore session {} of '{}': {}", id, replica.application(), e.toString());
            return null;
        }
    }

    @Override
    public SipApplicationSessionImpl putIfAbsent(SipApplicationSessionImpl session) {
        SipApplicationSessionImpl existing = local.putIfAbsent(session.getId(), session);
        return existing != null ? existing : session;
    }

    @Override
    public void save(SipApplicationSessionImpl session) {
        session.clearDirty();
        String id = session.getId();
        if (!replicated.contains(id) && (!cluster.hasHadCompany() || !session.hasDialog(replicateEarly) && !session.hasTimers())) {
            return; // nothing another node would need yet, or no other node
        }
        SessionReplica replica;
        try {
            replica = SessionReplica.of(session, localMember);
        } catch (IllegalStateException e) {
            if (warnedUnserializable.compareAndSet(false, true) || LOG.isDebugEnabled()) {
                LOG.error("cluster: {}", e.getMessage());
            }
            return;
        }
        long expires = session.getExpirationTime();
        long ttl = expires == 0 ? 0 : Math.max(1, expires - System.currentTimeMillis() + REPLICA_GRACE_MS);
        replicas.set(id, replica, ttl, TimeUnit.MILLISECONDS);
        if (replicated.add(id)) {
            for (String key : session.dialogKeys()) {
                String sipSession = localDialogs.get(key);
                if (sipSession != null) {
                    dialogs.set(key, sipSession, ttl, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    @Override
    public void remove(SipApplicationSessionImpl session) {
        String id = session.getId();
        local.remove(id, session);
        Set<String> keys = session.dialogKeys();
        for (String key : keys) {
            localDialogs.remove(key);
        }
        if (replicated.remove(id)) {
            replicas.delete(id);
            for (String key : keys) {
                dialogs.delete(key);
            }
        }
    }

    @Override
    public void bindDialog(String dialogKey, String sipSessionId) {
        localDialogs.put(dialogKey, sipSessionId);
        if (replicated.contains(SipApplicationSessionImpl.applicationSessionIdOf(sipSessionId))) {
            dialogs.set(dialogKey, sipSessionId);
        }
    }

    @Override
    public void unbindDialog(String dialogKey) {
        String sipSessionId = localDialogs.remove(dialogKey);
        // only a dialog of a replicated session is in the cluster map (a restored session's dialogs
        // are bound here too); a REGISTER's or OPTIONS' session never was: no Hazelcast call for it
        if (sipSessionId != null && replicated.contains(SipApplicationSessionImpl.applicationSessionIdOf(sipSessionId))) {
            dialogs.delete(dialogKey);
        }
    }

    @Override
    public String findDialog(String dialogKey) {
        String sipSession = localDialogs.get(dialogKey);
        return sipSession != null || !cluster.hasHadCompany() ? sipSession : dialogs.get(dialogKey);
    }

    /** The sessions this node holds (its own, and replicas it has taken over). */
    @Override
    public Collection<SipApplicationSessionImpl> all() {
        return List.copyOf(local.values());
    }

    @Override
    public int size() {
        return local.size();
    }

    /**
     * Takes over the sessions a dead member owned whose entries this node now owns, so their
     * expiry and servlet timers run here: each orphan is adopted by exactly one survivor (the
     * partition owner), once the backups have been promoted.
     */
    private void adoptOrphans(String deadMember) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((!hz.getPartitionService().isClusterSafe() || ownsAPartition(deadMember))
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100); // a background thread waiting for Hazelcast's migrations to settle
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        int adopted = 0;
        try {
            LOG.info("cluster: member {} left; {} shared session(s) owned here to check", deadMember,
                    replicas.localKeySet().size());
            for (String id : replicas.localKeySet()) {
                SessionReplica replica = replicas.get(id);
                if (replica == null || !deadMember.equals(replica.owner()) || local.containsKey(id)) {
                    continue;
                }
                SipApplicationSessionImpl session = get(id);
                if (session != null) {
                    save(session); // now owned here
                    adopted++;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("cluster: taking over the sessions of member {} failed: {}", deadMember, e.toString());
        }
        if (adopted > 0) {
            LOG.info("cluster: took over {} session(s) of member {}", adopted, deadMember);
        }
    }

    /** True while the partition table still names the dead member as an owner (backups not yet promoted). */
    private boolean ownsAPartition(String member) {
        for (com.hazelcast.partition.Partition p : hz.getPartitionService().getPartitions()) {
            com.hazelcast.cluster.Member owner = p.getOwner();
            if (owner == null || owner.getUuid().toString().equals(member)) {
                return true;
            }
        }
        return false;
    }

    /** Facts for {@code cluster.status}: sessions held here, replicas in the cluster, owned here. */
    public Map<String, Object> status() {
        return Map.of("local_sessions", local.size(), "replicated_here", replicated.size(),
                "cluster_sessions", replicas.size(), "owned_replicas", client ? -1 : replicas.localKeySet().size());
    }
}
