package io.sipcontainer.apps.proxy;

import jakarta.servlet.sip.SipURI;
import jakarta.servlet.sip.URI;

/**
 * Kamailio's {@code uri==myself} on URIs: a SIP URI whose host and port name this server (a listen
 * or advertised address with its port, or an alias). A URI without a port counts as 5060, or 5061
 * when it is sips or asks for TLS. Other schemes (tel, urn) are never myself.
 */
final class Myself {

    /** The server's own test, {@link io.sipcontainer.service.ServerInfo#isMyself}. */
    @FunctionalInterface
    interface HostCheck {
        boolean isMyself(String host, int port, boolean secure);
    }

    private final HostCheck check;

    Myself(HostCheck check) {
        this.check = check;
    }

    boolean is(URI uri) {
        if (!(uri instanceof SipURI sip) || sip.getHost() == null) {
            return false;
        }
        boolean secure = sip.isSecure() || "tls".equalsIgnoreCase(sip.getTransportParam());
        return check.isMyself(sip.getHost(), sip.getPort(), secure);
    }
}
