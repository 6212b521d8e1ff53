package io.sipcontainer.tls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

/**
 * The {@code tls.*} settings with Kamailio's names ({@code tls_method}, {@code verify_certificate},
 * {@code require_certificate}, {@code tls_certificate}, {@code tls_private_key}, {@code tls_ca_list};
 * the tls module's own {@code certificate}, {@code private_key}, {@code ca_list} are accepted too),
 * plus {@code tls.config}, a {@code tls.cfg} domains file, and {@code tls.pkcs12_password}. Read once
 * at start-up; {@link #load()} reads the certificate files (and the domains file) and is what a
 * reload runs again. Relative paths resolve against the server home, those in the domains file
 * against its folder.
 */
public final class TlsSettings {
    private final ProfileDraft defaults;
    private final Path domainsFile;

    private TlsSettings(ProfileDraft defaults, Path domainsFile) {
        this.defaults = defaults;
        this.domainsFile = domainsFile;
    }

    /** Reads {@code tls.*}; a bad value is reported with its file and line. */
    public static TlsSettings read(ServerConfig config) throws ConfigException {
        ModuleParams p = config.moduleParams("tls");
        ProfileDraft d = new ProfileDraft();
        d.server = true;
        d.section = new ProfileDraft.Origin("tls.* settings", 0);
        try {
            d.method = TlsMethod.parse(p.string("tls_method", TlsMethod.TLS_1_2_PLUS.configName()));
        } catch (IllegalArgumentException e) {
            throw p.invalid("tls_method", e.getMessage());
        }
        d.verify = p.bool("verify_certificate", false);
        d.require = p.bool("require_certificate", false);
        if (d.require && !d.verify) {
            throw p.invalid("require_certificate", "needs verify_certificate = yes (a certificate that is required"
                    + " is also verified)");
        }
        d.pkcs12Password = p.string("pkcs12_password", "");
        String certificate = either(p, "tls_certificate", "certificate");
        String key = either(p, "tls_private_key", "private_key");
        String ca = either(p, "tls_ca_list", "ca_list");
        if (!certificate.isEmpty()) {
            d.certificate = config.baseDir().resolve(certificate).normalize();
            d.certificateOrigin = origin(p, "tls_certificate", "certificate");
        }
        if (!key.isEmpty()) {
            d.privateKey = config.baseDir().resolve(key).normalize();
            d.privateKeyOrigin = origin(p, "tls_private_key", "private_key");
        }
        if (!ca.isEmpty()) {
            d.caList = config.baseDir().resolve(ca).normalize();
            d.caListOrigin = origin(p, "tls_ca_list", "ca_list");
        }
        String file = p.string("config", "").strip();
        return new TlsSettings(d, file.isEmpty() ? null : config.baseDir().resolve(file).normalize());
    }

    /** True when any certificate or domains file is configured: TLS listeners and WSS can work. */
    public boolean configured() {
        return defaults.certificate != null || domainsFile != null;
    }

    /** The domains file ({@code tls.config}), or null. */
    public Path domainsFile() {
        return domainsFile;
    }

    /** Reads every certificate, key and CA list now; what start-up and {@code tls.reload} run. */
    public TlsProfiles load() throws ConfigException {
        List<ProfileDraft> drafts = new ArrayList<>();
        if (domainsFile != null) {
            drafts.addAll(TlsConfigFile.read(domainsFile, defaults));
        }
        boolean hasServer = false;
        boolean hasClient = false;
        for (ProfileDraft d : drafts) {
            if (d.address == null) {
                hasServer |= d.server && d.serverName == null;
                hasClient |= !d.server;
            }
        }
        if (!hasServer && defaults.certificate != null) {
            drafts.add(0, defaults.copy());
        }
        if (!hasClient) { // Kamailio's client default takes the module parameters too
            ProfileDraft client = defaults.copy();
            client.server = false;
            client.verify = defaults.verify;
            client.section = new ProfileDraft.Origin("tls.* settings (client:default)", 0);
            drafts.add(client);
        }
        List<TlsProfile> profiles = new ArrayList<>();
        for (ProfileDraft d : drafts) {
            profiles.add(d.build());
        }
        TlsProfiles built = new TlsProfiles(profiles);
        checkOneStackPolicy(built);
        return built;
    }

    /**
     * The protocols and client-certificate policy of a connection are fixed before its client
     * names a server (SNI), so a {@code server_name} section must keep those of the listener it
     * serves on ({@code [server:IP:PORT]}, or {@code [server:default]} for {@code [server:any]}); a
     * section asking otherwise is refused rather than silently not applied. Outgoing connections do
     * not tell which destination a handshake is for: only {@code [client:default]} applies.
     */
    private static void checkOneStackPolicy(TlsProfiles profiles) throws ConfigException {
        for (TlsProfile p : profiles.all()) {
            if (p.server() && p.serverName() != null) {
                TlsProfile base = profiles.forServer(p.address(), null);
                if (base != null && base != p && (p.method() != base.method() || p.verify() != base.verify()
                        || p.require() != base.require())) {
                    throw sourced(p, "server_name " + p.serverName() + ": method, verify_certificate and"
                            + " require_certificate must be those of [" + base.section() + "] (they apply before the"
                            + " client names a server); set them there");
                }
            }
            if (!p.server() && p.address() != null) {
                throw sourced(p, "[" + p.section() + "]: outgoing connections use [client:default] only (the SIP"
                        + " stack does not tell which destination a handshake is for)");
            }
        }
    }

    private static ConfigException sourced(TlsProfile p, String reason) {
        int colon = p.source().lastIndexOf(':');
        if (colon > 0 && p.source().substring(colon + 1).matches("\\d+")) {
            return new ConfigException(p.source().substring(0, colon),
                    Integer.parseInt(p.source().substring(colon + 1)), reason);
        }
        return new ConfigException(p.source(), 0, reason);
    }

    private static String either(ModuleParams p, String name, String kamailioModuleName) throws ConfigException {
        String a = p.string(name, "").strip();
        String b = p.string(kamailioModuleName, "").strip();
        if (!a.isEmpty() && !b.isEmpty()) {
            throw p.invalid(kamailioModuleName, "tls." + name + " is set too: keep one of the two");
        }
        return a.isEmpty() ? b : a;
    }

    private static ProfileDraft.Origin origin(ModuleParams p, String name, String other) {
        ModuleParams.Value v = p.all().get(name);
        String used = name;
        if (v == null) {
            v = p.all().get(other);
            used = other;
        }
        return v == null ? new ProfileDraft.Origin("tls." + used, 0) : new ProfileDraft.Origin(v.source(), v.line());
    }
}
