package io.sipcontainer.maven;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a SIP application archive the container deploys: the compiled classes under
 * {@code WEB-INF/classes}, the project's runtime libraries under {@code WEB-INF/lib}, and the
 * {@code src/main/sar} folder (sip.xml, web.xml, static files) at the root. The zip is written
 * under a hidden name and renamed over the target, so a deploy folder's watcher never sees a
 * half-written archive; entries are sorted, so the same input gives the same archive.
 */
final class SarWriter {

    private final Path classesDir;
    private final Path sarSourceDir;
    private final List<Path> libraries;

    /**
     * @param classesDir   {@code target/classes} (may not exist yet)
     * @param sarSourceDir {@code src/main/sar} (may not exist)
     * @param libraries    jars for {@code WEB-INF/lib}: the runtime dependencies, not the provided ones
     */
    SarWriter(Path classesDir, Path sarSourceDir, List<Path> libraries) {
        this.classesDir = classesDir;
        this.sarSourceDir = sarSourceDir;
        this.libraries = List.copyOf(libraries);
    }

    /** Writes the archive to {@code target}, replacing any previous one atomically. */
    void write(Path target) throws IOException {
        Map<String, Path> entries = entries();
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp); ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, Path> e : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    if (e.getValue() != null) {
                        Files.copy(e.getValue(), zip);
                    }
                    zip.closeEntry();
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Entry name to file (null for a directory), sorted by name. */
    Map<String, Path> entries() throws IOException {
        Map<String, Path> entries = new TreeMap<>();
        addTree(entries, sarSourceDir, "");
        addTree(entries, classesDir, "WEB-INF/classes/");
        for (Path lib : libraries) {
            entries.put("WEB-INF/", null);
            entries.put("WEB-INF/lib/", null);
            entries.put("WEB-INF/lib/" + lib.getFileName(), lib);
        }
        if (!entries.containsKey("WEB-INF/")) {
            entries.put("WEB-INF/", null); // the container requires WEB-INF even for an empty application
        }
        return entries;
    }

    private static void addTree(Map<String, Path> entries, Path root, String prefix) throws IOException {
        if (root == null || !Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted().toList()) {
                String relative = root.relativize(p).toString().replace('\\', '/');
                String name = prefix + relative;
                if (Files.isDirectory(p)) {
                    addParents(entries, name.isEmpty() ? "" : name + "/");
                } else {
                    addParents(entries, name);
                    entries.put(name, p);
                }
            }
        }
    }

    /** Adds the directory entries a path implies, as jar tools do. */
    private static void addParents(Map<String, Path> entries, String name) {
        for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
            entries.putIfAbsent(name.substring(0, slash + 1), null);
        }
    }
}
