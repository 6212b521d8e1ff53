package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.config.DnsSettings;
import io.sipcontainer.dns.Destinations;
import io.sipcontainer.dns.Target;
import io.sipcontainer.dns.TargetList;
import io.sipcontainer.it.support.Dnsmasq;

/**
 * RFC 3263 server location ({@code io.sipcontainer.dns}) against a real DNS server (dnsmasq on
 * loopback): SRV priority order, the rules for an explicit port or transport, NAPTR choosing TCP,
 * the cache honouring TTLs (and {@code dns_cache_max_ttl}), and the blocklist. Time is a test
 * clock, so expiry needs no waiting; the DNS server's query log shows what was asked.
 */
class DnsServerLocationTest {
    private static final String[] SRV_RECORDS = {
        "--srv-host=_sip._udp.example.test,b.example.test,5070,20,10",
        "--srv-host=_sip._udp.example.test,a.example.test,5080,10,10",
        "--srv-host=_sip._tcp.example.test,a.example.test,5090,10,10",
        "--host-record=a.example.test,127.0.0.1",
        "--host-record=b.example.test,127.0.0.2",
    };

    @TempDir
    Path dir;
    private Dnsmasq dns;
    private final TestClock clock = new TestClock();

    @AfterEach
    void stop() {
        if (dns != null) {
            dns.close();
        }
    }

    private Destinations destinations(UnaryOperator<DnsSettings> settings) {
        DnsSettings s = settings.apply(DnsSettings.DEFAULTS.withServers(List.of(new InetSocketAddress("127.0.0.1", dns.port()))));
        return Destinations.create(s, Set.of("udp", "tcp"), clock);
    }

    private static List<Target> all(TargetList list) {
        return list.all();
    }

    @Test
    void srvTargetsComeLowestPriorityFirstEachAtItsAddress() throws Exception {
        dns = Dnsmasq.start(dir, SRV_RECORDS);
        TargetList targets = destinations(s -> s).resolve("example.test", 0, null, false);
        assertEquals(List.of(new Target("127.0.0.1", 5080, "udp"), new Target("127.0.0.2", 5070, "udp")), all(targets));
    }

    @Test
    void anExplicitPortMeansAddressRecordsOnlyAndAnExplicitTransportItsSrv() throws Exception {
        dns = Dnsmasq.start(dir, SRV_RECORDS);
        Destinations d = destinations(s -> s);
        assertEquals(List.of(new Target("127.0.0.1", 5099, "udp")), all(d.resolve("a.example.test", 5099, null, false)));
        assertEquals(0, dns.queries("SRV", "_sip._udp.a.example.test"), "no SRV lookup with a port (RFC 3263 4.2)");
        assertEquals(List.of(new Target("127.0.0.1", 5090, "tcp")), all(d.resolve("example.test", 0, "TCP", false)));
        assertNull(d.resolve("127.0.0.1", 0, null, false), "an IP literal is not looked up");
        assertNull(d.resolve("nothing.example.test", 0, null, false), "unknown to DNS: left to the stack");
    }

    @Test
    void naptrChoosesTcpOverUdpWhenDnsTryNaptrIsOn() throws Exception {
        dns = Dnsmasq.start(dir, SRV_RECORDS[0], SRV_RECORDS[1], SRV_RECORDS[2], SRV_RECORDS[3], SRV_RECORDS[4],
                "--naptr-record=example.test,10,10,S,SIP+D2T,,_sip._tcp.example.test",
                "--naptr-record=example.test,20,10,S,SIP+D2U,,_sip._udp.example.test");
        TargetList withNaptr = destinations(s -> s.withTryNaptr(true)).resolve("example.test", 0, null, false);
        assertEquals(new Target("127.0.0.1", 5090, "tcp"), withNaptr.current(), "NAPTR order 10 is SIP+D2T");
        assertEquals(3, withNaptr.all().size(), "then the UDP SRV targets: " + withNaptr.all());
        assertEquals(1, dns.queries("NAPTR", "example.test"));
        TargetList without = destinations(s -> s).resolve("example.test", 0, null, false);
        assertEquals("udp", without.current().transport(), "dns_try_naptr off (Kamailio's default): SRV, UDP first");
    }

