package io.sipcontainer.nat;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Locale;
import java.util.ListIterator;

import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ViaHeader;

import jakarta.servlet.sip.SipServletMessage;
import jakarta.servlet.sip.SipServletRequest;

import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.message.SIPMessage;

import io.sipcontainer.message.SipServletMessageImpl;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.service.NatService;

/**
 * The {@link NatService}: reads and rewrites the container's messages underneath the servlet API,
 * since Contact is a system header an application may not write, yet nathelper's fixes are for
 * exactly the messages a proxy relays. Everything happens on the calling thread, in memory.
 */
final class NatHelper implements NatService {
    static final String ALIAS = "alias";

    private final int natBflag;
    private final int sippingBflag;
    /** nat_traversal's endpoints, null when its keepalives are off. */
    private final NatKeepalives keepalives;

    NatHelper(int natBflag, int sippingBflag) {
        this(natBflag, sippingBflag, null);
    }

    NatHelper(int natBflag, int sippingBflag, NatKeepalives keepalives) {
        this.natBflag = natBflag;
        this.sippingBflag = sippingBflag;
        this.keepalives = keepalives;
    }

    @Override
    public boolean natUacTest(SipServletMessage message, int flags) {
        return facts(impl(message)).test(flags);
    }

    @Override
    public String sourceUri(SipServletMessage message) {
        SipServletMessageImpl m = impl(message);
        String t = transport(m);
        return "sip:" + NatAddresses.bracket(m.getRemoteAddr()) + ":" + m.getRemotePort()
                + ("udp".equals(t) ? "" : ";transport=" + t);
    }

    @Override
    public String fixNatedRegister(SipServletRequest register) {
        String received = sourceUri(register);
        register.setAttribute(RECEIVED_ATTRIBUTE, received);
        return received;
    }

