package io.sipcontainer.dns;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.sipcontainer.config.DnsSettings;

/**
 * Where an outgoing request goes when its next hop names a host rather than an address: RFC 3263
 * server location ({@link ServerLocator} over a TTL-honouring cache), minus the destinations on the
 * blocklist. The message layer asks it once per request and keeps the {@link TargetList} for
 * failover; an IP literal needs no lookup and gets none.
 */
public final class Destinations {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Destinations.class);
    private static final Set<String> DNS_TRANSPORTS = Set.of("udp", "tcp", "tls");

    private final DnsSettings settings;
    private final ServerLocator locator;
    private final Blocklist blocklist;
    private final DnsLookups lookups;
    private final DnsStatistics stats;

    private Destinations(DnsSettings settings, ServerLocator locator, Blocklist blocklist, DnsLookups lookups,
            DnsStatistics stats) {
        this.settings = settings;
        this.locator = locator;
        this.blocklist = blocklist;
        this.lookups = lookups;
        this.stats = stats;
    }

    /** Server location with {@code settings}, for a server listening on {@code transports} ("udp", "tcp", "tls"). */
    public static Destinations create(DnsSettings settings, Set<String> transports, Clock clock) {
        DnsStatistics stats = new DnsStatistics();
        DnsLookups lookups = new DnsLookups(settings, clock, stats);
        return new Destinations(settings, new ServerLocator(lookups, settings, transports, ThreadLocalRandom.current()),
                new Blocklist(settings.blocklistExpire(), clock), lookups, stats);
    }

    /** What server location counted ({@code dns:} statistics). */
    public DnsStatistics statistics() {
        return stats;
    }

    /** The destination blocklist ({@code dst_blocklist.*} commands). */
    public Blocklist blocklist() {
        return blocklist;
    }

    /** The DNS cache and its lookups ({@code dns.*} commands). */
    DnsLookups lookups() {
        return lookups;
    }

    /** How many answers the DNS cache holds. */
    public int cacheSize() {
        return lookups.size();
    }

    void failedOver() {
        stats.failovers.increment();
    }

    /** True for an IPv4 or IPv6 literal (bracketed or not): nothing to look up. */
    public static boolean isAddress(String host) {
        // asked for every outgoing request, most of which go to addresses: no regex, no allocation
        if (host.isEmpty() || host.charAt(0) == '[' || host.indexOf(':') >= 0) {
            return !host.isEmpty();
        }
        int dots = 0;
        int digits = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.' && digits > 0) {
                dots++;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                digits++;
            } else {
                return false;
            }
        }
        return dots == 3 && digits > 0;
    }

    /**
     * The targets for a next hop of {@code host} ({@code port} 0 and {@code transport} null when
     * the URI gives none), blocklisted ones left out; null for an IP literal. Throws when the name
     * has targets but every one is blocklisted; null too when DNS knows nothing of it or does not
     * answer, so the stack's resolution (the hosts file) still applies.
     */
    public TargetList resolve(String host, int port, String transport, boolean secure) throws IOException {
        if (isAddress(host)) {
            return null;
        }
        String lower = host.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".invalid") || lower.equals("localhost") || lower.endsWith(".localhost")) {
            // RFC 6761 names no DNS server answers: ".invalid" is a WebSocket client's Contact (reached
            // over its connection), "localhost" the loopback the JDK's resolver gives
            return null;
        }
        if (transport != null && !DNS_TRANSPORTS.contains(transport.toLowerCase(java.util.Locale.ROOT))) {
            return null; // ws, wss, sctp: RFC 3263 has no records for them; the stack's routing decides
        }
        List<Target> found;
        try {
            found = locator.locate(host, port, transport, secure);
        } catch (IOException e) {
            LOG.debug("DNS lookup of {} failed ({}); the stack resolves it", host, e.toString());
            return null;
        }
        if (found.isEmpty()) {
            return null; // not in DNS: the stack's own resolution (the hosts file: "localhost") decides
        }
        List<Target> usable = new ArrayList<>(found.size());
        for (Target t : found) {
            if (!blocked(t)) {
                usable.add(t);
            }
        }
        if (usable.isEmpty()) {
            throw new IOException("every destination of " + host + " is blocklisted: " + found);
        }
        return new TargetList(usable, this);
    }

    boolean blocked(Target t) {
        return settings.blocklist() && blocklist.contains(t);
    }

    void failed(Target t) {
        if (settings.blocklist()) {
            blocklist.add(t);
        }
    }

    boolean failoverEnabled() {
        return settings.failover();
    }

    /** The settings this was made with. */
    public DnsSettings settings() {
        return settings;
    }
}
