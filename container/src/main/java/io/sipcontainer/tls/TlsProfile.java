package io.sipcontainer.tls;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

/**
 * One TLS domain as Kamailio's {@code tls.cfg} has them: a {@code [server:...]} or {@code [client:...]}
 * section with its protocols, certificate checks and key. A server profile applies to connections
 * accepted on one listener ({@code address} {@code IP:PORT}) or on all ({@code address} null, the
 * {@code default} and {@code any} sections); with a {@code server_name} it applies only to handshakes
 * whose SNI names that host (or, by {@code server_name_mode}, a subdomain of it).
 *
 * @param server true for {@code [server:...]}, false for {@code [client:...]}
 * @param address {@code host:port} of the listener, or null for every listener
 * @param serverName the SNI host this profile answers, or null for any
 * @param serverNameMode 0 exact name, 1 the name and its subdomains, 2 subdomains only
 * @param method the protocols as written ({@code TLSv1.2+}), see {@link TlsMethod}
 * @param verify {@code verify_certificate}: check the peer's certificate against {@code caList}
 * @param require {@code require_certificate}: a client without a certificate is refused
 * @param keys the key and certificate presented, or null (a client profile may have none)
 * @param caList the trusted certificates of {@code ca_list}, empty when none was given
 * @param source the file and line of the section, or the settings it came from
 */
public record TlsProfile(boolean server, String address, String serverName, int serverNameMode, TlsMethod method,
        boolean verify, boolean require, KeyMaterial keys, List<X509Certificate> caList, String source) {

    public TlsProfile {
        caList = List.copyOf(caList);
        serverName = serverName == null ? null : serverName.toLowerCase(Locale.ROOT);
    }

    /** The section name, as Kamailio writes it: {@code server:default}, {@code server:127.0.0.1:5061}. */
    public String section() {
        return (server ? "server:" : "client:") + (address == null ? "default" : address);
    }

    /** True when this profile's {@code server_name} accepts the SNI host {@code sni} (lower case). */
    boolean matchesName(String sni) {
        if (serverName == null || sni == null) {
            return false;
        }
        boolean exact = sni.equals(serverName);
        boolean sub = sni.endsWith("." + serverName);
        return switch (serverNameMode) {
            case 1 -> exact || sub;
            case 2 -> sub;
            default -> exact;
        };
    }

    /** The subject of the certificate presented, or "" when there is none. */
    public String subject() {
        return keys == null ? "" : keys.certificate().getSubjectX500Principal().getName();
    }
}
