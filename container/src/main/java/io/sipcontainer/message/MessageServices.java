package io.sipcontainer.message;

import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;

/**
 * The JAIN-SIP factories and the outbound path the message classes use: one instance per
 * server, shared by every message.
 */
public record MessageServices(MessageFactory messageFactory, HeaderFactory headerFactory,
        AddressFactory addressFactory, Outbound outbound, String serverHeader, ProxyFactory proxies) {

    public MessageServices(MessageFactory messageFactory, HeaderFactory headerFactory, AddressFactory addressFactory,
            Outbound outbound, String serverHeader) {
        this(messageFactory, headerFactory, addressFactory, outbound, serverHeader, ProxyFactory.UNAVAILABLE);
    }
}
