package io.sipcontainer.apps.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.sipcontainer.config.ConfigException;
import io.sipcontainer.config.ModuleParams;
import io.sipcontainer.config.ServerConfig;

/** The proxy.* settings: Kamailio's defaults, values as written, and bad values with file and line. */
class ProxySettingsTest {

    private static ModuleParams params(String... keyValues) {
        ServerConfig.Builder b = ServerConfig.builder();
        for (int i = 0; i < keyValues.length; i += 2) {
            b.moduleParam("proxy." + keyValues[i], keyValues[i + 1], "sipcontainer.cfg", 40 + i);
        }
        return b.build().moduleParams("proxy");
    }

    @Test
    void nothingWrittenMeansKamailiosDefaultConfiguration() throws ConfigException {
        ProxySettings s = ProxySettings.read(params());
        assertEquals(10, s.maxForwards());
        assertEquals(70, s.maxLimit());
        assertEquals(17895, s.sanityChecks());
        assertEquals(7, s.uriChecks());
        assertEquals(30_000, s.frTimerMillis());
        assertEquals(120_000, s.frInvTimerMillis());
        assertTrue(s.remap503());
        assertTrue(s.methodFiltering());
        assertFalse(s.block3xx());
        assertFalse(s.block401407());
        assertTrue(s.scannerUserAgents().matcher("VaxSIPUserAgent/3.1").find());
        assertTrue(s.staticLocation().isEmpty());
    }

    @Test
    void writtenValuesAreTaken() throws ConfigException {
        ProxySettings s = ProxySettings.read(params("max_limit", "30", "default_checks", "3047", "proxy_require",
                "path, gruu", "scanner_user_agents", "", "fr_inv_timer", "2500", "serial_forking", "no",
                "block_3xx", "yes", "remap_503_500", "off", "static_location", "alice=sip:alice@127.0.0.1:5071"));
        assertEquals(30, s.maxLimit());
        assertEquals(3047, s.sanityChecks());
        assertEquals(Set.of("path", "gruu"), s.proxyRequire());
        assertNull(s.scannerUserAgents(), "an empty pattern drops no one");
        assertEquals(3, ProxySettings.seconds(s.frInvTimerMillis()), "the Proxy API counts whole seconds, rounded up");
        assertFalse(s.serialForking());
        assertTrue(s.block3xx());
        assertFalse(s.remap503());
        assertEquals(1, s.staticLocation().size());
    }

    @Test
    void badValuesNameTheFileAndLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> ProxySettings.read(params("max_limit", "300")));
        assertTrue(e.getMessage().contains("proxy.max_limit"), e.getMessage());
        ConfigException regex = assertThrows(ConfigException.class,
                () -> ProxySettings.read(params("scanner_user_agents", "(unclosed")));
        assertTrue(regex.getMessage().contains("sipcontainer.cfg") && regex.getMessage().contains("40"),
                regex.getMessage());
        ConfigException table = assertThrows(ConfigException.class,
                () -> ProxySettings.read(params("static_location", "alice=http://x")));
        assertTrue(table.getMessage().contains("alice=http://x"), table.getMessage());
    }

    @Test
    void staticTableEntriesByUserAndDomainInQOrder() {
        StaticLocation t = StaticLocation.parse(
                " alice=sip:a1@127.0.0.1:5071;q=0.2, alice=sip:a2@127.0.0.1:5072;q=0.9\n"
                        + "alice@Example.com=sip:a3@127.0.0.1:5073 Bob=sips:bob@192.0.2.1 ");
        assertEquals(List.of("sip:a2@127.0.0.1:5072", "sip:a1@127.0.0.1:5071"),
                t.lookup("alice", "192.0.2.10").stream().map(Binding::uri).toList());
        assertEquals(List.of("sip:a2@127.0.0.1:5072", "sip:a1@127.0.0.1:5071", "sip:a3@127.0.0.1:5073"),
                t.lookup("alice", "example.COM").stream().map(Binding::uri).toList(),
                "user@domain entries join the bare user's, unspecified q last");
        assertEquals(0.9f, t.lookup("alice", null).get(0).q());
        assertTrue(t.lookup("bob", null).isEmpty(), "user parts are case-sensitive");
        assertEquals(1, t.lookup("Bob", null).size());
        assertThrows(IllegalArgumentException.class, () -> StaticLocation.parse("alice"));
        assertThrows(IllegalArgumentException.class, () -> StaticLocation.parse("alice=sip:a@h;q=2"));
    }

    @Test
    void directoriesCombineInQOrder() {
        ContactDirectory a = (u, h) -> List.of(new Binding("sip:a@h", 0.5f, null, List.of(), null));
        ContactDirectory b = (u, h) -> List.of(new Binding("sip:b@h", 1f, null, List.of(), null));
        assertEquals(List.of("sip:b@h", "sip:a@h"), a.and(b).lookup("x", "h").stream().map(Binding::uri).toList());
        assertEquals(List.of("sip:a@h"), a.and(ContactDirectory.empty()).lookup("x", "h").stream()
                .map(Binding::uri).toList());
    }
}
