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
 * Reads the class files of an application, {@code WEB-INF/classes} first and then each library jar.
 * {@link #annotatedCandidates} keeps, as binary class names, those whose class file contains a
 * given byte sequence (an annotation package name as it appears in the constant pool); module
 * descriptors and entries under {@code META-INF/} (multi-release variants) are not classes of the
 * application's own namespace there. {@link #forEachClassFile} hands over every class file.
 */
public final class ClassFileFinder {

    private static final String CLASS_SUFFIX = ".class";

    /** Receives one class file: its entry name under WEB-INF/classes or in its jar, and its bytes. */
    @FunctionalInterface
    public interface ClassFileVisitor {
        /** @param where the entry for messages, e.g. {@code WEB-INF/lib/x.jar!/a/B.class} */
        void visit(String entry, String where, byte[] classFile) throws DeploymentException;
    }

    private ClassFileFinder() {
    }

    /** Binary names of the application's classes whose class file contains {@code marker}. */
    public static List<String> annotatedCandidates(SarArchive archive, byte[] marker) throws DeploymentException {
        List<String> names = new ArrayList<>();
        forEachClassFile(archive, (entry, where, bytes) -> {
            if (isApplicationClass(entry) && contains(bytes, marker)) {
                names.add(binaryName(entry));
            }
        });
        return names;
    }

    /** Every {@code .class} entry of the application, META-INF and module descriptors included. */
    public static void forEachClassFile(SarArchive archive, ClassFileVisitor visitor) throws DeploymentException {
        if (archive.classesDir().isPresent()) {
            scanDirectory(archive, archive.classesDir().get(), visitor);
        }
        for (Path jar : archive.libJars()) {
            scanJar(archive, jar, visitor);
        }
    }

    private static void scanDirectory(SarArchive archive, Path classes, ClassFileVisitor visitor)
            throws DeploymentException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(CLASS_SUFFIX) && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new DeploymentException(archive.name(), "cannot list WEB-INF/classes: " + e, e);
        }
        for (Path file : files) {
            String entry = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new DeploymentException(archive.name(), "cannot read WEB-INF/classes/" + entry + ": " + e, e);
            }
            visitor.visit(entry, "WEB-INF/classes/" + entry, bytes);
        }
    }

    private static void scanJar(SarArchive archive, Path jar, ClassFileVisitor visitor) throws DeploymentException {
        String jarName = "WEB-INF/lib/" + jar.getFileName();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().endsWith(CLASS_SUFFIX)) {
                    continue;
                }
                byte[] bytes;
                try (InputStream in = file.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                visitor.visit(entry.getName(), jarName + "!/" + entry.getName(), bytes);
            }
        } catch (IOException e) {
            throw new DeploymentException(archive.name(), "cannot read " + jarName + ": " + e, e);
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
