package io.sipcontainer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployDirectoryWatcherTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path deployDir;

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final DeploymentListener recorder = new DeploymentListener() {
        @Override
        public void deploy(Path sar) {
            events.add("deploy " + sar.getFileName());
        }

        @Override
        public void redeploy(Path sar) {
            events.add("redeploy " + sar.getFileName());
        }

        @Override
        public void undeploy(Path sar) {
            events.add("undeploy " + sar.getFileName());
        }
    };

    private DeployDirectoryWatcher watcher;

    @AfterEach
    void stopWatcher() throws Exception {
        if (watcher != null) {
            watcher.stop();
        }
    }

    /** Waits (up to a deadline) for the watcher thread's next event and checks it. */
    private void awaitEvent(String expected) throws InterruptedException {
        String event = events.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(expected, event, "next event");
    }

    private List<String> recorded() {
        return List.copyOf(events);
    }

    /**
     * Gives the file new content and modification time in one atomic step, the way an archive should
     * be replaced, so the watcher never sees an intermediate state (which could add an event).
     */
    private void touch(Path file, String content, long mtimeOffsetSeconds) throws Exception {
        Path staging = Files.createTempFile(deployDir, ".staging", ".tmp");
        Files.writeString(staging, content);
        Files.setLastModifiedTime(staging,
                FileTime.fromMillis(System.currentTimeMillis() + mtimeOffsetSeconds * 1000));
        Files.move(staging, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void deploysRedeploysAndUndeploysArchives() throws Exception {
        watcher = new DeployDirectoryWatcher(deployDir, 10, recorder);
        watcher.start();
        Path sar = deployDir.resolve("echo.sar");

        touch(sar, "version 1", 0);
        awaitEvent("deploy echo.sar");

        touch(sar, "version 2, longer", 5);
        awaitEvent("redeploy echo.sar");

        Files.delete(sar);
        awaitEvent("undeploy echo.sar");
        assertTrue(events.isEmpty(), "no further events: " + events);
    }

    @Test
    void deploysSarDirectoriesAndNoticesChangesInside() throws Exception {
        Path app = deployDir.resolve("registrar.sar");
        Files.createDirectories(app.resolve("WEB-INF"));
        touch(app.resolve("WEB-INF/sip.xml"), "<sip-app/>", 0);
        watcher = new DeployDirectoryWatcher(deployDir, 10, recorder);
        watcher.start();
        awaitEvent("deploy registrar.sar");

        touch(app.resolve("WEB-INF/sip.xml"), "<sip-app><app-name>r</app-name></sip-app>", 5);
        awaitEvent("redeploy registrar.sar");

        SarArchive.deleteTree(app);
        awaitEvent("undeploy registrar.sar");
    }

    @Test
    void actsOnlyOnceAFileIsTheSameInTwoPolls() throws Exception {
        watcher = new DeployDirectoryWatcher(deployDir, 60_000, recorder);
        Path sar = deployDir.resolve("big.sar");

        touch(sar, "first half", 0);
        watcher.poll();
        touch(sar, "first half, second half", 1);
        watcher.poll();
        assertTrue(events.isEmpty(), "still being copied: " + events);
        watcher.poll();
        assertEquals(List.of("deploy big.sar"), recorded());
        watcher.poll();
        assertEquals(List.of("deploy big.sar"), recorded(), "an unchanged file is not deployed again");
    }

    @Test
    void deploysInNameOrderAndUndeploysARenamedArchiveBeforeDeployingItsNewName() throws Exception {
        watcher = new DeployDirectoryWatcher(deployDir, 60_000, recorder);
        touch(deployDir.resolve("b.sar"), "b", 0);
        touch(deployDir.resolve("a.sar"), "a", 0);
        watcher.poll();
        watcher.poll();
        assertEquals(List.of("deploy a.sar", "deploy b.sar"), recorded());

        events.clear();
        Files.move(deployDir.resolve("a.sar"), deployDir.resolve("c.sar"));
        watcher.poll();
        watcher.poll();
        assertEquals(List.of("undeploy a.sar", "deploy c.sar"), recorded());
    }

    @Test
    void ignoresOtherFilesHiddenFilesAndFilesRemovedBeforeDeployment() throws Exception {
        watcher = new DeployDirectoryWatcher(deployDir, 60_000, recorder);
        touch(deployDir.resolve("notes.txt"), "x", 0);
        touch(deployDir.resolve(".echo.sar"), "partial copy", 0);
        Path quick = deployDir.resolve("quick.sar");
        touch(quick, "x", 0);
        watcher.poll();
        Files.delete(quick);
        watcher.poll();
        watcher.poll();
        assertTrue(events.isEmpty(), events.toString());
    }

    @Test
    void listenerFailureDoesNotStopWatching() throws Exception {
        DeploymentListener failing = new DeploymentListener() {
            @Override
            public void deploy(Path sar) {
                events.add("deploy " + sar.getFileName());
                try {
                    if (Files.readString(sar).equals("v1")) {
                        throw new IllegalStateException("broken archive");
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public void redeploy(Path sar) {
                events.add("redeploy " + sar.getFileName());
            }

            @Override
            public void undeploy(Path sar) {
                events.add("undeploy " + sar.getFileName());
            }
        };
        watcher = new DeployDirectoryWatcher(deployDir, 60_000, failing);
        Path bad = deployDir.resolve("bad.sar");
        touch(bad, "v1", 0);
        watcher.poll();
        watcher.poll();
        touch(bad, "v2 fixed", 5);
        watcher.poll();
        watcher.poll();
        // The first deployment failed, so the fixed file is deployed (not redeployed) ...
        assertEquals(List.of("deploy bad.sar", "deploy bad.sar"), recorded());
        Files.delete(bad);
        watcher.poll();
        // ... and only a deployed application is undeployed.
        assertEquals(List.of("deploy bad.sar", "deploy bad.sar", "undeploy bad.sar"), recorded());
    }

    @Test
    void stopEndsTheThread() throws Exception {
        watcher = new DeployDirectoryWatcher(deployDir, 10, recorder);
        watcher.start();
        assertTrue(watcher.isRunning());
        watcher.stop();
        assertFalse(watcher.isRunning());
    }

    @Test
    void missingDeployDirectoryIsEmpty() throws Exception {
        watcher = new DeployDirectoryWatcher(deployDir.resolve("not-yet"), 60_000, recorder);
        watcher.poll();
        assertTrue(events.isEmpty());
    }

    @Test
    void pollIntervalMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new DeployDirectoryWatcher(deployDir, 0, recorder));
    }
}