    @Override
    public boolean fixNatedContact(SipServletMessage message) {
        SipServletMessageImpl m = impl(message);
        SipURI uri = contactUri(m.jainMessage());
        if (uri == null) {
            return false;
        }
        try {
            uri.setHost(NatAddresses.bracket(m.getRemoteAddr()));
            uri.setPort(m.getRemotePort());
            return true;
        } catch (ParseException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public boolean addRcvParam(SipServletRequest request, boolean toUri) {
        SipServletMessageImpl m = impl(request);
        if (toUri && !"udp".equals(transport(m))) {
            return false; // Kamailio: in the URI only for UDP
        }
        String received = sourceUri(m);
        boolean added = false;
        ListIterator<?> it = m.jainMessage().getHeaders(ContactHeader.NAME);
        while (it.hasNext()) {
            if (!(it.next() instanceof Contact c) || c.isWildCard()) {
                continue;
            }
            try {
                if (toUri) {
                    if (c.getAddress().getURI() instanceof SipURI u) {
                        u.setParameter("received", received);
                        added = true;
                    }
                } else {
                    c.setQuotedParameter("received", received);
                    added = true;
                }
            } catch (ParseException e) {
                // an unwritable value: leave this Contact as it is
            }
        }
        return added;
    }

    @Override
    public boolean addContactAlias(SipServletMessage message) {
        SipServletMessageImpl m = impl(message);
        SipURI uri = contactUri(m.jainMessage());
        if (uri == null) {
            return false;
        }
        String uriTransport = uri.getTransportParam() == null ? "udp" : uri.getTransportParam().toLowerCase(Locale.ROOT);
        int uriPort = uri.getPort() > 0 ? uri.getPort() : uri.isSecure() ? 5061 : 5060;
        if (NatAddresses.sameAddress(uri.getHost(), m.getRemoteAddr()) && uriPort == m.getRemotePort()
                && uriTransport.equals(transport(m))) {
            return true; // reachable as written: nothing to add
        }
        return setAlias(uri, m);
    }

    @Override
    public boolean setContactAlias(SipServletMessage message) {
        SipServletMessageImpl m = impl(message);
        SipURI uri = contactUri(m.jainMessage());
        return uri != null && setAlias(uri, m);
    }

    @Override
    public int handleRuriAlias(SipServletRequest request) {
        SipServletRequestImpl r = (SipServletRequestImpl) impl(request);
        if (!(request.getRequestURI() instanceof jakarta.servlet.sip.SipURI uri)) {
            return NO_ALIAS;
        }
        String value = uri.getParameter(ALIAS);
        if (value == null) {
            return NO_ALIAS;
        }
        ContactAlias alias = ContactAlias.decode(value);
        if (alias == null) {
            return ALIAS_ERROR;
        }
        jakarta.servlet.sip.SipURI target = (jakarta.servlet.sip.SipURI) uri.clone();
        target.removeParameter(ALIAS);
        try {
            r.setRequestURI(target);
            r.pushRouteInternal("<" + alias.destination() + ";lr>");
        } catch (IllegalArgumentException | IllegalStateException e) {
            return ALIAS_ERROR;
        }
        return ALIAS_HANDLED;
    }

    @Override
    public boolean natKeepalive(jakarta.servlet.sip.SipServletResponse answer) {
        if (keepalives == null || answer.getStatus() / 100 != 2) {
            return false;
        }
        jakarta.servlet.sip.SipServletRequest original = answer.getProxy() != null
                ? answer.getProxy().getOriginalRequest() : answer.getRequest();
        if (!(original instanceof SipServletRequestImpl request) || request.getRemoteAddr() == null
                || request.connector() == null) {
            return false;
        }
        java.net.InetSocketAddress source = new java.net.InetSocketAddress(request.getRemoteAddr(),
                request.getRemotePort());
        String callId = request.getCallId();
        SIPMessage reply = impl(answer).jainMessage();
        switch (request.getMethod()) {
            case "REGISTER" -> keepalives.hold(source, request.connector(), NatKeepalives.Reason.REGISTRATION, callId,
                    longestContactExpiry(reply), false);
            case "SUBSCRIBE" -> keepalives.hold(source, request.connector(), NatKeepalives.Reason.SUBSCRIPTION,
                    callId, reply.getExpires() != null ? reply.getExpires().getExpires() : 0, false);
            case "INVITE" -> keepalives.hold(source, request.connector(), NatKeepalives.Reason.DIALOG, callId, 0, true);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The longest {@code expires} among the Contacts of a 200 to REGISTER (its Expires header for one without). */
    private static long longestContactExpiry(SIPMessage reply) {
        long longest = 0;
        int fallback = reply.getExpires() != null ? reply.getExpires().getExpires() : 0;
        ListIterator<?> it = reply.getHeaders(ContactHeader.NAME);
        while (it.hasNext()) {
            if (it.next() instanceof Contact c && !c.isWildCard()) {
                longest = Math.max(longest, c.getExpires() >= 0 ? c.getExpires() : fallback);
            }
        }
        return longest;
    }

    @Override
    public int natBflag() {
        return natBflag;
    }

    @Override
    public int sippingBflag() {
        return sippingBflag;
    }

    private static boolean setAlias(SipURI uri, SipServletMessageImpl m) {
        try {
            uri.setParameter(ALIAS, new ContactAlias(m.getRemoteAddr(), m.getRemotePort(), transport(m)).encode());
            return true;
        } catch (ParseException e) {
            return false;
        }
    }

    /** The facts {@code nat_uac_test} looks at. */
    static NatUacTest facts(SipServletMessageImpl m) {
        SIPMessage jain = m.jainMessage();
        SipURI contact = contactUri(jain);
        ViaHeader via = jain.getTopmostVia();
        String sdp = null;
        String type = m.getContentType();
        byte[] body = jain.getRawContent();
        if (body != null && type != null && type.toLowerCase(Locale.ROOT).startsWith("application/sdp")) {
            sdp = new String(body, StandardCharsets.UTF_8);
        }
        return new NatUacTest(contact == null ? null : contact.getHost(), contact == null ? -1 : contact.getPort(),
                via == null ? null : via.getHost(), via == null ? -1 : via.getPort(), m.getRemoteAddr(),
                m.getRemotePort(), transport(m), sdp);
    }

    /** The first Contact's SIP URI, null without one (or for {@code *}, or a non-SIP URI). */
    private static SipURI contactUri(SIPMessage jain) {
        if (jain.getHeader(ContactHeader.NAME) instanceof Contact c && !c.isWildCard() && c.getAddress() != null
                && c.getAddress().getURI() instanceof SipURI uri) {
            return uri;
        }
        return null;
    }

    private static String transport(SipServletMessageImpl m) {
        String t = m.getTransport();
        return t == null ? "udp" : t.toLowerCase(Locale.ROOT);
    }

    private static SipServletMessageImpl impl(SipServletMessage message) {
        if (message instanceof SipServletMessageImpl m) {
            return m;
        }
        throw new IllegalArgumentException("not a message of this container: " + message.getClass().getName());
    }
}
