package io.sipcontainer.it;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.sipcontainer.it.support.SipAgent;

/**
 * Sends hand-written REGISTER requests over UDP and reads the raw replies, so tests see the
 * registrar's headers exactly as they go on the wire. One Call-ID per client; the CSeq goes up by
 * one per request unless a test sets it.
 */
final class RegisterClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final SipAgent agent = new SipAgent();
    private final InetSocketAddress server;
    private final String callId = UUID.randomUUID() + "@test";
    private int cseq;

    RegisterClient(InetSocketAddress server) {
        this.server = server;
    }

    /** Puts the registrar application built by apps/registrar into a deploy directory. */
    static void deployRegistrar(Path deployDir) throws Exception {
        Path sar = Path.of("..", "apps", "registrar", "target", "registrar.sar");
        if (!Files.exists(sar)) {
            throw new IllegalStateException(sar.toAbsolutePath() + " is missing: build apps/registrar first");
        }
        Files.copy(sar, deployDir.resolve("registrar.sar"), StandardCopyOption.REPLACE_EXISTING);
    }

    static final String DAR = "REGISTER: (\"registrar\", \"DAR:To\", \"TERMINATING\", \"\", \"NO_ROUTE\", \"0\")\n";

    int port() {
        return agent.rawPort();
    }

    String callId() {
        return callId;
    }

    /** A REGISTER for {@code user} with the next CSeq and these extra header lines. */
    Reply register(String user, String... headers) {
        return registerWith(user, ++cseq, headers);
    }

    /** A REGISTER with an explicit CSeq (which becomes the client's current one). */
    Reply registerWith(String user, int cseqNumber, String... headers) {
        cseq = cseqNumber;
        return send(request(user, cseqNumber, callId, headers));
    }

    String request(String user, int cseqNumber, String cid, String... headers) {
        String host = server.getAddress().getHostAddress();
        StringBuilder sb = new StringBuilder();
        sb.append("REGISTER sip:").append(host).append(':').append(server.getPort()).append(" SIP/2.0\r\n");
        sb.append("Via: SIP/2.0/UDP 127.0.0.1:").append(port()).append(";branch=z9hG4bK")
                .append(UUID.randomUUID().toString().replace("-", "")).append(";rport\r\n");
        boolean maxForwards = false;
        for (String h : headers) {
            maxForwards |= h.regionMatches(true, 0, "Max-Forwards:", 0, 13);
        }
        if (!maxForwards) {
            sb.append("Max-Forwards: 70\r\n");
        }
        sb.append("From: <sip:").append(user).append('@').append(host).append(">;tag=")
                .append(Integer.toHexString(cseqNumber * 7919 + user.hashCode())).append("\r\n");
        sb.append("To: <sip:").append(user).append('@').append(host).append(">\r\n");
        sb.append("Call-ID: ").append(cid).append("\r\n");
        sb.append("CSeq: ").append(cseqNumber).append(" REGISTER\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        sb.append("Content-Length: 0\r\n\r\n");
        return sb.toString();
    }

    /** Sends a raw request and returns its final reply. */
    Reply send(String raw) {
        agent.sendRaw(raw, server);
        while (true) {
            Reply r = Reply.parse(agent.receiveRaw(TIMEOUT));
            if (r.status >= 200) {
                return r;
            }
        }
    }

    @Override
    public void close() {
        agent.close();
    }

    /** A reply: status, reason and headers by lower-case full name, in order. */
    record Reply(int status, String reason, Map<String, List<String>> headers, String text) {

        static Reply parse(String text) {
            String[] lines = text.split("\r\n");
            String[] status = lines[0].split(" ", 3);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
                int colon = lines[i].indexOf(':');
                String name = full(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT));
                headers.computeIfAbsent(name, k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
            return new Reply(Integer.parseInt(status[1]), status.length > 2 ? status[2] : "", headers, text);
        }

        private static String full(String name) {
            return switch (name) {
                case "m" -> "contact";
                case "k" -> "supported";
                case "v" -> "via";
                default -> name;
            };
        }

        /** The first value of a header, or null. */
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }

        /** Every Contact value, split at the commas between contacts. */
        List<String> contacts() {
            List<String> out = new ArrayList<>();
            for (String v : headers.getOrDefault("contact", List.of())) {
                out.addAll(splitList(v));
            }
            return out;
        }

        static List<String> splitList(String v) {
            List<String> out = new ArrayList<>();
            int depth = 0;
            boolean quoted = false;
            int start = 0;
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (!quoted && c == '<') {
                    depth++;
                } else if (!quoted && c == '>') {
                    depth--;
                } else if (!quoted && depth == 0 && c == ',') {
                    out.add(v.substring(start, i).trim());
                    start = i + 1;
                }
            }
            if (start < v.length()) {
                out.add(v.substring(start).trim());
            }
            return out;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
