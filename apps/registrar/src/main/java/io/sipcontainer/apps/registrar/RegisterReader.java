package io.sipcontainer.apps.registrar;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.sip.Address;
import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipURI;
import jakarta.servlet.sip.URI;

import io.sipcontainer.apps.registrar.RegisterRequest.RegisteredContact;
import io.sipcontainer.service.Contact;
import io.sipcontainer.service.LocationService;

/** Reads a REGISTER into a {@link RegisterRequest}; unreadable parts are refused with Kamailio's errors. */
final class RegisterReader {
    private static final int MAX_USER_AGENT = 255;

    private final RegistrarSettings settings;
    private final LocationService location;

    RegisterReader(RegistrarSettings settings, LocationService location) {
        this.settings = settings;
        this.location = location;
    }

    RegisterRequest read(SipServletRequest req) {
        Address to = req.getTo();
        if (to == null) {
            throw new RegistrarException(RegError.TO_MISS);
        }
        if (!(to.getURI() instanceof SipURI toUri)) {
            throw new RegistrarException(RegError.AOR_PARSE);
        }
        String user = toUri.getUser();
        if (user == null || user.isEmpty()) {
            throw new RegistrarException(RegError.TO_USER);
        }
        if (!settings.caseSensitive()) {
            user = user.toLowerCase(Locale.ROOT);
        }
        String callId = req.getCallId();
        if (callId == null) {
            throw new RegistrarException(RegError.CID_MISS);
        }
        int cseq = cseq(req.getHeader("CSeq"));

        boolean star = false;
        List<RegisteredContact> contacts = new ArrayList<>();
        String firstHost = null;
        int firstPort = -1;
        try {
            ListIterator<Address> it = req.getAddressHeaders("Contact");
            while (it.hasNext()) {
                Address a = it.next();
                if (a.isWildcard()) {
                    if (star) {
                        throw new RegistrarException(RegError.STAR_CONT);
                    }
                    star = true;
                    continue;
                }
                URI uri = a.getURI();
                if (firstHost == null && uri instanceof SipURI s) {
                    firstHost = s.getHost();
                    firstPort = s.getPort();
                }
                contacts.add(new RegisteredContact(uri.toString(), a.getParameter("expires"), a.getParameter("q"),
                        a.getParameter("+sip.instance"), a.getParameter("reg-id"), a.getParameter("methods"),
                        a.getParameter(settings.receivedParam().isEmpty() ? "received" : settings.receivedParam())));
            }
        } catch (ServletParseException | IllegalArgumentException e) {
            throw new RegistrarException(RegError.PARSE_CONT);
        }

        List<String> path = new ArrayList<>();
        String pathReceived = null;
        boolean topPathHasOb = false;
        if (settings.usePath()) {
            req.getHeaders("Path").forEachRemaining(v -> path.add(v.trim()));
            if (!path.isEmpty()) {
                try {
                    Address top = req.getAddressHeader("Path");
                    if (top != null && top.getURI() instanceof SipURI p) {
                        topPathHasOb = p.getParameter("ob") != null;
                        if (settings.pathUseReceived()) {
                            pathReceived = p.getParameter("received");
                        }
                    }
                } catch (ServletParseException | IllegalArgumentException e) {
                    throw new RegistrarException(RegError.PARSE_PATH);
                }
            }
        }

        List<String> vias = new ArrayList<>();
        req.getHeaders("Via").forEachRemaining(vias::add);
        String viaHost = null;
        int viaPort = -1;
        if (!vias.isEmpty()) {
            String[] hp = sentBy(vias.get(0));
            viaHost = hp[0];
            viaPort = hp[1] == null ? -1 : parsePort(hp[1]);
        }

        String userAgent = req.getHeader("User-Agent");
        if (userAgent == null || userAgent.isEmpty() || userAgent.length() >= MAX_USER_AGENT) {
            userAgent = "n/a";
        }
        String transport = req.getTransport() == null ? "udp" : req.getTransport().toLowerCase(Locale.ROOT);
        String socket = transport + ":" + req.getLocalAddr() + ":" + req.getLocalPort();
        String natReceived = null;
        if (settings.natUacTest() != 0 && NatDetector.behindNat(settings.natUacTest(), firstHost, firstPort,
                viaHost, viaPort, req.getRemoteAddr(), req.getRemotePort())) {
            natReceived = NatDetector.receivedUri(req.getRemoteAddr(), req.getRemotePort(), transport);
        }

        return new RegisterRequest(location.aorOf(user, toUri.getHost()), toUri.getHost(), callId, cseq,
                req.getExpires(), star, contacts, path, pathReceived, topPathHasOb, vias.size(),
                tokens(req, "Supported"), req.getHeader("Supported") != null, tokens(req, "Require"),
                allowMask(req), userAgent, socket, natReceived);
    }

    private static int cseq(String header) {
        if (header == null) {
            throw new RegistrarException(RegError.CS_MISS);
        }
        String number = header.trim().split("\\s+")[0];
        try {
            long n = Long.parseLong(number);
            if (n < 0 || n > 0xFFFFFFFFL) {
                throw new RegistrarException(RegError.INV_CSEQ);
            }
            return (int) Math.min(n, Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            throw new RegistrarException(RegError.INV_CSEQ);
        }
    }

    private static Set<String> tokens(SipServletRequest req, String header) {
        Set<String> out = new HashSet<>();
        req.getHeaders(header).forEachRemaining(v -> {
            for (String t : v.split(",")) {
                String tag = t.trim().toLowerCase(Locale.ROOT);
                if (!tag.isEmpty()) {
                    out.add(tag);
                }
            }
        });
        return out;
    }

    private static int allowMask(SipServletRequest req) {
        List<String> methods = new ArrayList<>();
        req.getHeaders("Allow").forEachRemaining(v -> {
            for (String m : v.split(",")) {
                if (!m.isBlank()) {
                    methods.add(m.trim());
                }
            }
        });
        return methods.isEmpty() ? Contact.ALL_METHODS : Contact.methodMask(methods);
    }

    /** The sent-by host and port (port null when absent) of a Via value "SIP/2.0/UDP host:port;params". */
    static String[] sentBy(String via) {
        String v = via.trim();
        int space = v.indexOf(' ');
        String rest = space < 0 ? v : v.substring(space + 1).trim();
        int semi = rest.indexOf(';');
        String hostPort = (semi < 0 ? rest : rest.substring(0, semi)).trim();
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            String host = hostPort.substring(0, close + 1);
            String port = close + 1 < hostPort.length() && hostPort.charAt(close + 1) == ':'
                    ? hostPort.substring(close + 2) : null;
            return new String[] { host, port };
        }
        int colon = hostPort.indexOf(':');
        return colon < 0 ? new String[] { hostPort, null }
                : new String[] { hostPort.substring(0, colon), hostPort.substring(colon + 1) };
    }

    private static int parsePort(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
