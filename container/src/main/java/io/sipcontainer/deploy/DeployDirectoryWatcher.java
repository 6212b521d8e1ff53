package io.sipcontainer.deploy;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot deployment: polls a deploy directory for {@code *.sar} files and directories whose name ends
 * in {@code .sar}, and tells a {@link DeploymentListener} to deploy, redeploy or undeploy them.
 * A file is acted on only once its size and modification time are the same in two consecutive polls,
 * so an archive still being copied in is not deployed half-written; a directory's fingerprint covers
 * every file inside it. Polling rather than a WatchService because it behaves the same on every file
 * system (network mounts, containers) and the stability rule needs polls anyway. Hidden entries
 * (leading dot), typical of in-progress copies, are ignored. Runs on its own daemon thread.
 */
public final class DeployDirectoryWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(DeployDirectoryWatcher.class);

    private final Path directory;
    private final long pollMillis;
    private final DeploymentListener listener;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final Map<Path, Tracked> tracked = new HashMap<>();
    private final Thread thread;

    /** State of one entry: what it looked like at the last poll and whether it is deployed. */
    private static final class Tracked {
        Fingerprint lastSeen;
        Fingerprint actedOn;
        boolean deployed;
    }

    /** What identifies a version of an entry: total size, newest modification time, file count. */
    private record Fingerprint(long size, long modifiedMillis, int files) {
    }

    private static final Fingerprint UNREADABLE = new Fingerprint(-1, -1, -1);

    /**
     * @param directory  the deploy directory; need not exist yet (it is then simply empty)
     * @param pollMillis time between polls; an entry is acted on after one to two intervals of quiet
     * @param listener   receives the events on the watcher's thread
     */
    public DeployDirectoryWatcher(Path directory, long pollMillis, DeploymentListener listener) {
        if (pollMillis <= 0) {
            throw new IllegalArgumentException("pollMillis must be positive: " + pollMillis);
        }
        this.directory = Objects.requireNonNull(directory, "directory");
        this.pollMillis = pollMillis;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.thread = new Thread(this::run, "deploy-watcher " + directory.getFileName());
        thread.setDaemon(true);
    }

    /** Starts polling; the first poll happens at once. */
    public void start() {
        thread.start();
    }

    /** Stops polling and waits for the watcher thread (and a listener call in progress) to end. */
    public void stop() throws InterruptedException {
        stopRequested.countDown();
        if (thread.isAlive() && Thread.currentThread() != thread) {
            thread.join();
        }
    }

    /** True between {@link #start()} and the end of {@link #stop()}. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    private void run() {
        try {
            do {
                poll();
            } while (!stopRequested.await(pollMillis, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One look at the directory; package-private for tests that want to drive it step by step. */
    void poll() {
        Map<Path, Fingerprint> present = scan();
        if (present == null) {
            return; // a listing failure must not look like every application was removed
        }
        // Undeploy first: a renamed archive frees its application name before the new one deploys.
        for (Iterator<Map.Entry<Path, Tracked>> it = tracked.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, Tracked> entry = it.next();
            if (!present.containsKey(entry.getKey())) {
                it.remove();
                if (entry.getValue().deployed) {
                    invokeListener("undeploy", entry.getKey(), () -> listener.undeploy(entry.getKey()));
                }
            }
        }
        for (Map.Entry<Path, Fingerprint> entry : present.entrySet()) {
            Tracked state = tracked.computeIfAbsent(entry.getKey(), p -> new Tracked());
            Fingerprint now = entry.getValue();
            boolean stable = now != UNREADABLE && now.equals(state.lastSeen);
            state.lastSeen = now;
            if (stable && !now.equals(state.actedOn)) {
                state.actedOn = now;
                if (state.deployed) {
                    invokeListener("redeploy", entry.getKey(), () -> listener.redeploy(entry.getKey()));
                } else {
                    state.deployed = invokeListener("deploy", entry.getKey(), () -> listener.deploy(entry.getKey()));
                }
            }
        }
    }

    /** Runs a listener call, logging rather than propagating its failure; true when it returned normally. */
    private boolean invokeListener(String event, Path path, Runnable call) {
        try {
            call.run();
            return true;
        } catch (RuntimeException e) {
            LOG.error("{} of {} failed", event, path, e);
            return false;
        }
    }

    private Map<Path, Fingerprint> scan() {
        // Sorted, so that several archives are deployed in a reproducible (name) order.
        Map<Path, Fingerprint> found = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".") || !name.toLowerCase(Locale.ROOT).endsWith(".sar")) {
                    continue;
                }
                found.put(entry, fingerprint(entry));
            }
        } catch (IOException e) {
            LOG.warn("cannot list deploy directory {}: {}", directory, e.toString());
            return null;
        }
        return found;
    }

    /**
     * {@link #UNREADABLE} when the entry cannot be read right now (a file inside a directory was
     * removed during the walk, say): it counts as present but never as stable.
     */
    private static Fingerprint fingerprint(Path entry) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
            if (attributes.isRegularFile()) {
                return new Fingerprint(attributes.size(), attributes.lastModifiedTime().toMillis(), 1);
            }
            if (!attributes.isDirectory()) {
                return UNREADABLE;
            }
            long size = 0;
            long newest = attributes.lastModifiedTime().toMillis();
            int files = 0;
            List<Path> all;
            try (Stream<Path> walk = Files.walk(entry)) {
                all = walk.toList();
            }
            for (Path path : all) {
                BasicFileAttributes file = Files.readAttributes(path, BasicFileAttributes.class);
                newest = Math.max(newest, file.lastModifiedTime().toMillis());
                if (file.isRegularFile()) {
                    size += file.size();
                    files++;
                }
            }
            return new Fingerprint(size, newest, files);
        } catch (IOException | RuntimeException e) {
            return UNREADABLE;
        }
    }
}
