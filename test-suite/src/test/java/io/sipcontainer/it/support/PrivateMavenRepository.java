package io.sipcontainer.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A Maven local repository of a test's own, so a generated project builds against this checkout's
 * artifacts without anything being installed into the shared {@code ~/.m2}: the reactor's jars and
 * poms are laid out in it as {@code mvn install} would, and a settings file mirrors every remote
 * repository to the reactor's own local repository as a {@code file:} URL, so third-party
 * artifacts come from what the reactor build already has and nothing is fetched from a network.
 */
public final class PrivateMavenRepository {

    /** The version of this checkout's artifacts. */
    public static final String VERSION = "0.1.0-SNAPSHOT";
    private static final String GROUP = "io/sipcontainer";

    private final Path root;
    private final Path settings;

    private PrivateMavenRepository(Path root, Path settings) {
        this.root = root;
        this.settings = settings;
    }

    /**
     * Creates the repository under {@code dir}, with the artifacts of the modules under
     * {@code checkout} (built, at least to {@code package}) and settings mirroring {@code sharedRepository}.
     */
    public static PrivateMavenRepository create(Path dir, Path checkout, Path sharedRepository) {
        try {
            Path root = Files.createDirectories(dir.resolve("repository"));
            PrivateMavenRepository repo = new PrivateMavenRepository(root, dir.resolve("settings.xml"));
            repo.put("sipcontainer-parent", checkout.resolve("pom.xml"), null);
            repo.module(checkout, "sip-servlets-api", "sip-servlets-api", "sip-servlets-api");
            repo.module(checkout, "services-api", "sipcontainer-services-api", "sipcontainer-services-api");
            repo.module(checkout, "container", "container", "sipcontainer"); // finalName sipcontainer
            repo.module(checkout, "sip-testkit", "sipcontainer-testkit", "sipcontainer-testkit");
            repo.module(checkout, "sipcontainer-maven-plugin", "sipcontainer-maven-plugin", "sipcontainer-maven-plugin");
            repo.module(checkout, "sipcontainer-archetype", "sipcontainer-archetype", "sipcontainer-archetype");
            Files.writeString(repo.settings, """
                    <settings>
                      <mirrors>
                        <mirror>
                          <id>reactor-local-repository</id>
                          <mirrorOf>*</mirrorOf>
                          <url>%s</url>
                        </mirror>
                      </mirrors>
                    </settings>
                    """.formatted(sharedRepository.toUri()), StandardCharsets.UTF_8);
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out a private Maven repository under " + dir, e);
        }
    }

    /** The repository folder, for {@code -Dmaven.repo.local}. */
    public Path root() {
        return root;
    }

    /** The settings file, for {@code -s}. */
    public Path settings() {
        return settings;
    }

    private void module(Path checkout, String folder, String artifactId, String builtName) throws IOException {
        Path module = checkout.resolve(folder);
        String jarName = builtName.equals(artifactId) ? artifactId + "-" + VERSION + ".jar" : builtName + ".jar";
        Path jar = module.resolve("target").resolve(jarName);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the reactor (mvn package) first");
        }
        put(artifactId, module.resolve("pom.xml"), jar);
    }

    private void put(String artifactId, Path pom, Path jar) throws IOException {
        Path dir = Files.createDirectories(root.resolve(GROUP).resolve(artifactId).resolve(VERSION));
        Files.copy(pom, dir.resolve(artifactId + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifactId + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
