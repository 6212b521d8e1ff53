package io.sipcontainer.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import io.sipcontainer.service.Counter;
import io.sipcontainer.service.Statistics;

/**
 * The {@code websocket:} statistics under Kamailio's names: handshakes, frames received and
 * transmitted (SIP messages, CRLF keep-alives and Ping/Pong frames), connections closed by us, by
 * the peer, or broken. Every connection carries SIP, so each {@code ws_sip_*} statistic reads the
 * matching {@code ws_*} one; the {@code ws_msrp_*} ones stay 0, as MSRP is not served.
 */
final class WebSocketStatistics {
    static final String GROUP = "websocket";
    private static final String[] MSRP = {"current_connections", "max_concurrent_connections", "successful_handshakes",
        "received_frames", "transmitted_frames", "local_closed_connections", "remote_closed_connections",
        "failed_connections"};

    private final Statistics statistics;
    private final List<String> names = new ArrayList<>();
    private final AtomicLong maxConcurrent = new AtomicLong();
    final Counter successfulHandshakes;
    final Counter failedHandshakes;
    final Counter receivedFrames;
    final Counter transmittedFrames;
    final Counter localClosed;
    final Counter remoteClosed;
    final Counter failedConnections;

    WebSocketStatistics(Statistics statistics, IntSupplier currentConnections) {
        this.statistics = statistics;
        successfulHandshakes = counter("ws_successful_handshakes");
        failedHandshakes = counter("ws_failed_handshakes");
        receivedFrames = counter("ws_received_frames");
        transmittedFrames = counter("ws_transmitted_frames");
        localClosed = counter("ws_local_closed_connections");
        remoteClosed = counter("ws_remote_closed_connections");
        failedConnections = counter("ws_failed_connections");
        gauge("ws_current_connections", () -> currentConnections.getAsInt());
        gauge("ws_max_concurrent_connections", maxConcurrent::get);
        gauge("ws_sip_current_connections", () -> currentConnections.getAsInt());
        gauge("ws_sip_max_concurrent_connections", maxConcurrent::get);
        mirror("ws_sip_successful_handshakes", successfulHandshakes);
        mirror("ws_sip_received_frames", receivedFrames);
        mirror("ws_sip_transmitted_frames", transmittedFrames);
        mirror("ws_sip_local_closed_connections", localClosed);
        mirror("ws_sip_remote_closed_connections", remoteClosed);
        mirror("ws_sip_failed_connections", failedConnections);
        for (String msrp : MSRP) {
            gauge("ws_msrp_" + msrp, () -> 0);
        }
    }

    /** A connection opened: {@code current} are open now, including it. */
    void opened(int current) {
        successfulHandshakes.increment();
        maxConcurrent.accumulateAndGet(current, Math::max);
    }

    /** Takes every statistic away, when the component stops. */
    void remove() {
        for (String name : names) {
            statistics.remove(GROUP, name);
        }
    }

    private Counter counter(String name) {
        names.add(name);
        return statistics.counter(GROUP, name);
    }

    private void gauge(String name, java.util.function.LongSupplier value) {
        names.add(name);
        statistics.gauge(GROUP, name, value);
    }

    private void mirror(String name, Counter of) {
        gauge(name, of::get);
    }
}
