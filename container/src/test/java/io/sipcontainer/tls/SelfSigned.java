package io.sipcontainer.tls;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/** Self-signed RSA certificates made with the JDK's keytool, written as PEM files (certificate, PKCS#8 key). */
final class SelfSigned {
    private SelfSigned() {
    }

    static void make(Path dir, String name, String cn) throws Exception {
        Path p12 = dir.resolve(name + ".p12");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + cn,
                "-validity", "2", "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, "changeit".toCharArray());
        }
        X509Certificate c = (X509Certificate) store.getCertificate(name);
        PrivateKey k = (PrivateKey) store.getKey(name, "changeit".toCharArray());
        Files.writeString(dir.resolve(name + ".crt.pem"), pem("CERTIFICATE", c.getEncoded()));
        Files.writeString(dir.resolve(name + ".key.pem"), pem("PRIVATE KEY", k.getEncoded()));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static byte[] der(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "");
        return Base64.getMimeDecoder().decode(body);
    }

    /** The PKCS#1 key inside an RSA PKCS#8 PrivateKeyInfo: the content of its last element, an OCTET STRING. */
    static byte[] innerKey(byte[] pkcs8) {
        // SEQUENCE header, INTEGER 0 (3 bytes), AlgorithmIdentifier (15 bytes), then the OCTET STRING
        int i = headerLength(pkcs8, 0) + 3 + 15;
        int header = headerLength(pkcs8, i);
        return Arrays.copyOfRange(pkcs8, i + header, pkcs8.length);
    }

    private static int headerLength(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        return first < 128 ? 2 : 2 + (first & 0x7f);
    }
}
