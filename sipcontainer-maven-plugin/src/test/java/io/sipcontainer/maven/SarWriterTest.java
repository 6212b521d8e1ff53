package io.sipcontainer.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SarWriterTest {

    @TempDir
    Path dir;

    @Test
    void putsClassesUnderWebInfLibrariesInLibAndTheSarFolderAtTheRoot() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/org/example"));
        Files.writeString(classes.resolve("Hello.class"), "bytes");
        Path sarSources = Files.createDirectories(dir.resolve("sar/WEB-INF"));
        Files.writeString(sarSources.resolve("sip.xml"), "<sip-app/>");
        Path lib = Files.writeString(dir.resolve("util.jar"), "jar");
        Path target = dir.resolve("out/app.sar");

        new SarWriter(dir.resolve("classes"), dir.resolve("sar"), List.of(lib)).write(target);

        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(target.toFile())) {
            zip.stream().forEach(e -> names.add(e.getName()));
        }
        assertTrue(names.contains("WEB-INF/classes/org/example/Hello.class"), names.toString());
        assertTrue(names.contains("WEB-INF/sip.xml"), names.toString());
        assertTrue(names.contains("WEB-INF/lib/util.jar"), names.toString());
        assertEquals(names.stream().sorted().toList(), names, "sorted, so a rebuild gives the same archive");
        try (var files = Files.list(target.getParent())) {
            assertEquals(1, files.count(), "no temporary file left beside the archive");
        }
    }

    @Test
    void anEmptyProjectStillHasWebInf() throws Exception {
        Path target = dir.resolve("empty.sar");
        new SarWriter(dir.resolve("none"), dir.resolve("none2"), List.of()).write(target);
        try (ZipFile zip = new ZipFile(target.toFile())) {
            assertTrue(zip.getEntry("WEB-INF/") != null);
        }
    }

    @Test
    void theFingerprintChangesWhenAClassIsRewritten() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(classes.resolve("A.class"), "one");
        Fingerprint before = Fingerprint.of(classes);
        Files.writeString(classes.resolve("A.class"), "three");
        assertNotEquals(before, Fingerprint.of(classes));
    }
}