    @Test
    void answersAreKeptForTheirTtlAndAskedAgainOnceExpired() throws Exception {
        String[] records = {SRV_RECORDS[0], SRV_RECORDS[1], SRV_RECORDS[3], SRV_RECORDS[4], "--local-ttl=60"};
        dns = Dnsmasq.start(dir, records);
        Destinations d = destinations(s -> s);
        d.resolve("example.test", 0, null, false);
        d.resolve("example.test", 0, null, false);
        assertEquals(1, dns.queries("SRV", "_sip._udp.example.test"), "the second answer came from the cache");
        clock.advance(Duration.ofSeconds(59));
        d.resolve("example.test", 0, null, false);
        assertEquals(1, dns.queries("SRV", "_sip._udp.example.test"), "still within the 60 s TTL");
        clock.advance(Duration.ofSeconds(2));
        d.resolve("example.test", 0, null, false);
        assertEquals(2, dns.queries("SRV", "_sip._udp.example.test"), "TTL expired: asked again");

        Destinations capped = destinations(s -> s.withCacheMaxTtl(Duration.ofSeconds(5)));
        capped.resolve("example.test", 0, null, false);
        clock.advance(Duration.ofSeconds(6));
        capped.resolve("example.test", 0, null, false);
        assertEquals(4, dns.queries("SRV", "_sip._udp.example.test"), "dns_cache_max_ttl 5 s shortens the 60 s TTL");

        Destinations uncached = destinations(s -> s.withCache(false));
        uncached.resolve("example.test", 0, null, false);
        uncached.resolve("example.test", 0, null, false);
        assertEquals(6, dns.queries("SRV", "_sip._udp.example.test"), "use_dns_cache = no asks every time");
    }

    @Test
    void aFailedTargetIsBlocklistedAndSkippedUntilItsEntryExpires() throws Exception {
        dns = Dnsmasq.start(dir, SRV_RECORDS);
        Destinations d = destinations(s -> s.withFailover(true).withBlocklist(true)
                .withBlocklistExpire(Duration.ofSeconds(30)));
        TargetList first = d.resolve("example.test", 0, null, false);
        assertTrue(first.failedOver(), "use_dns_failover: on to the next target");
        assertEquals(new Target("127.0.0.2", 5070, "udp"), first.current());
        assertFalse(first.failedOver(), "no target after the last");

        // both are blocklisted now
        assertThrows(IOException.class, () -> d.resolve("example.test", 0, null, false));
        clock.advance(Duration.ofSeconds(31));
        assertEquals(new Target("127.0.0.1", 5080, "udp"), d.resolve("example.test", 0, null, false).current(),
                "dst_blocklist_expire passed: the priority-10 target again");

        TargetList again = d.resolve("example.test", 0, null, false);
        again.failedOver();
        assertEquals(new Target("127.0.0.2", 5070, "udp"), d.resolve("example.test", 0, null, false).current(),
                "a new request skips the blocklisted one");
    }

    @Test
    void withoutFailoverARequestStaysOnItsFirstTarget() throws Exception {
        dns = Dnsmasq.start(dir, SRV_RECORDS);
        TargetList t = destinations(s -> s).resolve("example.test", 0, null, false);
        assertFalse(t.failedOver(), "use_dns_failover = no (Kamailio's default)");
    }

    /**
     * Kamailio's {@code dns:slow_dns_request}: dnsmasq answers {@code example.test} at once, and
     * forwards {@code slow.example} to a name server (a test socket) that never answers, so that
     * question takes the whole query timeout (1 s): only it passes {@code dns_slow_query_ms} (500).
     */
    @Test
    void aQuestionSlowerThanDnsSlowQueryMsIsCountedAsASlowDnsRequest() throws Exception {
        try (java.net.DatagramSocket silent = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            String[] options = java.util.Arrays.copyOf(SRV_RECORDS, SRV_RECORDS.length + 1);
            options[SRV_RECORDS.length] = "--server=/slow.example/127.0.0.1#" + silent.getLocalPort();
            dns = Dnsmasq.start(dir, options);
            Destinations d = destinations(s -> s.withSlowQuery(Duration.ofMillis(500))
                    .withQueryTimeout(Duration.ofSeconds(1)));
            assertTrue(d.resolve("example.test", 0, null, false) != null);
            assertEquals(0L, d.statistics().slow(), "dnsmasq's own answers are quick");
            assertNull(d.resolve("slow.example", 0, null, false), "nothing answered: the stack resolves it");
            assertTrue(d.statistics().slow() >= 1, "the unanswered question took past dns_slow_query_ms");
            assertTrue(d.statistics().failed() >= 1, "and failed (dns:failed_dns_request)");
        }
    }

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
