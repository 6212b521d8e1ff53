package io.sipcontainer.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Lists the classes of an application, {@code WEB-INF/classes} first and then each library jar, as
 * binary class names, keeping only those whose class file contains a given byte sequence (an
 * annotation package name as it appears in the constant pool). Module descriptors and entries under
 * {@code META-INF/} (multi-release variants) are not classes of the application's own namespace.
 */
public final class ClassFileFinder {

    private static final String CLASS_SUFFIX = ".class";

    private ClassFileFinder() {
    }

    /** Binary names of the application's classes whose class file contains {@code marker}. */
    public static List<String> annotatedCandidates(SarArchive archive, byte[] marker) throws DeploymentException {
        List<String> names = new ArrayList<>();
        if (archive.classesDir().isPresent()) {
            scanDirectory(archive, archive.classesDir().get(), marker, names);
        }
        for (Path jar : archive.libJars()) {
            scanJar(archive, jar, marker, names);
        }
        return names;
    }

    private static void scanDirectory(SarArchive archive, Path classes, byte[] marker, List<String> names)
            throws DeploymentException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(CLASS_SUFFIX) && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new DeploymentException(archive.name(), "cannot list WEB-INF/classes: " + e, e);
        }
        for (Path file : files) {
            String entry = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            if (isApplicationClass(entry)) {
                try {
                    if (contains(Files.readAllBytes(file), marker)) {
                        names.add(binaryName(entry));
                    }
                } catch (IOException e) {
                    throw new DeploymentException(archive.name(), "cannot read WEB-INF/classes/" + entry + ": " + e, e);
                }
            }
        }
    }

    private static void scanJar(SarArchive archive, Path jar, byte[] marker, List<String> names)
            throws DeploymentException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory() || !isApplicationClass(entry.getName())) {
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    if (contains(in.readAllBytes(), marker)) {
                        names.add(binaryName(entry.getName()));
                    }
                }
            }
        } catch (IOException e) {
            throw new DeploymentException(archive.name(), "cannot read WEB-INF/lib/" + jar.getFileName() + ": " + e, e);
        }
    }

    private static boolean isApplicationClass(String entry) {
        return entry.endsWith(CLASS_SUFFIX) && !entry.startsWith("META-INF/")
                && !entry.endsWith("module-info.class");
    }

    private static String binaryName(String entry) {
        return entry.substring(0, entry.length() - CLASS_SUFFIX.length()).replace('/', '.');
    }

    static boolean contains(byte[] data, byte[] marker) {
        outer:
        for (int start = 0; start <= data.length - marker.length; start++) {
            for (int i = 0; i < marker.length; i++) {
                if (data[start + i] != marker[i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
