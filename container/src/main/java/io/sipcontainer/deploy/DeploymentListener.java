package io.sipcontainer.deploy;

import java.nio.file.Path;

/**
 * Told by {@link DeployDirectoryWatcher} when an application appears in, changes in or disappears
 * from the deploy directory. Called on the watcher's thread, one call at a time; an exception thrown
 * here is logged and does not stop the watcher.
 */
public interface DeploymentListener {

    /** A new .sar file or .sar directory has appeared and stopped changing. */
    void deploy(Path sarOrDir);

    /** A deployed .sar file or directory has changed and stopped changing again. */
    void redeploy(Path sarOrDir);

    /** A deployed .sar file or directory has been removed. */
    void undeploy(Path sarOrDir);
}
