package io.sipcontainer.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.deploy.DeploymentException;
import io.sipcontainer.deploy.DescriptorLoader;
import io.sipcontainer.deploy.LoadedApplication;
import io.sipcontainer.deploy.ServletDescriptor;
import io.sipcontainer.server.SipServer;

/**
 * The applications as the deploy folder and the running server see them, and the two actions the
 * console takes on that folder. Deploying never bypasses the folder's watcher: an uploaded archive
 * is written under a hidden name (which the watcher ignores), checked the way the deployer will
 * check it, then moved into place in one atomic rename, and the watcher deploys it as it would a
 * copied file. Undeploying deletes the archive (a .sar directory is first renamed to a hidden name,
 * so the watcher never sees it half deleted). Each archive's state is {@code deployed},
 * {@code refused} (with the deployer's reason) or {@code pending} (the watcher has not acted yet).
 */
final class Deployments {
    /** A plain file name: no path, not hidden, ending in .sar. */
    static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,120}\\.sar");
    /** The largest archive accepted by upload. */
    static final long MAX_UPLOAD_BYTES = 256L << 20;

    private final SipServer server;
    private final Path deployDir;
    private final Path workDir;
    private final DescriptorLoader loader = new DescriptorLoader(Deployments.class.getClassLoader());

    Deployments(SipServer server) {
        this.server = server;
        this.deployDir = server.config().deployDir();
        this.workDir = server.config().workDir();
    }

    /** False when {@code deploy_scan_interval = 0}: the folder is read at start-up only. */
    boolean hotDeploy() {
        return !server.config().deployScanInterval().isZero();
    }

    Path deployDir() {
        return deployDir;
    }

    /** Every archive in the folder and every running application, archive name order. */
    List<Map<String, Object>> list() throws IOException {
        Map<Path, SipAppContext> bySource = new HashMap<>();
        for (SipAppContext app : server.applications().all()) {
            bySource.put(app.loaded().archive().source().toAbsolutePath().normalize(), app);
        }
        Map<Path, String> refusals = server.deploymentRefusals();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Path file : archives()) {
            Path key = file.toAbsolutePath().normalize();
            SipAppContext app = bySource.remove(key);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file.getFileName().toString());
            m.put("directory", Files.isDirectory(file));
            m.put("size", Files.isDirectory(file) ? 0L : Files.size(file));
            m.put("modified", Files.getLastModifiedTime(file).toInstant().toString());
            String refusal = refusals.get(key);
            if (app != null) {
                describe(m, app);
            } else if (refusal != null) {
                m.put("state", "refused");
                m.put("reason", refusal);
            } else {
                m.put("state", "pending");
            }
            out.add(m);
        }
        for (SipAppContext app : bySource.values()) { // deployed from a path no longer in the folder
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", app.loaded().archive().name());
            describe(m, app);
            out.add(m);
        }
        return out;
    }

    private static void describe(Map<String, Object> m, SipAppContext app) {
        m.put("state", "deployed");
        m.put("application", app.name());
        m.put("displayName", app.descriptor().displayName());
        m.put("servlets", app.descriptor().servlets().stream().map(ServletDescriptor::name).toList());
        m.put("mainServlet", app.descriptor().mainServlet());
    }

    /**
     * Puts an uploaded archive into the deploy folder after checking it; the watcher deploys it.
     *
     * @return the file name and the application name the archive declares
     * @throws ApiException 400 for a bad name or archive, 409 when hot deployment is off or another
     *                      archive holds the application's name, 413 when too large
     */
    Map<String, Object> upload(String fileName, InputStream body) throws ApiException, IOException {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
            throw new ApiException(400, "the file name must be a plain name ending in .sar (letters, digits, '.', '_', '-')");
        }
        if (!hotDeploy()) {
            throw new ApiException(409, "hot deployment is off (deploy_scan_interval = 0): copy the archive and restart");
        }
        Files.createDirectories(deployDir);
        Path staging = Files.createTempDirectory(deployDir, ".upload-");
        try {
            Path staged = staging.resolve(fileName); // the deployer names an application after its file
            copyLimited(body, staged);
            String application = check(staged);
            Path target = deployDir.resolve(fileName);
            for (SipAppContext app : server.applications().all()) {
                Path source = app.loaded().archive().source().toAbsolutePath().normalize();
                if (app.name().equals(application) && !source.equals(target.toAbsolutePath().normalize())) {
                    throw new ApiException(409, "an application named '" + application + "' is already deployed from "
                            + source.getFileName() + "; undeploy it first");
                }
            }
            if (Files.isDirectory(target)) {
                throw new ApiException(409, fileName + " is a directory in the deploy folder; undeploy it first");
            }
            if (Files.exists(target)) { // a replacement must look changed to the watcher (size and time)
                long previous = Files.getLastModifiedTime(target).toMillis();
                Files.setLastModifiedTime(staged,
                        FileTime.fromMillis(Math.max(System.currentTimeMillis(), previous + 1000)));
            }
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", fileName);
            m.put("application", application);
            m.put("state", "pending");
            return m;
        } finally {
            deleteTree(staging);
        }
    }

    private static void copyLimited(InputStream body, Path to) throws IOException, ApiException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(to)) {
            for (int n; (n = body.read(buffer)) > 0; ) {
                total += n;
                if (total > MAX_UPLOAD_BYTES) {
                    throw new ApiException(413, "the archive is larger than " + (MAX_UPLOAD_BYTES >> 20) + " MiB");
                }
                out.write(buffer, 0, n);
            }
        }
        if (total == 0) {
            throw new ApiException(400, "the upload is empty");
        }
    }

    /** Loads the archive as the deployer will (descriptor, classes), then lets it go; its application name. */
    private String check(Path archive) throws ApiException {
        Path unpackTo = workDir.resolve("console-check-" + UUID.randomUUID());
        try (LoadedApplication loaded = loader.load(archive, unpackTo)) {
            return loaded.descriptor().applicationName();
        } catch (DeploymentException e) {
            throw new ApiException(400, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            throw new ApiException(400, archive.getFileName() + ": " + e);
        } finally {
            try {
                deleteTree(unpackTo);
            } catch (IOException ignored) {
                // a leftover in the work folder is removed at the next start
            }
        }
    }

    /**
     * Removes an archive named by its file or its application name; the watcher undeploys it.
     *
     * @return the file removed and the application it held (null when it was not deployed)
     * @throws ApiException 404 when no archive matches, 409 when hot deployment is off
     */
    Map<String, Object> undeploy(String fileOrApplication) throws ApiException, IOException {
        if (!hotDeploy()) {
            throw new ApiException(409, "hot deployment is off (deploy_scan_interval = 0): remove the archive and restart");
        }
        Path file = find(fileOrApplication);
        String application = null;
        for (SipAppContext app : server.applications().all()) {
            if (app.loaded().archive().source().toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())) {
                application = app.name();
            }
        }
        if (Files.isDirectory(file)) {
            Path hidden = deployDir.resolve(".undeploy-" + UUID.randomUUID() + "-" + file.getFileName());
            Files.move(file, hidden, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(hidden);
        } else {
            Files.delete(file);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.getFileName().toString());
        m.put("application", application);
        return m;
    }

    private Path find(String fileOrApplication) throws ApiException, IOException {
        if (fileOrApplication == null || fileOrApplication.isBlank()) {
            throw new ApiException(400, "name the archive or the application to undeploy");
        }
        if (FILE_NAME.matcher(fileOrApplication).matches()) {
            Path file = deployDir.resolve(fileOrApplication);
            if (Files.exists(file)) {
                return file;
            }
        }
        SipAppContext app = server.applications().get(fileOrApplication);
        if (app != null) {
            Path source = app.loaded().archive().source().toAbsolutePath().normalize();
            if (source.getParent() != null && source.getParent().equals(deployDir.toAbsolutePath().normalize())
                    && Files.exists(source)) {
                return source;
            }
        }
        throw new ApiException(404, "no archive or application '" + fileOrApplication + "' in " + deployDir);
    }

    private List<Path> archives() throws IOException {
        TreeSet<Path> found = new TreeSet<>();
        if (!Files.isDirectory(deployDir)) {
            return List.of();
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(deployDir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".sar")) {
                    found.add(p);
                }
            }
        }
        return List.copyOf(found);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
