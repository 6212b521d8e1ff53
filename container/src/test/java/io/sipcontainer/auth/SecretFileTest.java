package io.sipcontainer.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated nonce secret survives restarts and is private to its owner. */
class SecretFileTest {
    @TempDir
    Path home;

    @Test
    void secretIsCreatedOnceAndReadBackAfterARestart() throws IOException {
        Path file = home.resolve("data/auth.secret");
        byte[] first = SecretFile.loadOrCreate(file);
        assertEquals(32, first.length);
        assertArrayEquals(first, SecretFile.loadOrCreate(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void damagedSecretFileStopsStartUpWithItsName() throws IOException {
        Path file = home.resolve("auth.secret");
        Files.writeString(file, "not base64 !!!");
        IOException e = assertThrows(IOException.class, () -> SecretFile.loadOrCreate(file));
        assertEquals(true, e.getMessage().contains(file.toString()));
    }
}
