package io.sipcontainer.stack;

import java.net.InetSocketAddress;
import java.text.ParseException;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;

/**
 * An accepted connection that began with a PROXY protocol header: its messages come from the client
 * the header names, not from the load balancer that holds the connection. JAIN-SIP stamps each
 * message with the socket's peer (Via {@code received}/{@code rport}, remote and packet-source
 * address); {@link #restamp} puts the client's address there instead, before anything else reads it
 * (pike, NAT detection, the registrar's received, servlets' {@code getRemoteAddr}). Replies still go
 * back on the connection itself.
 */
interface ProxiedConnection {

    /** The client's address from the PROXY header, or null (no header, LOCAL or UNKNOWN). */
    InetSocketAddress proxiedSource();

    /** Gives a message read from {@code channel} the client's address when the channel is proxied. */
    static void restamp(SIPMessage message, MessageChannel channel) {
        if (!(channel instanceof ProxiedConnection p)) {
            return;
        }
        InetSocketAddress source = p.proxiedSource();
        if (source == null) {
            return;
        }
        message.setRemoteAddress(source.getAddress());
        message.setRemotePort(source.getPort());
        message.setPeerPacketSourceAddress(source.getAddress());
        message.setPeerPacketSourcePort(source.getPort());
        Via via = message instanceof SIPRequest request ? request.getTopmostVia() : null;
        if (via != null) {
            try {
                via.setParameter(Via.RECEIVED, source.getAddress().getHostAddress());
                via.setParameter(Via.RPORT, Integer.toString(source.getPort()));
            } catch (ParseException e) {
                throw new IllegalStateException("an IP literal is a valid received value", e);
            }
        }
    }
}
