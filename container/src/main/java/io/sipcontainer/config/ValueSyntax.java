package io.sipcontainer.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.event.Level;

/**
 * Parses the value side of configuration lines (listen specs, host[:port], numbers, levels,
 * paths). Every method throws {@link IllegalArgumentException} whose message is the reason alone;
 * {@link ConfigParser} adds the file and line.
 */
final class ValueSyntax {

    private static final Pattern HOST_NAME =
            Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final String PROTOCOLS = "udp, tcp, tls, ws or wss";

    private ValueSyntax() {
    }

    /** {@code proto:host[:port] [advertise host[:port]]}; the port defaults to the protocol's. */
    static ListenSpec listen(String value) {
        String[] tokens = value.strip().split("\\s+");
        String bind = tokens[0];
        int colon = bind.indexOf(':');
        if (colon <= 0 || bind.startsWith("[")) {
            throw missingProtocol(bind);
        }
        String protocol = bind.substring(0, colon);
        Transport transport = Transport.fromConfigName(protocol).orElse(null);
        if (transport == null) {
            // "host:port" is Kamailio's protocol-less form, not a misspelt protocol
            throw PORT.matcher(bind.substring(colon + 1)).matches() ? missingProtocol(bind)
                    : new IllegalArgumentException("unknown protocol '" + protocol + "' in listen, expected " + PROTOCOLS);
        }
        HostPort address = hostPort(bind.substring(colon + 1), "listen", transport.defaultPort());
        ListenSpec spec = ListenSpec.of(transport, address.host(), address.port());
        if (tokens.length == 1) {
            return spec;
        }
        if (!tokens[1].equalsIgnoreCase("advertise")) {
            throw new IllegalArgumentException("unexpected '" + tokens[1] + "' in listen, expected 'advertise host[:port]'");
        }
        if (tokens.length == 2) {
            throw new IllegalArgumentException("missing host after 'advertise' in listen");
        }
        if (tokens.length > 3) {
            throw new IllegalArgumentException("unexpected '" + tokens[3] + "' after advertise address in listen");
        }
        // without a port the advertised port stays 0, meaning "the port bound"
        HostPort advertised = hostPort(tokens[2], "advertise", 0);
        return spec.withAdvertised(advertised.host(), advertised.port());
    }

    private static IllegalArgumentException missingProtocol(String bind) {
        return new IllegalArgumentException("missing protocol in listen '" + bind
                + "', expected proto:host[:port] with proto " + PROTOCOLS);
    }

