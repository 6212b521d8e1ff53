package io.sipcontainer.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** The tool lookup on a fake PATH, and what a missing tool does outside and inside CI. */
class RequiredToolsTest {

    @TempDir
    Path dir;

    private static RequiredTools with(Map<String, String> env) {
        return new RequiredTools(env::get);
    }

    private Path executable(Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        Path file = Files.writeString(folder.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void findsTheFirstExecutableOnPathAndIgnoresNonExecutables() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path notExecutable = Files.writeString(Files.createDirectories(dir.resolve("plain")).resolve("sipp"), "");
        Path first = executable(dir.resolve("a"), "sipp");
        executable(dir.resolve("b"), "sipp");
        String path = String.join(File.pathSeparator, empty.toString(), notExecutable.getParent().toString(), "",
                first.getParent().toString(), dir.resolve("b").toString());
        RequiredTools tools = with(Map.of("PATH", path));
        assertEquals(first, tools.require("sipp", "hint"));
        assertNull(tools.find("chromium"));
        assertNull(with(Map.of()).find("sipp"), "no PATH, no tool");
    }

    @Test
    void aMissingToolAbortsTheTestOutsideCi() {
        RequiredTools local = with(Map.of("PATH", dir.toString()));
        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> local.require("sipp", "apt-get install sip-tester"));
        assertTrue(skipped.getMessage().contains("apt-get install sip-tester"), skipped.getMessage());
        RequiredTools notCi = with(Map.of("PATH", dir.toString(), "CI", "false"));
        assertThrows(TestAbortedException.class, () -> notCi.require("sipp", "hint"));
    }

    @Test
    void aMissingToolFailsTheTestInCi() {
        RequiredTools ci = with(Map.of("PATH", dir.toString(), "CI", "true"));
        AssertionError failed = assertThrows(AssertionError.class,
                () -> ci.require("chromedriver", "apt-get install chromium-driver"));
        assertTrue(failed.getMessage().contains("chromedriver is not on PATH"), failed.getMessage());
        assertTrue(failed.getMessage().contains("apt-get install chromium-driver"), failed.getMessage());
        AssertionError folder = assertThrows(AssertionError.class, () -> ci.check(false, "no shared folder", "hint"));
        assertTrue(folder.getMessage().contains("no shared folder"), folder.getMessage());
    }

    @Test
    void aPresentToolPassesInBothModes() throws IOException {
        Path sipp = executable(dir.resolve("bin"), "sipp");
        for (String ci : new String[] {"true", "false"}) {
            RequiredTools tools = with(Map.of("PATH", sipp.getParent().toString(), "CI", ci));
            assertEquals(sipp, tools.require("sipp", "hint"));
            tools.check(true, "present", "hint");
        }
    }
}
