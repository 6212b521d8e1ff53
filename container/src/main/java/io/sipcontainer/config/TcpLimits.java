package io.sipcontainer.config;

import java.time.Duration;

/**
 * Kamailio's TCP limits ({@code tcp_max_connections}, {@code tcp_accept_iplimit},
 * {@code tcp_msg_read_timeout}), for connections peers open to us.
 *
 * @param maxConnections accepted connections open at once; past it new ones are closed at once
 * @param acceptIpLimit  accepted connections open at once from one IP address
 * @param msgReadTimeout a message begun but not complete after this long closes its connection
 *                       (a peer trickling bytes, "slowloris"); CRLF keepalives between messages do not count
 */
public record TcpLimits(int maxConnections, int acceptIpLimit, Duration msgReadTimeout) {
    /** Kamailio 5.6's defaults. */
    public static final TcpLimits DEFAULTS = new TcpLimits(2048, 1024, Duration.ofSeconds(20));

    TcpLimits withMaxConnections(int value) {
        return new TcpLimits(value, acceptIpLimit, msgReadTimeout);
    }

    TcpLimits withAcceptIpLimit(int value) {
        return new TcpLimits(maxConnections, value, msgReadTimeout);
    }

    TcpLimits withMsgReadTimeout(Duration value) {
        return new TcpLimits(maxConnections, acceptIpLimit, value);
    }
}
