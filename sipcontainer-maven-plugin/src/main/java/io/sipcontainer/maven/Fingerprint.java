package io.sipcontainer.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * What the run goal compares to notice a rebuild: the number of files, their total size and the
 * newest modification time under some folders. A compiler writing a class changes at least one.
 */
record Fingerprint(long files, long bytes, long newestMillis) {

    static Fingerprint of(Path... roots) {
        long files = 0;
        long bytes = 0;
        long newest = 0;
        for (Path root : roots) {
            if (root == null || !Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.toList()) {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        files++;
                        bytes += a.size();
                        newest = Math.max(newest, a.lastModifiedTime().toMillis());
                    }
                }
            } catch (IOException e) {
                // a file removed during the walk (a clean in progress): report a value that differs
                return new Fingerprint(-1, -1, System.currentTimeMillis());
            } catch (UncheckedIOException e) {
                return new Fingerprint(-1, -1, System.currentTimeMillis());
            }
        }
        return new Fingerprint(files, bytes, newest);
    }
}
