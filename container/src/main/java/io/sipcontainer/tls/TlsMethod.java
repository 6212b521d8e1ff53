package io.sipcontainer.tls;

import java.util.List;
import java.util.Locale;

/**
 * Kamailio's {@code tls_method} values that this server accepts: TLS 1.2 and 1.3 only. The older
 * ones Kamailio still knows ({@code SSLv23}, {@code TLSv1}, {@code TLSv1+}, {@code TLSv1.1},
 * {@code TLSv1.1+}) are refused with a reason, as are unknown names.
 */
public enum TlsMethod {
    TLS_1_2_PLUS("TLSv1.2+", List.of("TLSv1.3", "TLSv1.2")),
    TLS_1_2("TLSv1.2", List.of("TLSv1.2")),
    TLS_1_3("TLSv1.3", List.of("TLSv1.3")),
    TLS_1_3_PLUS("TLSv1.3+", List.of("TLSv1.3"));

    private final String configName;
    private final List<String> protocols;

    TlsMethod(String configName, List<String> protocols) {
        this.configName = configName;
        this.protocols = protocols;
    }

    /** The name as written in the configuration. */
    public String configName() {
        return configName;
    }

    /** The JSSE protocol names enabled. */
    public List<String> protocols() {
        return protocols;
    }

    /** The method named {@code text}; throws {@link IllegalArgumentException} with the reason otherwise. */
    public static TlsMethod parse(String text) {
        String t = text.strip();
        for (TlsMethod m : values()) {
            if (m.configName.equalsIgnoreCase(t)) {
                return m;
            }
        }
        switch (t.toUpperCase(Locale.ROOT)) {
            case "SSLV23", "TLSV1", "TLSV1+", "TLSV1.1", "TLSV1.1+", "SSLV2", "SSLV3":
                throw new IllegalArgumentException("'" + t + "' allows protocols older than TLS 1.2, which this"
                        + " server does not offer; use TLSv1.2+, TLSv1.2, TLSv1.3 or TLSv1.3+");
            default:
                throw new IllegalArgumentException("unknown TLS method '" + t
                        + "', expected TLSv1.2+, TLSv1.2, TLSv1.3 or TLSv1.3+");
        }
    }
}
