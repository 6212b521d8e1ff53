package io.sipcontainer.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.config.ServerConfig;

/** The auth.* and auth_db.* settings: Kamailio's defaults, and bad values refused with their line. */
class AuthSettingsTest {

    private static AuthSettings read(String... keyValues) throws ConfigException {
        ServerConfig.Builder b = ServerConfig.builder();
        for (int i = 0; i < keyValues.length; i += 2) {
            b.moduleParam(keyValues[i], keyValues[i + 1], "sipcontainer.cfg", 10 + i);
        }
        ServerConfig config = b.build();
        return AuthSettings.read(config.moduleParams("auth"), config.moduleParams("auth_db"));
    }

    @Test
    void defaultsAreKamailios() throws ConfigException {
        AuthSettings s = read();
        assertFalse(s.enabled());
        assertEquals(List.of(DigestAlgorithm.MD5), s.algorithms());
        assertEquals("", s.qop());
        assertEquals(300, s.nonceExpire());
        assertEquals(3, s.nonceMaxDrift());
        assertFalse(s.nonceCount());
        assertFalse(s.oneTimeNonce());
        assertFalse(s.addAuthinfoHdr());
        assertFalse(s.tracksNonces());
        assertNull(s.secret());
        assertFalse(s.calculateHa1());
        assertFalse(s.useDomain());
        assertEquals(60, s.cacheTtl(), "secrets kept a minute (this server's own setting)");
    }

    @Test
    void everySettingIsRead() throws ConfigException {
        AuthSettings s = read("auth.enabled", "yes", "auth.algorithms", "SHA-256, md5", "auth.qop", "auth",
                "auth.nonce_expire", "60", "auth.nonce_auth_max_drift", "0", "auth.nonce_count", "yes",
                "auth.secret", "0123456789abcdefXYZ", "auth_db.calculate_ha1", "yes", "auth_db.use_domain", "yes",
                "auth.one_time_nonce", "yes", "auth.add_authinfo_hdr", "yes", "auth_db.cache_ttl", "0");
        assertTrue(s.enabled());
        assertEquals(0, s.cacheTtl());
        assertTrue(s.oneTimeNonce());
        assertTrue(s.addAuthinfoHdr());
        assertTrue(s.tracksNonces());
        assertEquals(List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5), s.algorithms(), "challenge order as listed");
        assertEquals("auth", s.qop());
        assertEquals(60, s.nonceExpire());
        assertEquals(0, s.nonceMaxDrift());
        assertTrue(s.nonceCount());
        assertEquals("0123456789abcdefXYZ", s.secret());
        assertTrue(s.calculateHa1());
        assertTrue(s.useDomain());
    }

    @Test
    void badValuesNameFileAndLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> read("auth.algorithms", "MD5,SHA-512"));
        assertTrue(e.getMessage().contains("sipcontainer.cfg") && e.getMessage().contains("SHA-512"), e.getMessage());
        assertThrows(ConfigException.class, () -> read("auth.qop", "auth-conf"));
        assertThrows(ConfigException.class, () -> read("auth.secret", "short"));
        assertThrows(ConfigException.class, () -> read("auth.nonce_expire", "0"));
        assertThrows(ConfigException.class, () -> read("auth.nonce_count", "yes"), "nc needs a qop");
        assertThrows(ConfigException.class, () -> read("auth.algorithms", "MD5,md5"));
        assertThrows(ConfigException.class, () -> read("auth_db.cache_ttl", "3601"));
    }

    @Test
    void challengeHeaderHasKamailiosLayout() {
        assertEquals("Digest realm=\"example.com\", nonce=\"N\"",
                DigestAuthService.challengeValue("example.com", "N", "", false, null));
        assertEquals("Digest realm=\"a\\\"b\", nonce=\"N\", qop=\"auth\", stale=true, algorithm=SHA-256",
                DigestAuthService.challengeValue("a\"b", "N", "auth", true, DigestAlgorithm.SHA_256));
    }
}
