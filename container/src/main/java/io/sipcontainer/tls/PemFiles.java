package io.sipcontainer.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads certificates and private keys as Kamailio's TLS module takes them, with the JDK alone: PEM
 * certificate chains (the server's first), PEM private keys in PKCS#8 ({@code BEGIN PRIVATE KEY})
 * or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, what {@code openssl genrsa} wrote for years), and
 * PKCS#12 files ({@code .p12}, {@code .pfx}) holding both. Every failure is an {@link IOException}
 * whose message names the file and what is wrong with it.
 */
final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private PemFiles() {
    }

    /** True for a file to read as PKCS#12 (by its name, as browsers and keytool name them). */
    static boolean isPkcs12(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx");
    }

    /** The certificates of a PEM file, in file order; at least one. */
    static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(file)) {
                if (b.type().equals("CERTIFICATE") || b.type().equals("TRUSTED CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not a valid certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(file + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in it");
        }
        return certificates;
    }

    /** The private key of a PEM file: PKCS#8 or PKCS#1 RSA, unencrypted. */
    static PrivateKey privateKey(Path file) throws IOException {
        for (Block b : blocks(file)) {
            switch (b.type()) {
                case "PRIVATE KEY":
                    return pkcs8(file, b.der());
                case "RSA PRIVATE KEY":
                    return pkcs8(file, rsaPkcs1ToPkcs8(b.der()));
                case "ENCRYPTED PRIVATE KEY":
                    throw new IOException(file + ": the private key is encrypted; write it without a pass phrase"
                            + " (openssl pkcs8 -topk8 -nocrypt) or use a PKCS#12 file with tls.pkcs12_password");
                case "EC PRIVATE KEY":
                    throw new IOException(file + ": an EC key in SEC1 form; convert it to PKCS#8 with"
                            + " openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem");
                default:
                    // other blocks (certificates, EC PARAMETERS) may share the file
            }
        }
        throw new IOException(file + ": no PEM private key (-----BEGIN PRIVATE KEY----- or"
                + " -----BEGIN RSA PRIVATE KEY-----) in it");
    }

    /** The first key entry of a PKCS#12 file: its key and certificate chain. */
    static KeyMaterial pkcs12(Path file, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) store.getKey(alias, password);
                    Certificate[] chain = store.getCertificateChain(alias);
                    List<X509Certificate> certificates = new ArrayList<>();
                    for (Certificate c : chain) {
                        certificates.add((X509Certificate) c);
                    }
                    return new KeyMaterial(key, certificates, file.toString());
                }
            }
            throw new IOException(file + ": no private key entry in this PKCS#12 file");
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": cannot open as PKCS#12 (wrong tls.pkcs12_password?): " + e.getMessage(), e);
        }
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws IOException {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new IOException(file + ": the private key is neither RSA, EC nor Ed25519, or is damaged");
    }

    /**
     * A PKCS#1 RSAPrivateKey wrapped as a PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER 0,
     * SEQUENCE { OID rsaEncryption, NULL }, OCTET STRING { the PKCS#1 key } }.
     */
    static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
                0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        byte[] length;
        if (content.length < 128) {
            length = new byte[] {(byte) content.length};
        } else {
            byte[] n = BigInteger.valueOf(content.length).toByteArray();
            int skip = n[0] == 0 ? 1 : 0;
            length = new byte[n.length - skip + 1];
            length[0] = (byte) (0x80 | (n.length - skip));
            System.arraycopy(n, skip, length, 1, n.length - skip);
        }
        byte[] out = new byte[1 + length.length + content.length];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, content.length);
        return out;
    }

    private record Block(String type, byte[] der) {
    }

    private static List<Block> blocks(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException(file + ": not a PEM file (binary content; a DER or PKCS#12 file?)", e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": damaged base64 in the " + m.group(1) + " block", e);
            }
        }
        return blocks;
    }
}
