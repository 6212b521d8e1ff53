package io.sipcontainer.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds SIP application archives ({@code .sar}, a zip) for end-to-end tests: an optional
 * {@code WEB-INF/sip.xml}, servlet classes copied from the test class path (with their nested and
 * anonymous classes) into {@code WEB-INF/classes}, and any extra entries. {@link #writeTo(Path)}
 * writes under a hidden temporary name and then renames atomically, so the deploy directory watcher
 * never sees a half-written archive. It also makes the deliberately broken archives that deployment
 * tests need ({@link #writeGarbage}, {@link #missingServletClass}).
 *
 * <p>Note: the container's application class loader takes {@code io.sipcontainer.*} classes (except
 * {@code io.sipcontainer.apps.*}) from its parent, i.e. from the test class path; put test servlets
 * in another package if the copies inside the archive must be the ones loaded.
 */
public final class SarBuilder {

    /** The namespace the container's sip.xml parser expects (it also accepts none). */
    public static final String SIP_XML_NAMESPACE = "http://www.jcp.org/xml/ns/sipservlet";

    private final String fileName;
    private String sipXml;
    private final List<Class<?>> classes = new ArrayList<>();
    private final Map<String, byte[]> extraEntries = new LinkedHashMap<>();

    private SarBuilder(String fileName) {
        this.fileName = fileName.endsWith(".sar") ? fileName : fileName + ".sar";
    }

    /** A builder for an archive called {@code fileName} ({@code .sar} is appended if missing). */
    public static SarBuilder named(String fileName) {
        Objects.requireNonNull(fileName, "fileName");
        if (fileName.isBlank() || fileName.contains("/") || fileName.startsWith(".")) {
            throw new IllegalArgumentException("not a plain, visible file name: '" + fileName + "'");
        }
        return new SarBuilder(fileName);
    }

    /** The archive's file name, ending in {@code .sar}. */
    public String fileName() {
        return fileName;
    }

    /** Puts {@code xml} at {@code WEB-INF/sip.xml}; without this call the archive has no sip.xml. */
    public SarBuilder sipXml(String xml) {
        this.sipXml = Objects.requireNonNull(xml, "xml");
        return this;
    }

    /** Copies these classes' {@code .class} files, and those of their nested classes, into the archive. */
    public SarBuilder withClasses(Class<?>... servletClasses) {
        Collections.addAll(classes, servletClasses);
        return this;
    }

    /** Adds any entry, e.g. {@code WEB-INF/lib/x.jar} or a resource; {@code path} uses '/'. */
    public SarBuilder withEntry(String path, byte[] content) {
        extraEntries.put(Objects.requireNonNull(path, "path"), content.clone());
        return this;
    }

    /** Adds a UTF-8 text entry. */
    public SarBuilder withEntry(String path, String content) {
        return withEntry(path, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The archive's bytes. */
    public byte[] toBytes() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        if (sipXml != null) {
            entries.put("WEB-INF/sip.xml", sipXml.getBytes(StandardCharsets.UTF_8));
        }
        for (Class<?> c : classes) {
            entries.putAll(classFiles(c));
        }
        entries.putAll(extraEntries);
        return zip(entries);
    }

    /**
     * Writes the archive into {@code dir} (created if needed) and returns its path. The bytes go to a
     * hidden temporary file first, which is then renamed atomically over any previous archive of the
     * same name; a replacement gets a modification time at least one second after the old one, so a
     * watcher comparing size and time always notices it.
     */
    public Path writeTo(Path dir) {
        return writeAtomically(dir, fileName, toBytes());
    }

    /** Writes a file called {@code fileName} that ends in .sar but is not a zip at all. */
    public static Path writeGarbage(Path dir, String fileName) {
        String name = fileName.endsWith(".sar") ? fileName : fileName + ".sar";
        byte[] junk = "this is not a zip archive\u0000\u0001\u0002 PK?".repeat(64)
                .getBytes(StandardCharsets.ISO_8859_1);
        return writeAtomically(dir, name, junk);
    }

    /**
     * A well-formed archive whose sip.xml declares application {@code appName} with a main servlet
     * whose class does not exist, so deployment must refuse it.
     */
    public static SarBuilder missingServletClass(String fileName, String appName) {
        return named(fileName).sipXml(sipXml(appName, "missing", "io.sipcontainer.it.does.not.Exist"));
    }

    /**
     * A minimal sip.xml: application {@code appName} with one servlet, loaded on start-up and
     * selected as the main servlet (so it receives every request routed to the application).
     */
    public static String sipXml(String appName, String servletName, String servletClassName) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <sip-app xmlns="%s" version="2.0">
                  <app-name>%s</app-name>
                  <display-name>%s</display-name>
                  <servlet>
                    <servlet-name>%s</servlet-name>
                    <servlet-class>%s</servlet-class>
                    <load-on-startup>1</load-on-startup>
                  </servlet>
                  <servlet-selection>
                    <main-servlet>%s</main-servlet>
                  </servlet-selection>
                </sip-app>
                """.formatted(SIP_XML_NAMESPACE, appName, appName, servletName, servletClassName, servletName);
    }

    private static Path writeAtomically(Path dir, String name, byte[] bytes) {
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(name);
            // a leading dot: the deploy watcher ignores hidden entries, and the name does not end in .sar
            Path temp = Files.createTempFile(dir, "." + name + ".", ".tmp");
            try {
                Files.write(temp, bytes);
                if (Files.exists(target)) {
                    long previous = Files.getLastModifiedTime(target).toMillis();
                    long stamp = Math.max(System.currentTimeMillis(), previous + 1000);
                    Files.setLastModifiedTime(temp, FileTime.fromMillis(stamp));
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + " into " + dir, e);
        }
    }

    /** The class file of {@code c} and of every class nested in it (Outer$*.class), by entry name. */
    private static Map<String, byte[]> classFiles(Class<?> c) {
        String resource = c.getName().replace('.', '/') + ".class";
        ClassLoader loader = c.getClassLoader() != null ? c.getClassLoader() : ClassLoader.getSystemClassLoader();
        URL url = loader.getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("no class file for " + c.getName() + " on the class path");
        }
        String nestedPrefix = resource.substring(0, resource.length() - ".class".length()) + "$";
        TreeSet<String> names = new TreeSet<>();
        names.add(resource);
        try {
            switch (url.getProtocol()) {
                case "file" -> {
                    Path file = Path.of(url.toURI());
                    String simplePrefix = file.getFileName().toString().replace(".class", "$");
                    try (Stream<Path> siblings = Files.list(file.getParent())) {
                        siblings.map(p -> p.getFileName().toString())
                                .filter(n -> n.startsWith(simplePrefix) && n.endsWith(".class"))
                                .forEach(n -> names.add(nestedPrefix + n.substring(simplePrefix.length())));
                    }
                }
                case "jar" -> {
                    JarURLConnection connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (JarFile jar = connection.getJarFile()) {
                        jar.stream().map(ZipEntry::getName)
                                .filter(n -> n.startsWith(nestedPrefix) && n.endsWith(".class"))
                                .forEach(names::add);
                    }
                }
                default -> throw new IllegalArgumentException("cannot list classes next to " + url);
            }
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (String name : names) {
                try (InputStream in = loader.getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IllegalStateException("class file vanished: " + name);
                    }
                    files.put("WEB-INF/classes/" + name, in.readAllBytes());
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class files of " + c.getName(), e);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad class file location " + url, e);
        }
    }

    /** Zips the entries, adding the directory entries their paths imply, as jar tools do. */
    private static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            TreeSet<String> directories = new TreeSet<>();
            for (String name : entries.keySet()) {
                for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                    directories.add(name.substring(0, slash + 1));
                }
            }
            for (String dir : directories) {
                zip.putNextEntry(new ZipEntry(dir));
                zip.closeEntry();
            }
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build a zip in memory", e);
        }
        return bytes.toByteArray();
    }
}
