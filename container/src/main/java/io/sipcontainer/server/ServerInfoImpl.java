package io.sipcontainer.server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.sipcontainer.config.HostPort;
import io.sipcontainer.service.ModuleParams;
import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.service.ServerInfo;
import io.sipcontainer.transport.Connector;

/** {@link ServerInfo} over the configuration and the bound sockets ("myself" as Kamailio's check_self). */
final class ServerInfoImpl implements ServerInfo {
    static final String VERSION = "sipcontainer " + versionOf();

    private final ServerConfig config;
    private final Supplier<List<Connector>> connectors;
    private final Instant startTime = Instant.now();

    ServerInfoImpl(ServerConfig config, Supplier<List<Connector>> connectors) {
        this.config = config;
        this.connectors = connectors;
    }

    @Override
    public boolean isMyself(String host, int port, boolean secure) {
        if (host == null) {
            return false;
        }
        String h = stripBrackets(host).toLowerCase(Locale.ROOT);
        int p = port > 0 ? port : secure ? 5061 : 5060;
        for (Connector c : connectors.get()) {
            if ((sameHost(h, c.host()) && p == c.port()) || (sameHost(h, c.advertisedHost()) && p == c.advertisedPort())
                    || (p == c.port() && LocalAddresses.isWildcard(c.host()) && LocalAddresses.isLocal(h))) {
                return true;
            }
        }
        for (HostPort alias : config.aliases()) {
            if (h.equals(stripBrackets(alias.host()).toLowerCase(Locale.ROOT)) && (alias.port() == 0 || alias.port() == p)) {
                return true;
            }
        }
        return false;
    }

    /** Equal names, or IPv6 literals written differently ({@code ::1}, {@code 0:0:0:0:0:0:0:1}). */
    private static boolean sameHost(String h, String host) {
        String other = stripBrackets(host).toLowerCase(Locale.ROOT);
        return h.equals(other) || (h.indexOf(':') >= 0 && other.indexOf(':') >= 0 && LocalAddresses.sameIpv6(h, other));
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public Instant startTime() {
        return startTime;
    }

    @Override
    public String nodeName() {
        return config.nodeName();
    }

    @Override
    public ModuleParams moduleParams(String module) {
        return config.moduleParams(module);
    }

    @Override
    public List<String> sockets() {
        List<String> out = new ArrayList<>();
        for (Connector c : connectors.get()) {
            out.add(c.transport().toLowerCase(Locale.ROOT) + ":" + c.host() + ":" + c.port());
        }
        return out;
    }

    private static String versionOf() {
        String v = ServerInfoImpl.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }
}
