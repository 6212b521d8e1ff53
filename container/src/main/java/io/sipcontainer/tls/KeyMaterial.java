package io.sipcontainer.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key with its certificate chain (the server's certificate first), loaded from
 * {@code tls_private_key} and {@code tls_certificate} or from one PKCS#12 file. Loading checks that
 * the key belongs to the certificate, so a mismatched pair stops the start (or a reload) with a
 * reason instead of failing every handshake.
 *
 * @param key the private key
 * @param chain the certificate chain, never empty
 * @param source where it was read from, for listings and messages
 */
record KeyMaterial(PrivateKey key, List<X509Certificate> chain, String source) {

    KeyMaterial {
        chain = List.copyOf(chain);
    }

    /** The certificate presented first (the server's own). */
    X509Certificate certificate() {
        return chain.get(0);
    }

    /** Key algorithm as the JSSE names key types: RSA or EC. */
    String keyType() {
        return key.getAlgorithm();
    }

    /** Fails when {@code key} cannot sign what the certificate's public key verifies. */
    KeyMaterial checkPair() throws IOException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return this; // no test signature for this type; the handshake will tell
        }
        try {
            byte[] probe = "sipcontainer key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate().getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return this;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: the same verdict
        }
        throw new IOException(source + ": the private key does not belong to the certificate "
                + certificate().getSubjectX500Principal().getName());
    }
}
