package io.sipcontainer.stack;

import java.lang.reflect.Field;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;

import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTlsMessageChannel;

/**
 * The TCP or TLS connections of one listener, for Kamailio's {@code core.tcp_list} and
 * {@code tls.list}: each with an id, its type, direction ({@code in}: the peer opened it), the
 * peer's address ({@code src_*}, as Kamailio lists it) and ours ({@code dst_*}), age, last activity
 * and, over TLS, what the handshake agreed (protocol, cipher, SNI). The RI keeps its channels in an
 * unsynchronised map of its own, so they are remembered here as they are made; closed ones are
 * forgotten when listed.
 */
final class OpenConnections {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Field STATE_MACHINE = field(NioTlsMessageChannel.class, "sslStateMachine");
    private static final Field ENGINE = field(gov.nist.javax.sip.stack.SSLStateMachine.class, "sslEngine");

    private record Entry(int id, String direction, long created) {
    }

    private final Map<NioTcpMessageChannel, Entry> channels = new ConcurrentHashMap<>();
    private final String type;
    private final java.util.concurrent.atomic.LongAdder accepted = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder opened = new java.util.concurrent.atomic.LongAdder();

    /** Connections of {@code type} ("TCP", "TLS"). */
    OpenConnections(String type) {
        this.type = type;
    }

    /** Connections peers opened since start (Kamailio's {@code tcp:passive_open}). */
    long accepted() {
        return accepted.sum();
    }

    /** Connections this listener opened since start ({@code tcp:connect_success}). */
    long opened() {
        return opened.sum();
    }

    /** How many are open now. */
    int open() {
        int n = 0;
        for (NioTcpMessageChannel c : channels.keySet()) {
            SocketChannel socket = c.getSocketChannel();
            if (socket != null && socket.isOpen()) {
                n++;
            }
        }
        return n;
    }

    <C extends MessageChannel> C add(C channel, String direction) {
        if (channel instanceof NioTcpMessageChannel nio) {
            channels.computeIfAbsent(nio, c -> {
                ("in".equals(direction) ? accepted : opened).increment();
                return new Entry(IDS.incrementAndGet(), direction, System.currentTimeMillis());
            });
            if (channels.size() % 256 == 0) {
                list(); // forgets closed ones now and then, for a server nobody lists
            }
        }
        return channel;
    }

    List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (Map.Entry<NioTcpMessageChannel, Entry> e : channels.entrySet()) {
            NioTcpMessageChannel c = e.getKey();
            SocketChannel socket = c.getSocketChannel();
            if (socket == null || !socket.isOpen()) {
                channels.remove(c);
                continue;
            }
            Entry entry = e.getValue();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", entry.id());
            m.put("type", type);
            m.put("direction", entry.direction());
            Socket s = socket.socket();
            m.put("src_ip", s.getInetAddress() == null ? "" : s.getInetAddress().getHostAddress());
            m.put("src_port", s.getPort());
            m.put("dst_ip", s.getLocalAddress() == null ? "" : s.getLocalAddress().getHostAddress());
            m.put("dst_port", s.getLocalPort());
            m.put("age", (now - entry.created()) / 1000);
            m.put("last_activity", Instant.ofEpochMilli(c.getLastActivityTimestamp()).toString());
            if (c instanceof NioTlsMessageChannel) {
                SSLSession session = session(c);
                m.put("protocol", session == null ? "" : session.getProtocol());
                m.put("cipher", session == null ? "" : session.getCipherSuite());
                m.put("server_name", session == null ? "" : sni(session));
            }
            out.add(m);
        }
        out.sort(java.util.Comparator.comparingInt(m -> (Integer) m.get("id")));
        return out;
    }

    private static String sni(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return "";
    }

    private static SSLSession session(NioTcpMessageChannel channel) {
        if (STATE_MACHINE == null || ENGINE == null || !(channel instanceof NioTlsMessageChannel)) {
            return null;
        }
        try {
            Object machine = STATE_MACHINE.get(channel);
            SSLEngine engine = machine == null ? null : (SSLEngine) ENGINE.get(machine);
            return engine == null ? null : engine.getSession();
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // the listing then leaves protocol and cipher empty
        }
    }
}