    /**
     * {@code host[:port]}, host being an IPv4 address, an IPv6 address in brackets or a name.
     *
     * @param defaultPort the port when none is written (0 for "none")
     */
    static HostPort hostPort(String text, String key, int defaultPort) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("missing host in " + key);
        }
        String host;
        String portText = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' after IPv6 address '" + text + "' in " + key);
            }
            host = ipv6(text.substring(1, close), key);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("unexpected '" + rest + "' after IPv6 address in " + key);
                }
                portText = rest.substring(1);
            }
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("IPv6 address '" + text + "' in " + key
                        + " must be written in brackets, e.g. [::1]:5060");
            }
            host = colon < 0 ? text : text.substring(0, colon);
            portText = colon < 0 ? null : text.substring(colon + 1);
            checkIpv4OrName(host, key);
        }
        int port = portText == null ? defaultPort : port(portText, key);
        return new HostPort(host, port);
    }

    /** A port number between 1 and 65535. */
    static int port(String text, String key) {
        if (PORT.matcher(text).matches()) {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        }
        throw new IllegalArgumentException("invalid port '" + text + "' in " + key + ", expected 1-65535");
    }

    /** Kamailio's booleans: yes/no, on/off, true/false, 1/0. */
    static boolean bool(String text, String key) {
        switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "on", "true", "1":
                return true;
            case "no", "off", "false", "0":
                return false;
            default:
                throw new IllegalArgumentException("invalid value '" + text + "' for " + key + ", expected yes or no");
        }
    }

    /** Name servers: IP literals with an optional port (53), separated by spaces or commas. */
    static java.util.List<java.net.InetSocketAddress> nameServers(String text, String key) {
        java.util.List<java.net.InetSocketAddress> servers = new java.util.ArrayList<>();
        for (String one : text.strip().split("[\\s,]+")) {
            if (one.isEmpty()) {
                continue;
            }
            HostPort hp = hostPort(one, key, 53);
            if (!hp.host().matches("[0-9.]+|.*:.*")) {
                throw new IllegalArgumentException("invalid name server '" + one + "' in " + key + ", expected an IP address");
            }
            servers.add(new java.net.InetSocketAddress(hp.host(), hp.port()));
        }
        return servers;
    }

    /** A whole number; its range is checked by the builder, which knows the limits. */
    /** yes/no, on/off, true/false or 1/0, as Kamailio's boolean settings. */
    static boolean yesNo(String text, String key) {
        switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "on", "true", "1":
                return true;
            case "no", "off", "false", "0":
                return false;
            default:
                throw new IllegalArgumentException(key + " must be yes or no: " + text);
        }
    }

    /** A comma- or space-separated list of IP literals (IPv6 with or without brackets). */
    static java.util.List<String> ipList(String text, String key) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String item : text.trim().split("[,\\s]+")) {
            if (item.isEmpty()) {
                continue;
            }
            String ip = item.startsWith("[") && item.endsWith("]") ? item.substring(1, item.length() - 1) : item;
            if (!(DIGITS_AND_DOTS.matcher(ip).matches() || (ip.indexOf(':') >= 0 && IPV6_CHARS.matcher(ip).matches()))) {
                throw new IllegalArgumentException(key + " takes IP addresses only: " + item);
            }
            out.add(ip);
        }
        return out;
    }

    static int integer(String text, String key) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value '" + text + "' for " + key + ", expected a whole number");
        }
    }

    /** An SLF4J level name, in any case. */
    static Level level(String text, String key) {
        try {
            return Level.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "invalid " + key + " '" + text + "', expected TRACE, DEBUG, INFO, WARN or ERROR");
        }
    }

    /** A file system path, relative ones being resolved later against the base directory. */
    static Path path(String text, String key) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid path '" + text + "' for " + key + ": " + e.getReason());
        }
    }

    /**
     * A header value. Kamailio writes the header name too ({@code server_header="Server: x"}); that
     * prefix is accepted and dropped so Kamailio lines can be copied over.
     */
    static String headerValue(String text, String headerName) {
        String prefix = headerName + ":";
        if (text.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return text.substring(prefix.length()).strip();
        }
        return text;
    }

    private static String ipv6(String address, String key) {
        // only a literal with ':' reaches InetAddress, which then parses it without a DNS lookup
        if (address.indexOf(':') >= 0 && IPV6_CHARS.matcher(address).matches()) {
            try {
                InetAddress.getByName("[" + address + "]");
                return address;
            } catch (UnknownHostException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("invalid IPv6 address '[" + address + "]' in " + key);
    }

    private static void checkIpv4OrName(String host, String key) {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("missing host in " + key);
        }
        if (DIGITS_AND_DOTS.matcher(host).matches()) {
            String[] parts = host.split("\\.", -1);
            boolean valid = parts.length == 4;
            for (int i = 0; valid && i < parts.length; i++) {
                valid = !parts[i].isEmpty() && parts[i].length() <= 3 && Integer.parseInt(parts[i]) <= 255;
            }
            if (!valid) {
                throw new IllegalArgumentException("invalid IPv4 address '" + host + "' in " + key);
            }
        } else if (!HOST_NAME.matcher(host).matches() || host.length() > 253) {
            throw new IllegalArgumentException("invalid host '" + host + "' in " + key);
        }
    }
}
