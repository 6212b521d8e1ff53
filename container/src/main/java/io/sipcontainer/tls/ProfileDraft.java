package io.sipcontainer.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import io.sipcontainer.service.ConfigException;

/**
 * A TLS profile being read: the values of the {@code tls.*} settings, then those a {@code tls.cfg}
 * section sets, each remembered with the file and line that set it so that a certificate that
 * does not load is reported where it was named. {@link #build()} loads the files.
 */
final class ProfileDraft {
    /** Where a value came from: a file and line, or a setting name with line 0. */
    record Origin(String source, int line) {
    }

    boolean server;
    String address;
    String serverName;
    int serverNameMode;
    TlsMethod method = TlsMethod.TLS_1_2_PLUS;
    boolean verify;
    boolean require;
    Path certificate;
    Origin certificateOrigin;
    Path privateKey;
    Origin privateKeyOrigin;
    Path caList;
    Origin caListOrigin;
    String pkcs12Password = "";
    Origin section;

    ProfileDraft copy() {
        ProfileDraft d = new ProfileDraft();
        d.server = server;
        d.address = address;
        d.serverName = serverName;
        d.serverNameMode = serverNameMode;
        d.method = method;
        d.verify = verify;
        d.require = require;
        d.certificate = certificate;
        d.certificateOrigin = certificateOrigin;
        d.privateKey = privateKey;
        d.privateKeyOrigin = privateKeyOrigin;
        d.caList = caList;
        d.caListOrigin = caListOrigin;
        d.pkcs12Password = pkcs12Password;
        d.section = section;
        return d;
    }

    /** Loads the key, certificates and CA list; a file that does not load is a ConfigException at its line. */
    TlsProfile build() throws ConfigException {
        KeyMaterial keys = null;
        if (certificate != null) {
            try {
                if (PemFiles.isPkcs12(certificate)) {
                    keys = PemFiles.pkcs12(certificate, pkcs12Password.toCharArray()).checkPair();
                } else if (privateKey == null) {
                    throw new IOException("certificate " + certificate + " is given without a private key"
                            + " (tls_private_key, or private_key in tls.cfg)");
                } else {
                    List<X509Certificate> chain = PemFiles.certificates(certificate);
                    keys = new KeyMaterial(load(privateKeyOrigin, privateKey), chain, certificate.toString())
                            .checkPair();
                }
            } catch (IOException e) {
                throw new ConfigException(certificateOrigin.source(), certificateOrigin.line(), e.getMessage(), e);
            }
        } else if (privateKey != null) {
            throw new ConfigException(privateKeyOrigin.source(), privateKeyOrigin.line(),
                    "a private key is given without its certificate (tls_certificate, or certificate in tls.cfg)");
        }
        List<X509Certificate> cas = List.of();
        if (caList != null) {
            try {
                cas = PemFiles.certificates(caList);
            } catch (IOException e) {
                throw new ConfigException(caListOrigin.source(), caListOrigin.line(), e.getMessage(), e);
            }
        }
        if (verify && cas.isEmpty()) {
            throw new ConfigException(section.source(), section.line(), (server ? "server" : "client")
                    + " profile with verify_certificate on needs a ca_list (tls_ca_list) to verify against");
        }
        if (server && keys == null) {
            throw new ConfigException(section.source(), section.line(), "a server profile needs a certificate and"
                    + " private key (tls_certificate and tls_private_key, or certificate and private_key in tls.cfg)");
        }
        String where = section.line() > 0 ? section.source() + ":" + section.line() : section.source();
        return new TlsProfile(server, address, serverName, serverNameMode, method, verify, require, keys, cas, where);
    }

    private static java.security.PrivateKey load(Origin origin, Path file) throws ConfigException {
        try {
            return PemFiles.privateKey(file);
        } catch (IOException e) {
            throw new ConfigException(origin.source(), origin.line(), e.getMessage(), e);
        }
    }
}
