package io.sipcontainer.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * Writes an exploded application folder from classes on the test class path: each class's
 * {@code .class} file with those of its nested and anonymous classes, and its package's
 * {@code package-info.class} (where {@code @SipApplication} usually sits), under
 * {@code WEB-INF/classes}. The container loads an application's own classes before its parent's,
 * so the copies are the ones that run, in the application's class loader, as in production.
 */
final class ExplodedApp {

    private ExplodedApp() {
    }

    /** Copies the class files of {@code classes} into {@code appDir/WEB-INF/classes}. */
    static void writeClasses(Path appDir, Class<?>... classes) {
        Path target = appDir.resolve("WEB-INF").resolve("classes");
        for (Class<?> c : classes) {
            ClassLoader loader = c.getClassLoader() != null ? c.getClassLoader() : ClassLoader.getSystemClassLoader();
            for (String name : classFileNames(c, loader)) {
                copyResource(loader, name, target.resolve(name));
            }
        }
    }

    /** Copies the folder {@code from} (e.g. {@code src/main/sar}) over {@code appDir}. */
    static void copyTree(Path from, Path appDir) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path to = appDir.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + appDir, e);
        }
    }

    private static void copyResource(ClassLoader loader, String name, Path to) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("class file vanished: " + name);
            }
            Files.createDirectories(to.getParent());
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + name, e);
        }
    }

    /** {@code a/b/C.class}, {@code a/b/C$*.class} and {@code a/b/package-info.class} when present. */
    private static Set<String> classFileNames(Class<?> c, ClassLoader loader) {
        String resource = c.getName().replace('.', '/') + ".class";
        URL url = loader.getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("no class file for " + c.getName() + " on the class path");
        }
        Set<String> names = new TreeSet<>();
        names.add(resource);
        int slash = resource.lastIndexOf('/');
        String packageInfo = resource.substring(0, slash + 1) + "package-info.class";
        if (loader.getResource(packageInfo) != null) {
            names.add(packageInfo);
        }
        String nestedPrefix = resource.substring(0, resource.length() - ".class".length()) + "$";
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
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the class files of " + c.getName(), e);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad class file location " + url, e);
        }
        return names;
    }
}
