package io.sipcontainer.it.support;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

import org.apache.tomcat.jakartaee.EESpecProfiles;
import org.apache.tomcat.jakartaee.Migration;

/**
 * Compiles application sources written for JSR 289/359 as published ({@code javax.servlet.sip},
 * {@code javax.servlet}) at test time, for tests of legacy archives. The {@code javax} API it compiles
 * against is this build's own jakarta API (sip-servlets-api, the Servlet API, Jakarta Annotations) rewritten back to
 * {@code javax} by jakartaee-migration's JEE8 profile, so every signature matches what the container
 * offers after migrating the archive forward again; no pre-built javax artifact is needed.
 */
public final class JavaxCompiler {

    private final Path workDir;
    private List<Path> javaxApi;

    /** @param workDir a scratch directory (a JUnit {@code @TempDir}) */
    public JavaxCompiler(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * Compiles {@code sources} (binary class name to source text) against the javax API and returns
     * the class files by archive entry name ({@code WEB-INF/classes/a/b/C.class}).
     */
    public Map<String, byte[]> compile(Map<String, String> sources) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no system Java compiler: run the tests on a JDK");
        }
        try {
            Path out = Files.createTempDirectory(workDir, "javax-classes-");
            List<JavaFileObject> units = new ArrayList<>();
            sources.forEach((name, text) -> units.add(new Source(name, text)));
            StringWriter diagnostics = new StringWriter();
            try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
                files.setLocation(StandardLocation.CLASS_PATH, javaxApi().stream().map(Path::toFile).toList());
                files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(out.toFile()));
                Boolean ok = compiler.getTask(diagnostics, files, null, List.of("-proc:none", "--release", "17"),
                        null, units).call();
                if (!Boolean.TRUE.equals(ok)) {
                    throw new IllegalStateException("javax sources do not compile:\n" + diagnostics);
                }
            }
            Map<String, byte[]> classes = new LinkedHashMap<>();
            try (Stream<Path> walk = Files.walk(out)) {
                for (Path p : walk.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                    classes.put("WEB-INF/classes/" + out.relativize(p).toString().replace(File.separatorChar, '/'),
                            Files.readAllBytes(p));
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class path entries of the javax API, migrated once per instance. */
    private synchronized List<Path> javaxApi() throws IOException {
        if (javaxApi == null) {
            java.util.logging.Logger.getLogger("org.apache.tomcat.jakartaee").setLevel(java.util.logging.Level.WARNING);
            List<Path> api = new ArrayList<>();
            int i = 0;
            for (Class<?> anchor : List.of(jakarta.servlet.sip.SipServlet.class, jakarta.servlet.GenericServlet.class,
                    jakarta.annotation.Resource.class)) {
                Path source = locationOf(anchor);
                Path target = workDir.resolve("javax-api-" + i++ + (Files.isDirectory(source) ? "" : ".jar"));
                Migration back = new Migration();
                back.setEESpecProfile(EESpecProfiles.JEE8);
                back.setSource(source.toFile());
                back.setDestination(target.toFile());
                back.execute();
                // the tool renames a jar's entries but not a directory's folders (sip-servlets-api
                // comes as target/classes inside the reactor build)
                if (Files.isDirectory(target.resolve("jakarta"))) {
                    Files.move(target.resolve("jakarta"), target.resolve("javax"));
                }
                api.add(target);
            }
            javaxApi = List.copyOf(api);
        }
        return javaxApi;
    }

    private static Path locationOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + c, e);
        }
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String binaryName, String text) {
            super(java.net.URI.create("string:///" + binaryName.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
