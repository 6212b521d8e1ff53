package io.sipcontainer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.config.ServerConfig;

class AdminCredentialsTest {
    @TempDir
    Path home;

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void generatesATokenFileReadableByItsOwnerOnlyAndReusesIt() throws Exception {
        ServerConfig config = ServerConfig.builder().baseDir(home).build();
        AdminCredentials first = AdminCredentials.read(config);
        Path file = home.resolve("data/rpc.token");
        assertEquals(file, first.tokenFile());
        assertEquals(first.rpcToken(), Files.readString(file).strip());
        assertTrue(first.rpcToken().length() >= 40, first.rpcToken());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(first.rpcToken(), AdminCredentials.read(config).rpcToken(), "the next start keeps the token");
    }

    @Test
    void tightensATokenFileOthersCouldRead() throws Exception {
        Path file = Files.createDirectories(home.resolve("data")).resolve("rpc.token");
        Files.writeString(file, "0123456789abcdef0123\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        AdminCredentials c = AdminCredentials.read(ServerConfig.builder().baseDir(home).build());
        assertEquals("0123456789abcdef0123", c.rpcToken());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aConfiguredTokenIsUsedAndNoFileIsWritten() throws Exception {
        AdminCredentials c = AdminCredentials.read(ServerConfig.builder().baseDir(home)
                .moduleParam("http.rpc_token", "a-long-enough-secret").build());
        assertTrue(c.authorizes("Bearer a-long-enough-secret"));
        assertTrue(c.authorizes("bearer   a-long-enough-secret "));
        assertFalse(c.authorizes("Bearer a-long-enough-secreT"));
        assertFalse(c.authorizes("a-long-enough-secret"));
        assertFalse(c.authorizes(null));
        assertNull(c.tokenFile());
        assertFalse(Files.exists(home.resolve("data/rpc.token")));
    }

    @Test
    void theReadTokenProvesTheReadOnlyRoleAndNothingMore() throws Exception {
        AdminCredentials c = AdminCredentials.read(ServerConfig.builder().baseDir(home)
                .moduleParam("http.rpc_token", "a-long-enough-secret").moduleParam("http.rpc_read_token", "a-reader-s-token-123")
                .build());
        assertTrue(c.readTokenEnabled());
        assertEquals(AdminCredentials.Role.ADMIN, c.bearerRole("Bearer a-long-enough-secret"));
        assertEquals(AdminCredentials.Role.READ_ONLY, c.bearerRole("Bearer a-reader-s-token-123"));
        assertNull(c.bearerRole("Bearer a-reader-s-token-12"));
        assertNull(c.bearerRole("Basic YWRtaW46eA=="));
        assertFalse(c.authorizesBearer("Bearer a-reader-s-token-123"), "not the full token");
        assertFalse(c.authorizes("Bearer a-reader-s-token-123"));

        AdminCredentials none = AdminCredentials.read(ServerConfig.builder().baseDir(home)
                .moduleParam("http.rpc_token", "a-long-enough-secret").build());
        assertFalse(none.readTokenEnabled());
        assertNull(none.bearerRole("Bearer "), "an empty token is no read token");
    }

    @Test
    void aShortReadTokenOrOneEqualToTheFullTokenFails() {
        ConfigException shortOne = assertThrows(ConfigException.class, () -> AdminCredentials.read(ServerConfig.builder()
                .baseDir(home).moduleParam("http.rpc_read_token", "short").build()));
        assertTrue(shortOne.getMessage().contains("rpc_read_token"), shortOne.getMessage());
        ConfigException same = assertThrows(ConfigException.class, () -> AdminCredentials.read(ServerConfig.builder()
                .baseDir(home).moduleParam("http.rpc_token", "a-long-enough-secret")
                .moduleParam("http.rpc_read_token", "a-long-enough-secret").build()));
        assertTrue(same.getMessage().contains("must differ"), same.getMessage());
    }

    @Test
    void aShortConfiguredTokenFailsWithItsLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> AdminCredentials.read(ServerConfig.builder()
                .baseDir(home).moduleParam("http.rpc_token", "short", "sipcontainer.cfg", 12).build()));
        assertTrue(e.getMessage().contains("sipcontainer.cfg:12"), e.getMessage());
    }

    @Test
    void basicNeedsAConfiguredPassword() throws Exception {
        AdminCredentials none = AdminCredentials.read(ServerConfig.builder().baseDir(home).build());
        assertFalse(none.basicEnabled());
        assertFalse(none.authorizes(basic("admin", "")));

        AdminCredentials set = AdminCredentials.read(ServerConfig.builder().baseDir(home)
                .moduleParam("http.admin_user", "root").moduleParam("http.admin_password", "p:w").build());
        assertTrue(set.authorizes(basic("root", "p:w")));
        assertFalse(set.authorizes(basic("admin", "p:w")));
        assertFalse(set.authorizes(basic("root", "p")));
        assertFalse(set.authorizes("Basic !!notbase64"));
    }
}
