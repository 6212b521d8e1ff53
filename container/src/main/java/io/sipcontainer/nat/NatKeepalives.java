package io.sipcontainer.nat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.transport.Connector;
import io.sipcontainer.transport.Datagrams;

/**
 * nat_traversal's keepalive of endpoints: a client's source address (and the socket it reached us
 * on) is kept alive while it has a registration, a subscription or a dialog that was marked with
 * {@code nat_keepalive()} and answered positively; every {@code keepalive_interval} each such
 * endpoint gets one {@code keepalive_method} request (NOTIFY with {@code Event: keep-alive}) from
 * {@code keepalive_from}. A registration or subscription lasts until its expiry, a dialog until
 * {@link #dialogEnded}. Answers to the keepalives are absorbed ({@link #takeReply}).
 */
final class NatKeepalives {
    private static final Logger LOG = LoggerFactory.getLogger(NatKeepalives.class);
    static final String CALL_ID_PREFIX = "ntka-";

    /** What keeps an endpoint alive. */
    enum Reason { REGISTRATION, SUBSCRIPTION, DIALOG }

    /** One source address with its socket and, per reason, the keys (Call-IDs) and their expiry (0: until removed). */
    private static final class Endpoint {
        final InetSocketAddress address;
        final Connector via;
        final Map<Reason, Map<String, Long>> holds = new ConcurrentHashMap<>();

        Endpoint(InetSocketAddress address, Connector via) {
            this.address = address;
            this.via = via;
        }

        boolean has(Reason reason, long now) {
            Map<String, Long> m = holds.get(reason);
            return m != null && m.values().stream().anyMatch(until -> until == 0 || until > now);
        }

        boolean isEmpty(long now) {
            for (Reason r : Reason.values()) {
                if (has(r, now)) {
                    return false;
                }
            }
            return true;
        }

        void expire(long now) {
            holds.values().forEach(m -> m.values().removeIf(until -> until != 0 && until <= now));
        }
    }

    private final NatTraversalSettings settings;
    private final Datagrams datagrams;
    private final LongSupplier clock;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    final AtomicLong sent = new AtomicLong();

    NatKeepalives(NatTraversalSettings settings, Datagrams datagrams, LongSupplier clock) {
        this.settings = settings;
        this.datagrams = datagrams;
        this.clock = clock;
    }

    /**
     * Keeps {@code source} alive for {@code reason} under {@code key} (a Call-ID) for
     * {@code seconds}, 0 until {@link #release}; a registration or subscription refreshed with
     * expiry 0 is released at once.
     */
    void hold(InetSocketAddress source, Connector via, Reason reason, String key, long seconds, boolean unlimited) {
        if (via == null || !"udp".equalsIgnoreCase(via.transport())) {
            return; // a connection keeps its NAT binding open by itself
        }
        String id = via + "|" + source;
        if (!unlimited && seconds <= 0) {
            release(id, reason, key);
            return;
        }
        Endpoint e = endpoints.computeIfAbsent(id, k -> new Endpoint(source, via));
        e.holds.computeIfAbsent(reason, r -> new ConcurrentHashMap<>())
                .put(key, unlimited ? 0L : clock.getAsLong() + seconds * 1000);
    }

    private void release(String id, Reason reason, String key) {
        Endpoint e = endpoints.get(id);
        if (e != null && e.holds.containsKey(reason)) {
            e.holds.get(reason).remove(key);
        }
    }

    /** A dialog ended (BYE, timeout, failure): its Call-ID no longer holds any endpoint. */
    void dialogEnded(String callId) {
        for (Endpoint e : endpoints.values()) {
            Map<String, Long> m = e.holds.get(Reason.DIALOG);
            if (m != null) {
                m.remove(callId);
            }
        }
    }

    /** Endpoints kept alive now, all ({@code null}) or by one reason. */
    long count(Reason reason) {
        long now = clock.getAsLong();
        return endpoints.values().stream().filter(e -> reason == null ? !e.isEmpty(now) : e.has(reason, now)).count();
    }

    /** One keepalive round: forgets what expired, then one request to every endpoint still held. */
    void round() {
        long now = clock.getAsLong();
        endpoints.values().forEach(e -> e.expire(now));
        endpoints.values().removeIf(e -> e.isEmpty(now));
        for (Endpoint e : List.copyOf(endpoints.values())) {
            try {
                datagrams.send(e.via, e.address, keepalive(e));
                sent.incrementAndGet();
            } catch (IOException | RuntimeException ex) {
                LOG.debug("NAT keepalive to {} failed: {}", e.address, ex.toString());
            }
        }
    }

    /** Absorbs the answer to one of our keepalives. */
    boolean takeReply(SIPResponse response) {
        return response.getCallId() != null && response.getCallId().getCallId().startsWith(CALL_ID_PREFIX);
    }

    private byte[] keepalive(Endpoint e) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String target = "sip:" + NatAddresses.bracket(e.address.getAddress().getHostAddress()) + ":"
                + e.address.getPort();
        String host = NatAddresses.bracket(e.via.advertisedHost());
        String from = settings.keepaliveFrom().isEmpty() ? "sip:keepalive@" + host : settings.keepaliveFrom();
        String method = settings.keepaliveMethod();
        String text = method + " " + target + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + host + ":" + e.via.advertisedPort() + ";branch=z9hG4bK"
                + Long.toHexString(random.nextLong()) + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <" + from + ">;tag=" + Integer.toHexString(random.nextInt()) + "\r\n"
                + "To: <" + target + ">\r\n"
                + "Call-ID: " + CALL_ID_PREFIX + sequence.incrementAndGet() + "-" + Long.toHexString(random.nextLong())
                + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + ("NOTIFY".equals(method) ? "Event: keep-alive\r\n" : "")
                + (settings.keepaliveExtraHeaders().isEmpty() ? "" : settings.keepaliveExtraHeaders() + "\r\n")
                + "Content-Length: 0\r\n\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
