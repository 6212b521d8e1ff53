package io.sipcontainer.dns;

import javax.sip.address.Hop;

/**
 * One place a request can be sent to, as RFC 3263 server location found it: an IP address (never
 * a name, so the stack resolves nothing itself), a port and a transport. It is the JAIN-SIP
 * {@link Hop} the stack's router hands back for the request it was chosen for.
 */
public record Target(String address, int port, String transport) implements Hop {

    @Override
    public String getHost() {
        return address;
    }

    @Override
    public int getPort() {
        return port;
    }

    @Override
    public String getTransport() {
        return transport;
    }

    @Override
    public String toString() {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port + "/" + transport;
    }
}
