package io.sipcontainer.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.maven.artifact.Artifact;
import org.apache.maven.project.MavenProject;

/**
 * The jars an application carries in {@code WEB-INF/lib}: its compile and runtime dependencies.
 * Provided ones (the SIP Servlet API, the container's services) come from the container.
 */
final class Libraries {

    private Libraries() {
    }

    static List<Path> runtime(MavenProject project) {
        List<Path> jars = new ArrayList<>();
        for (Artifact a : project.getArtifacts()) {
            boolean packaged = Artifact.SCOPE_COMPILE.equals(a.getScope()) || Artifact.SCOPE_RUNTIME.equals(a.getScope());
            if (packaged && a.getFile() != null && a.getFile().getName().endsWith(".jar")) {
                jars.add(a.getFile().toPath());
            }
        }
        return jars;
    }
}
