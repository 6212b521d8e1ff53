package io.sipcontainer.dns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcRegistry;

/**
 * Kamailio's core DNS commands over server location: {@code dns.view} (the cache, an entry per
 * name and type with its records, in the shape Kamailio prints: {@code name}, {@code type},
 * {@code TTL (s)}, then {@code rr ip} or {@code rr name}/{@code rr port}/{@code rr priority}/
 * {@code rr weight} ...), {@code dns.lookup <type> <name>} (through the cache, as Kamailio's),
 * {@code dns.delete_all}; and the destination blocklist: {@code dst_blocklist.view} (each entry's
 * {@code protocol}, {@code ip}, {@code port}, {@code expires in (s)}), {@code dst_blocklist.delete_all},
 * with Kamailio's older {@code dst_blacklist.*} names as aliases.
 */
public final class DnsCommands {
    private DnsCommands() {
    }

    public static void register(RpcRegistry rpc, Destinations destinations) {
        DnsLookups lookups = destinations.lookups();
        Blocklist blocklist = destinations.blocklist();
        rpc.registerReadOnly("dns.view", "Returns the DNS cache entries.", p -> {
            List<Object> out = new ArrayList<>();
            for (DnsLookups.Cached c : lookups.cached()) {
                out.add(entry(c.name(), c.type(), c.records(), c.secondsLeft()));
            }
            return out;
        });
        rpc.registerReadOnly("dns.lookup", "Looks a name up through the DNS cache: dns.lookup <type> <name>.", p -> {
            int type = type(p.string(0));
            String name = p.string(1);
            try {
                List<Record> records = lookups.query(name, type);
                long ttl = records.stream().mapToLong(Record::getTTL).min().orElse(0);
                return entry(name.toLowerCase(Locale.ROOT), type, records, ttl);
            } catch (IOException e) {
                throw new RpcException(500, "lookup failed: " + e.getMessage());
            }
        });
        rpc.register("dns.delete_all", "Deletes every entry of the DNS cache.", p -> {
            lookups.clear();
            return null;
        });
        for (String prefix : List.of("dst_blocklist", "dst_blacklist")) {
            rpc.registerReadOnly(prefix + ".view", "Returns the destination blocklist.", p -> {
                List<Object> out = new ArrayList<>();
                for (Blocklist.Blocked b : blocklist.view()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("protocol", b.target().transport().toLowerCase(Locale.ROOT));
                    m.put("ip", b.target().address());
                    m.put("port", b.target().port());
                    m.put("expires in (s)", b.secondsLeft());
                    out.add(m);
                }
                return out;
            });
            rpc.register(prefix + ".delete_all", "Deletes every entry of the destination blocklist.", p -> {
                blocklist.clear();
                return null;
            });
        }
    }

    private static int type(String name) throws RpcException {
        int type = Type.value(name.toUpperCase(Locale.ROOT));
        if (type != Type.A && type != Type.AAAA && type != Type.SRV && type != Type.NAPTR && type != Type.CNAME
                && type != Type.TXT) {
            throw new RpcException(400, "Bad parameter: type must be one of a, aaaa, srv, naptr, cname, txt");
        }
        return type;
    }

    private static Map<String, Object> entry(String name, int type, List<Record> records, long secondsLeft) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("type", Type.string(type));
        m.put("TTL (s)", secondsLeft);
        m.put("negative", records.isEmpty() ? "yes" : "no");
        List<Object> rrs = new ArrayList<>();
        for (Record r : records) {
            rrs.add(record(r));
        }
        m.put("records", rrs);
        return m;
    }

    private static Map<String, Object> record(Record r) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (r instanceof ARecord a) {
            m.put("rr ip", a.getAddress().getHostAddress());
        } else if (r instanceof AAAARecord a) {
            m.put("rr ip", a.getAddress().getHostAddress());
        } else if (r instanceof SRVRecord s) {
            m.put("rr name", s.getTarget().toString(true));
            m.put("rr port", s.getPort());
            m.put("rr priority", s.getPriority());
            m.put("rr weight", s.getWeight());
        } else if (r instanceof NAPTRRecord n) {
            m.put("rr order", n.getOrder());
            m.put("rr preference", n.getPreference());
            m.put("rr flags", n.getFlags());
            m.put("rr service", n.getService());
            m.put("rr regexp", n.getRegexp());
            m.put("rr replacement", n.getReplacement().toString(true));
        } else if (r instanceof CNAMERecord c) {
            m.put("rr name", c.getTarget().toString(true));
        } else if (r instanceof TXTRecord t) {
            m.put("rr txt", String.join("", t.getStrings()));
        } else {
            m.put("rr data", r.rdataToString());
        }
        m.put("rr ttl", r.getTTL());
        return m;
    }
}
