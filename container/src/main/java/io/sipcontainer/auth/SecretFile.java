package io.sipcontainer.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The nonce secret generated when {@code auth.secret} is not set: 32 random bytes, base64, in a
 * file readable by the owner only (e.g. {@code data/auth.secret}), created on first start and read
 * on every later one so that nonces issued before a restart are still accepted. A cluster should
 * set {@code auth.secret} instead, or copy this file to every node.
 */
final class SecretFile {
    private SecretFile() {
    }

    /** The secret in {@code file}, created first if missing. */
    static byte[] loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            create(file);
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            byte[] secret = Base64.getDecoder().decode(text);
            if (secret.length < 16) {
                throw new IOException(file + " holds fewer than 16 bytes of secret; delete it to get a new one");
            }
            return secret;
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not base64; delete it to get a new secret", e);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try {
            // created empty and private first, so the secret is never readable by others
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file); // not a POSIX file system: the directory's protection applies
            }
        } catch (FileAlreadyExistsException e) {
            return; // another process created it first: keep its secret
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(secret) + "\n", StandardCharsets.US_ASCII);
    }

    /** The bytes of a configured secret. */
    static byte[] fromConfig(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
