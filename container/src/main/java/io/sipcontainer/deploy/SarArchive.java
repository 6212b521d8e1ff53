package io.sipcontainer.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The file layout of one SIP application: a {@code .sar} (zip) or an exploded directory with
 * {@code WEB-INF/sip.xml} (optional), {@code WEB-INF/classes} and {@code WEB-INF/lib/*.jar}.
 * A zipped archive is unpacked into a fresh directory under a work directory the caller owns, so the
 * class loader reads the copy and the dropped file is never held open: an operator can replace it
 * while the application runs, which is how redeployment works. {@link #delete()} removes that copy.
 */
public final class SarArchive {

    static final String SIP_XML = "WEB-INF/sip.xml";

    private final Path source;
    private final Path root;
    private final boolean unpacked;

    private SarArchive(Path source, Path root, boolean unpacked) {
        this.source = source;
        this.root = root;
        this.unpacked = unpacked;
    }

    /**
     * Opens an exploded application directory in place, or unpacks a zipped archive.
     *
     * @param sarOrDir the .sar file or exploded directory
     * @param workDir  directory under which a zipped archive gets its own new subdirectory; created
     *                 if missing, never cleared (so two versions of one application can coexist
     *                 during a redeploy); unused for exploded directories
     */
    public static SarArchive open(Path sarOrDir, Path workDir) throws DeploymentException {
        String name = fileName(sarOrDir);
        SarArchive archive;
        if (Files.isDirectory(sarOrDir)) {
            archive = new SarArchive(sarOrDir, sarOrDir.toAbsolutePath().normalize(), false);
        } else if (Files.isRegularFile(sarOrDir)) {
            archive = new SarArchive(sarOrDir, unpack(sarOrDir, workDir, name), true);
        } else {
            throw new DeploymentException(name, "no such file or directory: " + sarOrDir);
        }
        if (!Files.isDirectory(archive.root.resolve("WEB-INF"))) {
            archive.delete();
            throw new DeploymentException(name, "no WEB-INF directory: not a SIP application archive");
        }
        return archive;
    }

    private static Path unpack(Path sar, Path workDir, String name) throws DeploymentException {
        Path target;
        try {
            Files.createDirectories(workDir);
            target = Files.createTempDirectory(workDir, baseName(name) + "-").toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new DeploymentException(name, "cannot create a work directory under " + workDir + ": " + e, e);
        }
        try (ZipFile zip = new ZipFile(sar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                extract(zip, entries.nextElement(), target, name);
            }
            return target;
        } catch (ZipException e) {
            deleteTree(target);
            throw new DeploymentException(name, "not a valid zip archive: " + e.getMessage(), e);
        } catch (IOException e) {
            deleteTree(target);
            throw new DeploymentException(name, "cannot unpack into " + target + ": " + e, e);
        } catch (DeploymentException e) {
            deleteTree(target);
            throw e;
        }
    }

    private static void extract(ZipFile zip, ZipEntry entry, Path target, String name)
            throws IOException, DeploymentException {
        Path destination = target.resolve(entry.getName()).normalize();
        // An entry like "../../x" would write outside the work directory ("zip slip").
        if (!destination.startsWith(target)) {
            throw new DeploymentException(name, "entry escapes the archive root: " + entry.getName());
        }
        if (entry.isDirectory()) {
            Files.createDirectories(destination);
            return;
        }
        Files.createDirectories(destination.getParent());
        try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The same application read from {@code newRoot}, a copy made by the container (the jakarta
     * migration's output), which {@link #delete()} removes; the dropped file keeps naming it.
     */
    SarArchive relocatedTo(Path newRoot) {
        return new SarArchive(source, newRoot.toAbsolutePath().normalize(), true);
    }

    /** File name of the archive or directory as dropped, e.g. {@code "echo.sar"}. */
    public String name() {
        return fileName(source);
    }

    /** Name without a trailing {@code .sar}/{@code .zip}: the default application name. */
    public String baseName() {
        return baseName(name());
    }

    /** The path that was opened. */
    public Path source() {
        return source;
    }

    /** Directory the application's files are read from (the unpacked copy for a zipped archive). */
    public Path root() {
        return root;
    }

    /** True when {@link #root()} is a copy made by {@link #open}, which {@link #delete()} removes. */
    public boolean isUnpacked() {
        return unpacked;
    }

    /** {@code WEB-INF/sip.xml} if the application has one (it is optional since SIP Servlet 1.1). */
    public Optional<Path> sipXml() {
        Path sipXml = root.resolve(SIP_XML);
        return Files.isRegularFile(sipXml) ? Optional.of(sipXml) : Optional.empty();
    }

    /** {@code WEB-INF/classes} if present. */
    public Optional<Path> classesDir() {
        Path classes = root.resolve("WEB-INF/classes");
        return Files.isDirectory(classes) ? Optional.of(classes) : Optional.empty();
    }

    /** The jars in {@code WEB-INF/lib}, sorted by file name so class path order is reproducible. */
    public List<Path> libJars() {
        Path lib = root.resolve("WEB-INF/lib");
        if (!Files.isDirectory(lib)) {
            return List.of();
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(lib, "*.{jar,JAR}")) {
            stream.forEach(p -> {
                if (Files.isRegularFile(p)) {
                    jars.add(p);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + lib, e);
        }
        jars.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return List.copyOf(jars);
    }

    /** Class path of the application: {@code WEB-INF/classes/} first, then the library jars. */
    public URL[] classPath() {
        List<URL> urls = new ArrayList<>();
        try {
            if (classesDir().isPresent()) {
                urls.add(classesDir().get().toUri().toURL());
            }
            for (Path jar : libJars()) {
                urls.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException("a file path did not convert to a URL", e);
        }
        return urls.toArray(URL[]::new);
    }

    /** Removes the unpacked copy; does nothing for an exploded directory opened in place. */
    public void delete() {
        if (unpacked) {
            deleteTree(root);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: a leftover copy in the work directory is harmless.
        }
    }

    static String fileName(Path path) {
        Path fileName = path.toAbsolutePath().normalize().getFileName();
        return fileName == null ? path.toString() : fileName.toString();
    }

    static String baseName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".sar") || lower.endsWith(".zip")) {
            return fileName.substring(0, fileName.length() - 4);
        }
        return fileName;
    }

    @Override
    public String toString() {
        return "SarArchive[" + source + (unpacked ? " unpacked at " + root : "") + "]";
    }
}
