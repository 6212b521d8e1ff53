package io.sipcontainer.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The SIP transports a listener can serve, as named in a {@code listen} line ({@code udp}, {@code tcp},
 * {@code tls}, {@code ws}, {@code wss}). Each knows its default port (5060, or 5061 when secured, as
 * RFC 3261 and RFC 7118 prescribe) and the name JAIN-SIP uses for it.
 */
public enum Transport {
    UDP(false, false),
    TCP(true, false),
    TLS(true, true),
    WS(true, false),
    WSS(true, true);

    private final boolean reliable;
    private final boolean secure;

    Transport(boolean reliable, boolean secure) {
        this.reliable = reliable;
        this.secure = secure;
    }

    /** The lower-case name used in the configuration file and in URIs ({@code transport=tcp}). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The transport name JAIN-SIP's {@code createListeningPoint} expects ({@code "UDP"}, {@code "WSS"}...). */
    public String jainSipName() {
        return name();
    }

    /** 5061 for TLS and WSS, 5060 otherwise. */
    public int defaultPort() {
        return secure ? 5061 : 5060;
    }

    /** True for connection-oriented transports (everything but UDP). */
    public boolean isReliable() {
        return reliable;
    }

    /** True for TLS and WSS. */
    public boolean isSecure() {
        return secure;
    }

    /** True for WS and WSS, which are served on the HTTP port (io.sipcontainer.ws), not on listen sockets. */
    public boolean isWebSocket() {
        return this == WS || this == WSS;
    }

    /** Looks a transport up by its configuration name, ignoring case. */
    public static Optional<Transport> fromConfigName(String name) {
        for (Transport transport : values()) {
            if (transport.name().equalsIgnoreCase(name)) {
                return Optional.of(transport);
            }
        }
        return Optional.empty();
    }
}
