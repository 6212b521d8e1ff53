package io.sipcontainer.deploy;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A deployed application's static side: its descriptor, the class loader its classes come from and
 * the archive its files are read from. Closing it (on undeploy, after the container has destroyed
 * the servlets and listeners) closes the class loader and removes the unpacked copy of a zipped
 * archive; the descriptor's classes must not be used afterwards.
 */
public record LoadedApplication(SipAppDescriptor descriptor, AppClassLoader classLoader, SarArchive archive)
        implements AutoCloseable {

    /** Directory the application's files are read from. */
    public Path root() {
        return archive.root();
    }

    @Override
    public void close() {
        try {
            classLoader.close();
        } catch (IOException e) {
            // Closing jar files cannot usefully fail for a caller that is discarding the application.
        } finally {
            archive.delete();
        }
    }
}
