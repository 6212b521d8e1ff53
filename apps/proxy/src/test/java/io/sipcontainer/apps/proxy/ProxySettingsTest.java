package io.sipcontainer.apps.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.config.ServerConfig;

/** The proxy.* settings: Kamailio's defaults, values as written, and bad values with file and line. */
class ProxySettingsTest {

    private static ServerConfig config(String... keyValues) {
        ServerConfig.Builder b = ServerConfig.builder();
        for (int i = 0; i < keyValues.length; i += 2) {
            String key = keyValues[i].contains(".") ? keyValues[i] : "proxy." + keyValues[i];
            b.moduleParam(key, keyValues[i + 1], "sipcontainer.cfg", 40 + i);
        }
        return b.build();
    }

    private static ProxySettings read(String... keyValues) throws ConfigException {
        ServerConfig c = config(keyValues);
        return ProxySettings.read(c.moduleParams("proxy"), c.moduleParams("registrar"));
    }

    @Test
    void nothingWrittenMeansKamailiosDefaultConfiguration() throws ConfigException {
        ProxySettings s = read();
        assertEquals(10, s.maxForwards());
        assertEquals(70, s.maxLimit());
        assertEquals(17895, s.sanityChecks());
        assertEquals(7, s.uriChecks());
        assertEquals(30_000, s.frTimerMillis());
        assertEquals(120_000, s.frInvTimerMillis());
        assertTrue(s.methodFiltering());
        assertTrue(s.caseSensitive());
        assertTrue(s.scannerUserAgents().matcher("VaxSIPUserAgent/3.1").find());
        assertTrue(s.staticLocation().isEmpty());
    }

    @Test
    void writtenValuesAreTaken() throws ConfigException {
        ProxySettings s = read("max_limit", "30", "default_checks", "3047", "proxy_require",
                "path, gruu", "scanner_user_agents", "", "fr_inv_timer", "2500", "serial_forking", "no",
                "registrar.method_filtering", "no", "registrar.case_sensitive", "no",
                "static_location", "alice=sip:alice@127.0.0.1:5071");
        assertEquals(30, s.maxLimit());
        assertEquals(3047, s.sanityChecks());
        assertEquals(Set.of("path", "gruu"), s.proxyRequire());
        assertNull(s.scannerUserAgents(), "an empty pattern drops no one");
        assertEquals(3, ProxySettings.seconds(s.frInvTimerMillis()), "the Proxy API counts whole seconds, rounded up");
        assertFalse(s.serialForking());
        assertFalse(s.methodFiltering());
        assertFalse(s.caseSensitive());
        assertEquals(1, s.staticLocation().size());
    }

    @Test
    void badValuesNameTheFileAndLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> read("max_limit", "300"));
        assertTrue(e.getMessage().contains("proxy.max_limit"), e.getMessage());
        ConfigException regex = assertThrows(ConfigException.class,
                () -> read("scanner_user_agents", "(unclosed"));
        assertTrue(regex.getMessage().contains("sipcontainer.cfg") && regex.getMessage().contains("40"),
                regex.getMessage());
        ConfigException table = assertThrows(ConfigException.class,
                () -> read("static_location", "alice=http://x"));
        assertTrue(table.getMessage().contains("alice=http://x"), table.getMessage());
    }

    @Test
    void staticTableEntriesByUserAndDomainInQOrder() {
        StaticLocation t = StaticLocation.parse(
                " alice=sip:a1@127.0.0.1:5071;q=0.2, alice=sip:a2@127.0.0.1:5072;q=0.9\n"
                        + "alice@Example.com=sip:a3@127.0.0.1:5073 Bob=sips:bob@192.0.2.1 ");
        assertEquals(List.of("sip:a2@127.0.0.1:5072", "sip:a1@127.0.0.1:5071"),
                t.lookup("alice", "192.0.2.10").stream().map(RelayTarget::uri).toList());
        assertEquals(List.of("sip:a2@127.0.0.1:5072", "sip:a1@127.0.0.1:5071", "sip:a3@127.0.0.1:5073"),
                t.lookup("alice", "example.COM").stream().map(RelayTarget::uri).toList(),
                "user@domain entries join the bare user's, unspecified q last");
        assertEquals(0.9f, t.lookup("alice", null).get(0).q());
        assertTrue(t.lookup("bob", null).isEmpty(), "user parts are case-sensitive");
        assertEquals(1, t.lookup("Bob", null).size());
        assertThrows(IllegalArgumentException.class, () -> StaticLocation.parse("alice"));
        assertThrows(IllegalArgumentException.class, () -> StaticLocation.parse("alice=sip:a@h;q=2"));
    }

    @Test
    void directoriesCombineInQOrder() {
        ContactDirectory a = (u, h) -> List.of(new RelayTarget("sip:a@h", 0.5f, null, List.of(), null));
        ContactDirectory b = (u, h) -> List.of(new RelayTarget("sip:b@h", 1f, null, List.of(), null));
        assertEquals(List.of("sip:b@h", "sip:a@h"), a.and(b).lookup("x", "h").stream().map(RelayTarget::uri).toList());
        assertEquals(List.of("sip:a@h"), a.and(ContactDirectory.empty()).lookup("x", "h").stream()
                .map(RelayTarget::uri).toList());
    }
}
