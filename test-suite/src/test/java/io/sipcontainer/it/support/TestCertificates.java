package io.sipcontainer.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made by the tests with the JDK's {@code keytool} (self-signed RSA, with the subject
 * alternative names given), written where the server reads them: the PKCS#12 file keytool made,
 * and the certificate and PKCS#8 private key as PEM files beside it.
 */
public final class TestCertificates {
    public static final String PASSWORD = "changeit";

    /** A key pair and self-signed certificate. */
    public record Issued(Path pkcs12, Path certificatePem, Path privateKeyPem, X509Certificate certificate,
            PrivateKey key) {
    }

    private TestCertificates() {
    }

    /**
     * Makes {@code name}.p12, {@code name}.crt.pem and {@code name}.key.pem in {@code dir} for
     * {@code CN=cn} with {@code san} (keytool's syntax, e.g. {@code dns:sip.example.org,ip:127.0.0.1}).
     */
    public static Issued selfSigned(Path dir, String name, String cn, String san) throws Exception {
        Files.createDirectories(dir);
        Path p12 = dir.resolve(name + ".p12");
        Files.deleteIfExists(p12);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", name, "-keyalg", "RSA",
                "-keysize", "2048", "-dname", "CN=" + cn, "-ext", "SAN=" + san, "-validity", "2",
                "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, PASSWORD.toCharArray());
        }
        X509Certificate certificate = (X509Certificate) store.getCertificate(name);
        PrivateKey key = (PrivateKey) store.getKey(name, PASSWORD.toCharArray());
        Path crt = dir.resolve(name + ".crt.pem");
        Path pem = dir.resolve(name + ".key.pem");
        Files.writeString(crt, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(pem, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        return new Issued(p12, crt, pem, certificate, key);
    }

    /** A PEM block. */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** A trust store holding {@code certificates}, for a client that checks the server. */
    public static KeyStore trustStore(List<X509Certificate> certificates) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (X509Certificate c : certificates) {
            store.setCertificateEntry("trusted" + i++, c);
        }
        return store;
    }
}
