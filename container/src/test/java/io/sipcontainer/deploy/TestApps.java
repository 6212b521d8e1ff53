package io.sipcontainer.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Builds application layouts for tests: Java sources compiled at test time with the JDK compiler
 * into {@code WEB-INF/classes} (or a jar in {@code WEB-INF/lib}), an optional sip.xml, and the whole
 * thing left exploded or zipped into a .sar.
 */
final class TestApps {

    private final Path root;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> libSources = new LinkedHashMap<>();
    private final List<Class<?>> alsoVisible = new ArrayList<>();
    private String sipXml;

    private TestApps(Path root) {
        this.root = root;
    }

    /** An application to be laid out in the directory {@code root} (e.g. {@code .../echo.sar}). */
    static TestApps at(Path root) {
        return new TestApps(root);
    }

    TestApps source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    /** A class compiled into {@code WEB-INF/lib/lib.jar} instead of {@code WEB-INF/classes}. */
    TestApps libSource(String className, String code) {
        libSources.put(className, code);
        return this;
    }

    /** Compiles the sources against these classes too (besides the APIs), e.g. container internals. */
    TestApps compiledAgainst(Class<?>... classes) {
        alsoVisible.addAll(List.of(classes));
        return this;
    }

    TestApps sipXml(String content) {
        sipXml = content;
        return this;
    }

    /** Lays the application out as a directory and returns it. */
    Path exploded() throws IOException {
        Files.createDirectories(root.resolve("WEB-INF"));
        if (sipXml != null) {
            Files.writeString(root.resolve("WEB-INF/sip.xml"), sipXml);
        }
        if (!sources.isEmpty()) {
            compile(sources, root.resolve("WEB-INF/classes"), alsoVisible);
        }
        if (!libSources.isEmpty()) {
            Path classes = Files.createTempDirectory("lib-classes");
            compile(libSources, classes, alsoVisible);
            Files.createDirectories(root.resolve("WEB-INF/lib"));
            zip(classes, root.resolve("WEB-INF/lib/lib.jar"));
            SarArchive.deleteTree(classes);
        }
        return root;
    }

    /** Lays the application out, zips it into {@code sar} and removes the directory. */
    Path zipped(Path sar) throws IOException {
        exploded();
        zip(root, sar);
        SarArchive.deleteTree(root);
        return sar;
    }

    static void zip(Path directory, Path zipFile) throws IOException {
        try (OutputStream out = Files.newOutputStream(zipFile);
                ZipOutputStream zip = new ZipOutputStream(out);
                Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(directory.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }

    /** Compiles sources (binary class name to code) against the SIP Servlet and Servlet APIs. */
    static void compile(Map<String, String> sources, Path outputDir) throws IOException {
        compile(sources, outputDir, List.of());
    }

    /**
     * Compiles against the APIs and also the class path entries holding {@code alsoVisible} (e.g. a
     * container class, to build an application that uses the container's internals).
     */
    static void compile(Map<String, String> sources, Path outputDir, List<Class<?>> alsoVisible) throws IOException {
        Files.createDirectories(outputDir);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, code) -> units.add(new Source(name, code)));
        StringWriter diagnostics = new StringWriter();
        List<Class<?>> visible = new ArrayList<>(List.of(jakarta.servlet.sip.SipServlet.class,
                jakarta.servlet.GenericServlet.class));
        visible.addAll(alsoVisible);
        List<String> options = List.of("-d", outputDir.toString(), "-proc:none", "-classpath", classPath(visible));
        boolean ok = compiler.getTask(diagnostics, null, null, options, null, units).call();
        assertTrue(ok, "test sources do not compile: " + diagnostics);
    }

    /** Where these classes come from in this test run (jar or directory, Maven or IDE). */
    private static String classPath(List<Class<?>> types) {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : types) {
            try {
                entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String className, String code) {
            super(java.net.URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension),
                    Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
