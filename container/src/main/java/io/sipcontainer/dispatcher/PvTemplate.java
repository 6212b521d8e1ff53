package io.sipcontainer.dispatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.servlet.sip.SipServletRequest;

/**
 * The {@code hash_pvar} value of algorithm 7: text with Kamailio pseudo-variables in it, of which
 * these are supported: {@code $ci} (Call-ID), {@code $fu}/{@code $fU}/{@code $fd} (From URI, user,
 * host), {@code $tu}/{@code $tU}/{@code $td} (To), {@code $ru}/{@code $rU}/{@code $rd}
 * (Request-URI), {@code $au} (digest user), {@code $rm} (method), {@code $si}/{@code $sp} (source
 * address and port) and {@code $hdr(Name)} (first value of a header). Anything else starting with
 * '$' is refused when the settings are read, so a template never silently hashes to a constant.
 */
final class PvTemplate {
    private static final Map<String, Function<SipServletRequest, String>> VARIABLES = Map.ofEntries(
            Map.entry("ci", SipServletRequest::getCallId),
            Map.entry("fu", r -> r.getFrom().getURI().toString()),
            Map.entry("fU", r -> uriPart(r.getFrom().getURI().toString(), true)),
            Map.entry("fd", r -> uriPart(r.getFrom().getURI().toString(), false)),
            Map.entry("tu", r -> r.getTo().getURI().toString()),
            Map.entry("tU", r -> uriPart(r.getTo().getURI().toString(), true)),
            Map.entry("td", r -> uriPart(r.getTo().getURI().toString(), false)),
            Map.entry("ru", r -> r.getRequestURI().toString()),
            Map.entry("rU", r -> uriPart(r.getRequestURI().toString(), true)),
            Map.entry("rd", r -> uriPart(r.getRequestURI().toString(), false)),
            Map.entry("au", SipRequestKeys::authUser),
            Map.entry("rm", SipServletRequest::getMethod),
            Map.entry("si", SipServletRequest::getRemoteAddr),
            Map.entry("sp", r -> Integer.toString(r.getRemotePort())));

    private final List<Function<SipServletRequest, String>> parts;

    private PvTemplate(List<Function<SipServletRequest, String>> parts) {
        this.parts = List.copyOf(parts);
    }

    /** Compiles a template; IllegalArgumentException naming the first unsupported variable. */
    static PvTemplate compile(String text) {
        List<Function<SipServletRequest, String>> parts = new ArrayList<>();
        int i = 0;
        StringBuilder literal = new StringBuilder();
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                literal.append(c);
                i++;
                continue;
            }
            flush(literal, parts);
            if (text.startsWith("$hdr(", i)) {
                int close = text.indexOf(')', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed $hdr( in '" + text + "'");
                }
                String name = text.substring(i + 5, close);
                parts.add(r -> r.getHeader(name));
                i = close + 1;
                continue;
            }
            String name = text.length() >= i + 3 ? text.substring(i + 1, i + 3) : "";
            Function<SipServletRequest, String> v = VARIABLES.get(name);
            if (v == null) {
                throw new IllegalArgumentException("unsupported variable at '" + text.substring(i)
                        + "' (supported: $ci $fu $fU $fd $tu $tU $td $ru $rU $rd $au $rm $si $sp $hdr(Name))");
            }
            parts.add(v);
            i += 3;
        }
        flush(literal, parts);
        return new PvTemplate(parts);
    }

    private static void flush(StringBuilder literal, List<Function<SipServletRequest, String>> parts) {
        if (literal.length() > 0) {
            String s = literal.toString();
            parts.add(r -> s);
            literal.setLength(0);
        }
    }

    String expand(SipServletRequest request) {
        StringBuilder out = new StringBuilder();
        for (Function<SipServletRequest, String> p : parts) {
            String v;
            try {
                v = p.apply(request);
            } catch (RuntimeException unparsable) {
                v = null;
            }
            if (v != null) {
                out.append(v); // Kamailio prints <null> for a missing value; empty keeps "no value" visible as ""
            }
        }
        return out.toString();
    }

    private static String uriPart(String uri, boolean user) {
        HostPort hp = HostPort.of(uri);
        return hp == null ? null : user ? hp.user() : hp.host();
    }
}
