package io.sipcontainer.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 5922 section 7 matching of a server certificate against the SIP domain. */
class ServerIdentityTest {
    @TempDir
    Path dir;

    private X509Certificate cert(String cn, String san) throws Exception {
        Path p12 = dir.resolve(cn + san.hashCode() + ".p12");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", "c", "-keyalg", "EC", "-dname", "CN=" + cn, "-validity", "2",
                "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", "changeit"));
        if (!san.isEmpty()) {
            cmd.addAll(List.of("-ext", "SAN=" + san));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(out);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, "changeit".toCharArray());
        }
        return (X509Certificate) store.getCertificate("c");
    }

    @Test
    void aDnsOrSipUriSubjectAltNameMatchesTheDomainCaseInsensitively() throws Exception {
        X509Certificate c = cert("ignored.example", "dns:Proxy.Example.COM,uri:sip:other.example.net");
        assertTrue(ServerIdentity.matches(c, "proxy.example.com"));
        assertTrue(ServerIdentity.matches(c, "other.example.net"), "the host of a sip: URI subjectAltName");
        assertFalse(ServerIdentity.matches(c, "ignored.example"), "the CN does not count beside subjectAltNames");
        assertFalse(ServerIdentity.matches(c, "example.com"));
        assertThrows(CertificateException.class, () -> ServerIdentity.check(c, "evil.example.com"));
    }

    @Test
    void wildcardsAreNotMatchedAndTheCnCountsOnlyWithoutSubjectAltNames() throws Exception {
        assertFalse(ServerIdentity.matches(cert("x", "dns:*.example.com"), "sip.example.com"), "RFC 5922 7.2");
        assertTrue(ServerIdentity.matches(cert("sip.example.org", ""), "sip.example.org"));
    }

    @Test
    void anIpDomainMatchesAnIpAddressSubjectAltName() throws Exception {
        X509Certificate c = cert("x", "ip:127.0.0.1,ip:::1");
        assertTrue(ServerIdentity.matches(c, "127.0.0.1"));
        assertTrue(ServerIdentity.matches(c, "[0:0:0:0:0:0:0:1]"));
        assertFalse(ServerIdentity.matches(c, "127.0.0.2"));
    }
}
