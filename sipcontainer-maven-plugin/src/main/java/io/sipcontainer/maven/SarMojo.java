package io.sipcontainer.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Builds {@code target/<finalName>.sar} (classes, runtime libraries, {@code src/main/sar}); with
 * the {@code sar} packaging it is the project's artifact, bound to {@code package}.
 */
@Mojo(name = "sar", defaultPhase = LifecyclePhase.PACKAGE, requiresDependencyResolution = ResolutionScope.RUNTIME,
        threadSafe = true)
public class SarMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** The folder whose content goes to the archive's root: WEB-INF/sip.xml, WEB-INF/web.xml, web files. */
    @Parameter(defaultValue = "${project.basedir}/src/main/sar")
    private File sarSourceDirectory;

    @Override
    public void execute() throws MojoExecutionException {
        Path target = Path.of(project.getBuild().getDirectory(), project.getBuild().getFinalName() + ".sar");
        try {
            new SarWriter(Path.of(project.getBuild().getOutputDirectory()), sarSourceDirectory.toPath(),
                    Libraries.runtime(project)).write(target);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write " + target + ": " + e.getMessage(), e);
        }
        if ("sar".equals(project.getPackaging())) {
            project.getArtifact().setFile(target.toFile());
        }
        getLog().info("SIP application archive: " + target);
    }
}
