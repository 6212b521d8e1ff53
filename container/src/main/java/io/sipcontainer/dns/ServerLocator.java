package io.sipcontainer.dns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

import io.sipcontainer.config.DnsSettings;

/**
 * RFC 3263 section 4: the ordered list of targets (address, port, transport) for a SIP URI's host.
 * An explicit port means A/AAAA only; an explicit transport (or {@code sips}) means that transport's
 * SRV; otherwise NAPTR when {@code dns_try_naptr} is on, else SRV for each transport this server
 * listens on (UDP, then TCP, then TLS: the first that has records wins), else A/AAAA on the
 * default port. Names given by NAPTR and SRV are followed in order, each to its addresses.
 */
final class ServerLocator {
    private final DnsLookups dns;
    private final DnsSettings settings;
    private final Set<String> transports;
    private final RandomGenerator random;

    ServerLocator(DnsLookups dns, DnsSettings settings, Set<String> transports, RandomGenerator random) {
        this.dns = dns;
        this.settings = settings;
        this.transports = transports;
        this.random = random;
    }

    /**
     * Targets for {@code host} (a domain name). {@code port} 0 and {@code transport} null when the
     * URI has none; {@code secure} for a sips URI.
     */
    List<Target> locate(String host, int port, String transport, boolean secure) throws IOException {
        String t = transport != null ? transport.toLowerCase(Locale.ROOT) : secure ? "tls" : null;
        if (port > 0) {
            return addresses(host, port, t != null ? t : "udp");
        }
        if (t != null) {
            List<Target> viaSrv = srv(host, t);
            return !viaSrv.isEmpty() ? viaSrv : addresses(host, defaultPort(t), t);
        }
        if (settings.tryNaptr()) {
            List<Target> viaNaptr = naptr(host);
            if (!viaNaptr.isEmpty()) {
                return viaNaptr;
            }
        }
        for (String each : List.of("udp", "tcp", "tls")) {
            if (transports.contains(each)) {
                List<Target> viaSrv = srv(host, each);
                if (!viaSrv.isEmpty()) {
                    return viaSrv;
                }
            }
        }
        return addresses(host, 5060, "udp");
    }

    /** NAPTR records for SIP services this server can use, by order then preference (RFC 3263 4.1). */
    private List<Target> naptr(String host) throws IOException {
        List<NAPTRRecord> usable = new ArrayList<>();
        for (Record r : dns.query(host, Type.NAPTR)) {
            NAPTRRecord n = (NAPTRRecord) r;
            String t = transportOfService(n.getService());
            if (t != null && transports.contains(t) && "s".equalsIgnoreCase(n.getFlags())) {
                usable.add(n);
            }
        }
        usable.sort(Comparator.comparingInt(NAPTRRecord::getOrder).thenComparingInt(NAPTRRecord::getPreference));
        Set<Target> out = new LinkedHashSet<>();
        for (NAPTRRecord n : usable) {
            out.addAll(srvOf(n.getReplacement().toString(true), transportOfService(n.getService())));
        }
        return new ArrayList<>(out);
    }

    private static String transportOfService(String service) {
        return switch (service.toUpperCase(Locale.ROOT)) {
            case "SIP+D2U" -> "udp";
            case "SIP+D2T" -> "tcp";
            case "SIPS+D2T" -> "tls";
            default -> null;
        };
    }

    private List<Target> srv(String host, String transport) throws IOException {
        String prefix = switch (transport) {
            case "udp" -> "_sip._udp.";
            case "tcp" -> "_sip._tcp.";
            case "tls" -> "_sips._tcp.";
            default -> null;
        };
        return prefix == null ? List.of() : srvOf(prefix + host, transport);
    }

    private List<Target> srvOf(String name, String transport) throws IOException {
        List<SrvOrder.Srv> records = new ArrayList<>();
        for (Record r : dns.query(name, Type.SRV)) {
            SRVRecord s = (SRVRecord) r;
            records.add(new SrvOrder.Srv(s.getPriority(), s.getWeight(), s.getPort(), s.getTarget().toString(true)));
        }
        List<Target> out = new ArrayList<>();
        for (SrvOrder.Srv s : SrvOrder.order(records, settings.srvLoadBalancing(), random)) {
            if (!".".equals(s.target()) && !s.target().isEmpty()) { // "." : the service is not offered here
                out.addAll(addresses(s.target(), s.port(), transport));
            }
        }
        return out;
    }

    private List<Target> addresses(String host, int port, String transport) throws IOException {
        List<Target> out = new ArrayList<>();
        for (Record r : dns.query(host, Type.A)) {
            out.add(new Target(((ARecord) r).getAddress().getHostAddress(), port, transport));
        }
        for (Record r : dns.query(host, Type.AAAA)) {
            out.add(new Target(((AAAARecord) r).getAddress().getHostAddress(), port, transport));
        }
        return out;
    }

    private static int defaultPort(String transport) {
        return "tls".equals(transport) ? 5061 : 5060;
    }
}
