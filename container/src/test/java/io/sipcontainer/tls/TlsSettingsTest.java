package io.sipcontainer.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.service.ConfigException;

/**
 * The {@code tls.*} settings and Kamailio's {@code tls.cfg}: PEM keys in PKCS#8 and PKCS#1, each
 * mistake reported with its file, line and reason, and the choice of profile by listener and SNI.
 * Certificates come from {@link SelfSigned} (keytool).
 */
class TlsSettingsTest {
    @TempDir
    Path home;

    private TlsProfiles load(String... settings) throws ConfigException {
        ServerConfig.Builder b = ServerConfig.builder().baseDir(home);
        for (int i = 0; i < settings.length; i += 2) {
            b.moduleParam(settings[i], settings[i + 1]);
        }
        return TlsSettings.read(b.build()).load();
    }

    @Test
    void pemCertificateWithPkcs8KeyIsTheServerDefault() throws Exception {
        SelfSigned.make(home, "a", "a.example.org");
        TlsProfiles p = load("tls.tls_certificate", "a.crt.pem", "tls.tls_private_key", "a.key.pem");
        assertEquals("CN=a.example.org", p.serverDefault().subject());
        assertEquals(TlsMethod.TLS_1_2_PLUS, p.serverDefault().method());
        assertEquals(p.serverDefault(), p.forServer("127.0.0.1:5061", "anything.example.org"));
    }

    @Test
    void pkcs1RsaKeyIsReadToo() throws Exception {
        SelfSigned.make(home, "a", "a.example.org");
        byte[] pkcs8 = SelfSigned.der(Files.readString(home.resolve("a.key.pem")));
        Files.writeString(home.resolve("a.rsa.pem"), SelfSigned.pem("RSA PRIVATE KEY", SelfSigned.innerKey(pkcs8)));
        TlsProfiles p = load("tls.tls_certificate", "a.crt.pem", "tls.tls_private_key", "a.rsa.pem");
        assertEquals("CN=a.example.org", p.serverDefault().subject());
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedWhereItWasNamed() throws Exception {
        SelfSigned.make(home, "a", "a.example.org");
        SelfSigned.make(home, "b", "b.example.org");
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("tls.tls_certificate", "a.crt.pem", "tls.tls_private_key", "b.key.pem"));
        assertTrue(e.getMessage().contains("does not belong to the certificate"), e.getMessage());
    }

    @Test
    void olderMethodsAndRequireWithoutVerifyAreRefused() throws Exception {
        ConfigException old = assertThrows(ConfigException.class, () -> load("tls.tls_method", "TLSv1.1+"));
        assertTrue(old.getMessage().contains("older than TLS 1.2"), old.getMessage());
        ConfigException require = assertThrows(ConfigException.class,
                () -> load("tls.require_certificate", "yes"));
        assertTrue(require.getMessage().contains("verify_certificate"), require.getMessage());
    }

    @Test
    void domainsFileErrorsNameFileLineAndReason() throws Exception {
        SelfSigned.make(home, "a", "a.example.org");
        assertError("[server:default]\ncertificate = a.crt.pem\nprivate_key = a.key.pem\ncipher_list = HIGH\n",
                "tls.cfg:4", "not supported");
        assertError("[server:default]\ncertificate = a.crt.pem\nprivate_key = missing.pem\n",
                "tls.cfg:3", "no such file");
        assertError("[server:nowhere]\n", "tls.cfg:1", "bad address");
        assertError("certificate = a.crt.pem\n", "tls.cfg:1", "before the first section");
        assertError("[server:default]\ncertificate = a.crt.pem\nprivate_key = a.key.pem\n"
                + "[server:default]\ncertificate = a.crt.pem\nprivate_key = a.key.pem\n", "tls.cfg:4", "defined twice");
        assertError("[server:default]\ncertificate = a.crt.pem\nprivate_key = a.key.pem\nverify_certificate = yes\n",
                "tls.cfg:1", "needs a ca_list");
        assertError("[server:default]\ncertificate = a.crt.pem\nprivate_key = a.key.pem\n"
                + "[server:any]\nserver_name = b.example.org\nmethod = TLSv1.3\ncertificate = a.crt.pem\nprivate_key = a.key.pem\n",
                "tls.cfg:4", "must be those of [server:default]");
        assertError("[server:default]\ncertificate = a.crt.pem\nprivate_key = a.key.pem\n"
                + "[client:127.0.0.1:5061]\n", "tls.cfg:4", "[client:default] only");
    }

    private void assertError(String text, String where, String reason) throws Exception {
        Files.writeString(home.resolve("tls.cfg"), text, StandardCharsets.UTF_8);
        ConfigException e = assertThrows(ConfigException.class, () -> load("tls.config", "tls.cfg"));
        assertTrue(e.getMessage().contains(where) && e.getMessage().contains(reason),
                "expected " + where + " and '" + reason + "' in: " + e.getMessage());
    }

    @Test
    void listenerAndServerNameProfilesAreChosenAsKamailioChoosesThem() throws Exception {
        SelfSigned.make(home, "d", "default.example.org");
        SelfSigned.make(home, "l", "listener.example.org");
        SelfSigned.make(home, "n", "named.example.org");
        Files.writeString(home.resolve("tls.cfg"), """
                [server:default]
                certificate = d.crt.pem
                private_key = d.key.pem
                [server:127.0.0.1:5061]
                certificate = l.crt.pem
                private_key = l.key.pem
                [server:any]
                server_name = named.example.org
                certificate = n.crt.pem
                private_key = n.key.pem
                """);
        TlsProfiles p = load("tls.config", "tls.cfg");
        assertEquals("CN=listener.example.org", p.forServer("127.0.0.1:5061", null).subject());
        assertEquals("CN=named.example.org", p.forServer("127.0.0.1:5061", "named.example.org").subject());
        assertEquals("CN=default.example.org", p.forServer("127.0.0.1:5062", "other.example.org").subject());
        assertNull(p.clientDefault().keys(), "no tls.* certificate: the client presents none");
    }

    @Test
    void aListenerSectionAloneServesItsListenerOnlyAndIpv6SpellingsAreOneListener() throws Exception {
        SelfSigned.make(home, "l", "listener.example.org");
        Files.writeString(home.resolve("tls.cfg"), "[server:[::1]:5061]\ncertificate = l.crt.pem\nprivate_key = l.key.pem\n");
        TlsCertificates tls = TlsCertificates.load(TlsSettings.read(ServerConfig.builder().baseDir(home)
                .moduleParam("tls.config", "tls.cfg").build()));
        assertTrue(tls.hasServerCertificate("0:0:0:0:0:0:0:1", 5061), "the JDK's spelling of ::1");
        assertTrue(tls.hasServerCertificate("::1", 5061));
        assertTrue(!tls.hasServerCertificate("::1", 5062) && !tls.hasServerCertificate("127.0.0.1", 5061),
                "no [server:default]: other listeners have nothing to present");
        assertEquals(TlsProfiles.key("::", 5061), TlsProfiles.key("[0:0:0:0:0:0:0:0]", 5061));
    }

    /** Kamailio's tls.cfg has no order between sections; the JDK's DER helpers are tested here too. */
    @Test
    void pkcs1WrappingMatchesTheJdksPkcs8() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        assertTrue(Arrays.equals(pkcs8, PemFiles.rsaPkcs1ToPkcs8(SelfSigned.innerKey(pkcs8))),
                new BigInteger(1, pkcs8).toString(16));
        assertTrue(Base64.getEncoder().encodeToString(pkcs8).length() > 0);
    }
}
