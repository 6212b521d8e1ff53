package io.sipcontainer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SarArchiveTest {

    @TempDir
    Path dir;

    private Path layout(Path root) throws Exception {
        Files.createDirectories(root.resolve("WEB-INF/classes/com/example"));
        Files.createDirectories(root.resolve("WEB-INF/lib"));
        Files.writeString(root.resolve("WEB-INF/sip.xml"), "<sip-app/>");
        Files.writeString(root.resolve("WEB-INF/classes/com/example/A.class"), "not really");
        Files.writeString(root.resolve("WEB-INF/lib/b.jar"), "b");
        Files.writeString(root.resolve("WEB-INF/lib/a.jar"), "a");
        Files.writeString(root.resolve("WEB-INF/lib/notes.txt"), "not a jar");
        return root;
    }

    @Test
    void explodedDirectoryIsUsedInPlace() throws Exception {
        Path app = layout(dir.resolve("echo.sar"));
        SarArchive archive = SarArchive.open(app, dir.resolve("work"));

        assertFalse(archive.isUnpacked());
        assertEquals(app.toAbsolutePath().normalize(), archive.root());
        assertEquals("echo.sar", archive.name());
        assertEquals("echo", archive.baseName());
        assertEquals(app.resolve("WEB-INF/sip.xml").toAbsolutePath().normalize(), archive.sipXml().orElseThrow());
        assertEquals(List.of("a.jar", "b.jar"), archive.libJars().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(3, archive.classPath().length);
        assertTrue(archive.classPath()[0].toString().endsWith("/WEB-INF/classes/"), "a directory URL ends in /");
        archive.delete();
        assertTrue(Files.exists(app), "an exploded directory is never deleted");
    }

    @Test
    void zippedArchiveIsUnpackedIntoItsOwnWorkDirectoryAndTheFileIsNotNeededAnyMore() throws Exception {
        Path sar = dir.resolve("echo.sar");
        TestApps.zip(layout(dir.resolve("src")), sar);
        Path work = dir.resolve("work");

        SarArchive first = SarArchive.open(sar, work);
        SarArchive second = SarArchive.open(sar, work);
        Files.delete(sar);

        assertTrue(first.isUnpacked());
        assertTrue(first.root().startsWith(work.toAbsolutePath().normalize()));
        assertFalse(first.root().equals(second.root()), "each open gets a fresh directory");
        assertTrue(first.sipXml().isPresent());
        assertEquals(2, first.libJars().size());
        assertTrue(first.classesDir().isPresent());
        first.delete();
        assertFalse(Files.exists(first.root()));
        assertTrue(Files.exists(second.root()));
    }

    @Test
    void sipXmlIsOptional() throws Exception {
        Path app = dir.resolve("bare");
        Files.createDirectories(app.resolve("WEB-INF"));
        SarArchive archive = SarArchive.open(app, dir.resolve("work"));
        assertTrue(archive.sipXml().isEmpty());
        assertTrue(archive.classesDir().isEmpty());
        assertEquals(0, archive.classPath().length);
    }

    @Test
    void archiveWithoutWebInfIsRejectedAndItsCopyRemoved() throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("README"), "hello");
        Path sar = dir.resolve("wrong.sar");
        TestApps.zip(src, sar);
        Path work = dir.resolve("work");

        DeploymentException e = assertThrows(DeploymentException.class, () -> SarArchive.open(sar, work));
        assertEquals("wrong.sar", e.archiveName());
        assertTrue(e.reason().contains("no WEB-INF directory"), e.reason());
        try (var left = Files.list(work)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void corruptZipIsRejected() throws Exception {
        Path sar = dir.resolve("corrupt.sar");
        Files.writeString(sar, "this is not a zip file");
        DeploymentException e = assertThrows(DeploymentException.class, () -> SarArchive.open(sar, dir.resolve("w")));
        assertTrue(e.reason().contains("not a valid zip archive"), e.reason());
    }

    @Test
    void entriesEscapingTheRootAreRejected() throws Exception {
        Path sar = dir.resolve("evil.sar");
        try (OutputStream out = Files.newOutputStream(sar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("WEB-INF/sip.xml"));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("../../escaped.txt"));
            zip.write(1);
            zip.closeEntry();
        }
        Path work = dir.resolve("deep/work");
        DeploymentException e = assertThrows(DeploymentException.class, () -> SarArchive.open(sar, work));
        assertTrue(e.reason().contains("entry escapes the archive root: ../../escaped.txt"), e.reason());
        assertFalse(Files.exists(dir.resolve("escaped.txt")));
        assertFalse(Files.exists(dir.resolve("deep/escaped.txt")));
    }

    @Test
    void missingPathIsRejected() {
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> SarArchive.open(dir.resolve("ghost.sar"), dir.resolve("work")));
        assertTrue(e.reason().startsWith("no such file or directory"), e.reason());
    }
}
