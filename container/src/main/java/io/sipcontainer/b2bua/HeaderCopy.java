package io.sipcontainer.b2bua;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import javax.sip.header.Header;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPMessage;
import jakarta.servlet.sip.Address;
import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.SipURI;

import io.sipcontainer.message.AddressParser;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SystemHeaders;
import io.sipcontainer.transport.Connector;

/**
 * How a B2BUA request takes its headers from the request of the other leg (SIP Servlet
 * specification, section "Back To Back User Agents"): every header the application could set
 * itself is copied, system headers are the container's, and the application's header map then
 * replaces copied headers, with From, To, Contact and Route under their own rules. Supported and
 * Require go as they came, 100rel included, as other containers copy them: a B2BUA whose caller
 * offers reliable provisional responses relays them (and the PRACKs) or removes 100rel from the
 * new request itself.
 */
final class HeaderCopy {
    private HeaderCopy() {
    }

    /**
     * Copies {@code from}'s headers to {@code to} except system headers, Max-Forwards and the body
     * headers (the body is copied with its type separately); with {@code routes}, also the Route
     * headers left after the container took its own.
     */
    static void copyHeaders(SipServletRequestImpl from, SipServletRequestImpl to, boolean routes) {
        SIPMessage target = to.jainMessage();
        String method = to.getMethod();
        for (Iterator<SIPHeader> it = from.jainMessage().getHeaders(); it.hasNext();) {
            SIPHeader h = it.next();
            String name = SystemHeaders.canonicalName(h.getHeaderName());
            if (routes && "Route".equals(name)) {
                target.addHeader((Header) h.clone());
            } else if (!isCopied(name, method)) {
                continue;
            } else {
                target.addHeader((Header) h.clone());
            }
        }
    }

    /** Copies the body and its type, when there is one. */
    static void copyContent(SipServletRequestImpl from, SipServletRequestImpl to) {
        byte[] body = from.getRawContent();
        if (body == null || body.length == 0) {
            return;
        }
        try {
            to.setContent(body, from.getContentType() != null ? from.getContentType() : "application/octet-stream");
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalArgumentException("cannot copy the body: " + e.getMessage(), e);
        }
    }

    private static boolean isCopied(String name, String method) {
        return !SystemHeaders.isSystem(name, method, 0, true) && !"Max-Forwards".equals(name)
                && !"Content-Length".equals(name) && !"Content-Type".equals(name);
    }

    /**
     * Applies the application's header map to a new request: each listed header replaces the
     * copied one (an empty or null list removes it). Contact gives its user part and parameters
     * only, the host being this server's; Route values are pushed in order, first on top, and only
     * for an initial request. From and To of an initial request were applied when it was built
     * ({@link #party}); on a subsequent request they are refused, as are the other system headers
     * (IllegalArgumentException).
     */
    static void applyHeaderMap(Map<String, List<String>> headerMap, SipServletRequestImpl request,
            boolean initial, Connector contactConnector) {
        if (headerMap == null) {
            return;
        }
        for (Map.Entry<String, List<String>> e : headerMap.entrySet()) {
            String name = SystemHeaders.canonicalName(e.getKey());
            List<String> values = e.getValue() == null ? List.of() : e.getValue();
            switch (name) {
                case "From", "To" -> {
                    if (!initial) {
                        throw new IllegalArgumentException(name + " cannot be set on a request inside a dialog");
                    }
                }
                case "Contact" -> {
                    if (!values.isEmpty()) {
                        request.setHeaderInternal("Contact", contact(values.get(0), contactConnector));
                    }
                }
                case "Route" -> {
                    if (!initial) {
                        throw new IllegalArgumentException("Route cannot be set on a request inside a dialog");
                    }
                    for (int i = values.size() - 1; i >= 0; i--) {
                        request.pushRoute(parse(values.get(i), "Route"));
                    }
                }
                default -> {
                    if (SystemHeaders.isSystem(name, request.getMethod(), 0, true)) {
                        throw new IllegalArgumentException(name + " is a system header and cannot be set in the header map");
                    }
                    request.removeHeader(name);
                    for (String v : values) {
                        request.addHeader(name, v);
                    }
                }
            }
        }
    }

    /**
     * The address a new request's From or To gets from the header map: the original's, with the
     * URI and display name of the map's value; the tag is the container's business.
     */
    static Address party(Address original, Map<String, List<String>> headerMap, String name) {
        List<String> values = valuesOf(headerMap, name);
        Address result = (Address) original.clone();
        result.removeParameter("tag");
        if (values == null || values.isEmpty()) {
            return result;
        }
        Address given = parse(values.get(0), name);
        result.setURI(given.getURI());
        result.setDisplayName(given.getDisplayName());
        return result;
    }

    private static List<String> valuesOf(Map<String, List<String>> headerMap, String canonical) {
        if (headerMap == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> e : headerMap.entrySet()) {
            if (SystemHeaders.canonicalName(e.getKey()).equals(canonical)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** This server's Contact for the connector, with the user part and parameters the application gave. */
    private static String contact(String value, Connector c) {
        Address given = parse(value, "Contact");
        if (!(given.getURI() instanceof SipURI uri)) {
            throw new IllegalArgumentException("the Contact of the header map must be a SIP URI: " + value);
        }
        if (c == null) {
            throw new IllegalArgumentException("no local address is known to build the Contact " + value + " on");
        }
        SipURI own = (SipURI) uri.clone();
        own.setHost(c.advertisedHost());
        own.setPort(c.advertisedPort());
        if (!"udp".equals(c.transport())) {
            own.setTransportParam(c.transport());
        }
        given.setURI(own);
        given.removeParameter("tag");
        return given.toString();
    }

    private static Address parse(String value, String name) {
        try {
            return AddressParser.parse(value);
        } catch (ServletParseException e) {
            throw new IllegalArgumentException("invalid " + name + " in the header map: " + value, e);
        }
    }
}
