package io.sipcontainer.apps.registrar;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

import io.sipcontainer.service.Contact;

/**
 * Kamailio's registrar reply: one {@code Contact} header listing every live binding as
 * {@code <uri>[;q=][;expires=][;received=""][;pub-gruu="";temp-gruu=""][;+sip.instance=""][;reg-id=]}
 * joined by ", ", the Path echo and 420 of RFC 3327 (decided here, after saving, as Kamailio
 * does), the outbound headers, {@code Min-Expires}, {@code P-Registrar-Error} and
 * {@code Retry-After}.
 */
final class RegisterReply {
    private final RegistrarSettings settings;

    RegisterReply(RegistrarSettings settings) {
        this.settings = settings;
    }

    /**
     * Sends the reply and returns it (a 200, or the error finally answered: the outcome's, or PATH_UNSUP).
     */
    SipServletResponse send(SipServletRequest req, RegisterRequest r, Registrar.Outcome outcome, long now)
            throws IOException {
        RegError error = outcome.error();
        boolean echoPath = false;
        boolean pathUnsupported = false;
        if (error == null && r != null && !r.path().isEmpty() && settings.usePath()
                && settings.pathMode() != RegistrarSettings.PATH_OFF) {
            if (r.supports("path")) {
                echoPath = true;
            } else if (settings.pathMode() == RegistrarSettings.PATH_STRICT) {
                error = RegError.PATH_UNSUP;
                echoPath = true;
                pathUnsupported = true;
            }
        }
        SipServletResponse resp = error == null ? req.createResponse(200, "OK")
                : req.createResponse(error.code, error.reason());
        String contacts = r == null ? "" : contactHeader(outcome.bindings(), r, now);
        if (!contacts.isEmpty()) {
            resp.setHeader("Contact", contacts);
        }
        if (error == null && r != null) {
            outboundHeaders(resp, r);
        } else if (error == RegError.OB_UNSUP) {
            resp.setHeader("Require", "outbound");
            resp.setHeader("Supported", "outbound");
        } else if (error == RegError.OB_REQD) {
            resp.setHeader("Unsupported", "outbound");
        } else if (error == RegError.LOW_EXP) {
            resp.setHeader("Min-Expires", Integer.toString(settings.minExpires()));
        }
        if (pathUnsupported) {
            resp.setHeader("Unsupported", "path");
        }
        if (echoPath) {
            resp.setHeader("Path", String.join(",", r.path()));
        }
        if (error != null) {
            resp.setHeader("P-Registrar-Error", error.info);
            if (error.code >= 500 && settings.retryAfter() > 0) {
                resp.setHeader("Retry-After", Integer.toString(settings.retryAfter()));
            }
        }
        resp.send();
        return resp;
    }

    private void outboundHeaders(SipServletResponse resp, RegisterRequest r) {
        boolean require;
        switch (settings.outboundMode()) {
            case RegistrarSettings.OUTBOUND_REQUIRE -> {
                resp.setHeader("Supported", "outbound");
                require = true;
            }
            case RegistrarSettings.OUTBOUND_SUPPORTED -> {
                resp.setHeader("Supported", "outbound");
                require = r.requires("outbound") || r.supports("outbound");
            }
            default -> require = false;
        }
        if (require) {
            resp.setHeader("Require", "outbound");
            if (settings.flowTimer() > 0) {
                resp.setHeader("Flow-Timer", Integer.toString(settings.flowTimer()));
            }
        }
    }

    /** The Contact value listing the live bindings, or "" when there are none. */
    String contactHeader(List<Contact> bindings, RegisterRequest r, long now) {
        StringBuilder sb = new StringBuilder(bindings.size() * 96);
        boolean gruu = settings.gruuEnabled() && r.supports("gruu");
        for (Contact c : bindings) {
            if (c.isExpired(now)) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append('<').append(c.uri()).append('>');
            if (c.q() >= 0) {
                sb.append(";q=").append(qText(c.q()));
            }
            sb.append(";expires=").append(c.expires() == 0 ? 0 : c.remainingSeconds(now));
            if (!settings.receivedParam().isEmpty() && c.received() != null) {
                sb.append(';').append(settings.receivedParam()).append("=\"").append(c.received()).append('"');
            }
            if (gruu && c.instance() != null) {
                appendGruus(sb, c, r.toHost());
            }
            if (c.instance() != null) {
                sb.append(";+sip.instance=\"").append(c.instance()).append('"');
            }
            if (c.regId() > 0) {
                sb.append(";reg-id=").append(c.regId());
            }
        }
        return sb.toString();
    }

    /** RFC 5627 GRUUs the way Kamailio writes them. */
    static void appendGruus(StringBuilder sb, Contact c, String host) {
        String instance = c.instance();
        if (instance.length() >= 2 && instance.charAt(0) == '<' && instance.charAt(instance.length() - 1) == '>') {
            instance = instance.substring(1, instance.length() - 1);
        }
        sb.append(";pub-gruu=\"sip:").append(c.aor());
        if (c.aor().indexOf('@') < 0) {
            sb.append('@').append(host);
        }
        sb.append(";gr=").append(instance).append('"');
        sb.append(";temp-gruu=\"sip:").append(c.ruid()).append('-');
        long hash = aorHash(c.aor());
        while (hash != 0) { // low nibble first, as Kamailio prints it
            sb.append(Character.forDigit((int) (hash & 0xF), 16));
            hash >>>= 4;
        }
        sb.append('@').append(host).append(";gr\"");
    }

    /** A 32-bit hash of the AOR (unsigned), the part of a temp-GRUU that names the record. */
    static long aorHash(String aor) {
        int h = 0;
        for (int i = 0; i < aor.length(); i++) {
            h = 31 * h + aor.charAt(i);
        }
        h ^= h >>> 16;
        return h & 0xFFFFFFFFL;
    }

    /** Kamailio's q2str: "1", "0", or "0." with up to three digits, no trailing zeros. */
    static String qText(float q) {
        int thousandths = Math.round(q * 1000);
        if (thousandths >= 1000) {
            return "1";
        }
        if (thousandths <= 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder("0.");
        sb.append((char) ('0' + thousandths / 100));
        int rest = thousandths % 100;
        if (rest != 0) {
            sb.append((char) ('0' + rest / 10));
            if (rest % 10 != 0) {
                sb.append((char) ('0' + rest % 10));
            }
        }
        return sb.toString();
    }
}
