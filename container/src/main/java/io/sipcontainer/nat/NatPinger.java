package io.sipcontainer.nat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.service.Contact;
import io.sipcontainer.service.LocationService;
import io.sipcontainer.transport.Connector;
import io.sipcontainer.transport.Datagrams;

/**
 * nathelper's keepalive pings, one {@link #round()} every {@code natping_interval}: each UDP
 * contact (only those with {@code nat_bflag} under {@code ping_nated_only}) gets, from the socket
 * it registered on, a stateless SIP request ({@code sipping_method}, From {@code sipping_from}) when
 * its cflags carry {@code sipping_bflag}, else 4 zero bytes. Answers to the SIP pings are taken
 * before the stack's stray handling ({@link #takeReply}); with {@code keepalive_timeout} a
 * SIP-pinged contact neither registered nor answering for that long is removed from the location.
 */
final class NatPinger {
    private static final Logger LOG = LoggerFactory.getLogger(NatPinger.class);
    static final String CALL_ID_PREFIX = "nhping-";
    private static final byte[] UDP_PING = new byte[4];

    private final NathelperSettings settings;
    private final LocationService location;
    private final Datagrams datagrams;
    private final Supplier<List<Connector>> connectors;
    private final LongSupplier clock;
    private final AtomicLong sequence = new AtomicLong();
    /** Call-ID of a SIP ping in flight -> the contact it went to ({@code aor \n uri}), with the time sent. */
    private final Map<String, Sent> inFlight = new ConcurrentHashMap<>();
    /** Contact ({@code aor \n uri}) -> when it last answered a SIP ping. */
    private final Map<String, Long> answered = new ConcurrentHashMap<>();
    private volatile boolean enabled;

    final AtomicLong udpPings = new AtomicLong();
    final AtomicLong sipPings = new AtomicLong();
    final AtomicLong sipReplies = new AtomicLong();
    final AtomicLong removed = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    volatile long lastRoundContacts;

    private record Sent(String contact, long at) {
    }

    NatPinger(NathelperSettings settings, LocationService location, Datagrams datagrams,
            Supplier<List<Connector>> connectors, LongSupplier clock) {
        this.settings = settings;
        this.location = location;
        this.datagrams = datagrams;
        this.connectors = connectors;
        this.clock = clock;
        this.enabled = settings.enablePing();
    }

    boolean isEnabled() {
        return enabled;
    }

    /** {@code nathelper.enable_ping}. */
    void setEnabled(boolean on) {
        enabled = on;
    }

    /** One ping round over every AOR's live contacts; never throws (it runs on a timer). */
    void round() {
        if (!enabled) {
            return;
        }
        long now = clock.getAsLong();
        long pinged = 0;
        Set<String> seen = new HashSet<>();
        try {
            for (String aor : location.aors()) {
                for (Contact c : location.lookup(aor)) {
                    if (ping(c, now, seen)) {
                        pinged++;
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("NAT ping round failed: {}", e.toString());
        }
        lastRoundContacts = pinged;
        answered.keySet().retainAll(seen);
        long forget = now - 1000L * Math.max(2L * settings.natpingInterval(), settings.keepaliveTimeout());
        inFlight.values().removeIf(s -> s.at() < forget);
    }

    private boolean ping(Contact c, long now, Set<String> seen) {
        boolean nated = (c.cflags() & (1 << settings.natBflag())) != 0;
        if (settings.pingNatedOnly() && !nated) {
            return false;
        }
        if (c.socket() != null && !c.socket().regionMatches(true, 0, "udp:", 0, 4)) {
            return false; // nathelper pings UDP contacts; a connection keeps its own NAT binding open
        }
        InetSocketAddress to = PingTarget.of(c.destination());
        Connector via = socketOf(c);
        if (to == null || via == null) {
            return false;
        }
        boolean sip = settings.sippingBflag() >= 0 && (c.cflags() & (1 << settings.sippingBflag())) != 0;
        String key = c.aor() + "\n" + c.uri();
        if (sip && settings.keepaliveTimeout() > 0) {
            seen.add(key);
            long alive = Math.max(c.lastModified(), answered.getOrDefault(key, 0L));
            if (now - alive > settings.keepaliveTimeout() * 1000L) {
                if (location.remove(c.aor(), c.uri())) {
                    removed.incrementAndGet();
                    LOG.info("Removed {} of {}: no answer to keepalives for {} s", c.uri(), c.aor(),
                            settings.keepaliveTimeout());
                }
                return false;
            }
        }
        try {
            if (sip) {
                String callId = CALL_ID_PREFIX + sequence.incrementAndGet() + "-"
                        + Long.toHexString(ThreadLocalRandom.current().nextLong());
                inFlight.put(callId, new Sent(key, now));
                datagrams.send(via, to, sipPing(c.uri(), callId, via));
                sipPings.incrementAndGet();
            } else {
                datagrams.send(via, to, UDP_PING);
                udpPings.incrementAndGet();
            }
            return true;
        } catch (IOException e) {
            failures.incrementAndGet();
            LOG.debug("NAT ping to {} failed: {}", to, e.toString());
            return false;
        }
    }

    /** Takes the answer to one of our SIP pings (any status: the client is there). */
    boolean takeReply(SIPResponse response) {
        String callId = response.getCallId() == null ? null : response.getCallId().getCallId();
        if (callId == null || !callId.startsWith(CALL_ID_PREFIX)) {
            return false;
        }
        Sent sent = inFlight.remove(callId);
        if (sent != null) {
            sipReplies.incrementAndGet();
            answered.put(sent.contact(), clock.getAsLong());
        }
        return true;
    }

    /** The socket the contact registered on (or {@code force_socket}), null when it is gone. */
    private Connector socketOf(Contact c) {
        List<Connector> all = connectors.get();
        if (!settings.forceSocket().isEmpty()) {
            return find(all, "udp:" + settings.forceSocket());
        }
        Connector registered = c.socket() == null ? null : find(all, c.socket());
        if (registered != null) {
            return registered;
        }
        return all.stream().filter(x -> "udp".equalsIgnoreCase(x.transport())).findFirst().orElse(null);
    }

    private static Connector find(List<Connector> all, String socket) {
        for (Connector x : all) {
            if ("udp".equalsIgnoreCase(x.transport()) && socket.equalsIgnoreCase("udp:" + x.host() + ":" + x.port())) {
                return x;
            }
        }
        return null;
    }

    /** A stateless request as Kamailio's sipping builds it: Via with rport, From with a tag, CSeq 1. */
    private byte[] sipPing(String uri, String callId, Connector via) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String method = settings.sippingMethod();
        String text = method + " " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + NatAddresses.bracket(via.advertisedHost()) + ":" + via.advertisedPort()
                + ";branch=z9hG4bK" + Long.toHexString(random.nextLong()) + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <" + settings.sippingFrom() + ">;tag=" + Integer.toHexString(random.nextInt()) + "\r\n"
                + "To: <" + uri + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Content-Length: 0\r\n\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
