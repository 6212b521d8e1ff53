package io.sipcontainer.apps.registrar;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

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
    private final Function<SipServletRequest, String> natReceived;

    /**
     * @param natReceived {@code fix_nated_register()} when the REGISTER came through NAT: the
     *        source URI to store as {@code received}, else null (see {@link RegistrarServlet})
     */
    RegisterReader(RegistrarSettings settings, LocationService location,
            Function<SipServletRequest, String> natReceived) {
        this.settings = settings;
        this.location = location;
        this.natReceived = natReceived;
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

        String userAgent = req.getHeader("User-Agent");
        if (userAgent == null || userAgent.isEmpty() || userAgent.length() >= MAX_USER_AGENT) {
            userAgent = "n/a";
        }
        String transport = req.getTransport() == null ? "udp" : req.getTransport().toLowerCase(Locale.ROOT);
        String socket = transport + ":" + req.getLocalAddr() + ":" + req.getLocalPort();

        return new RegisterRequest(location.aorOf(user, toUri.getHost()), toUri.getHost(), callId, cseq,
                req.getExpires(), star, contacts, path, pathReceived, topPathHasOb, vias.size(),
                tokens(req, "Supported"), req.getHeader("Supported") != null, tokens(req, "Require"),
                allowMask(req), userAgent, socket, natReceived.apply(req));
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
}
