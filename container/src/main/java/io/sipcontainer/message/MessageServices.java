package io.sipcontainer.message;

import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;

/**
 * What every message of a server shares: the JAIN-SIP factories, the way out, the Server header,
 * the factories of the two roles an application may take on a request it received (proxy,
 * B2BUA), which live in packages above this one, and the RFC 4028 session timer settings.
 */
public record MessageServices(MessageFactory messageFactory, HeaderFactory headerFactory,
        AddressFactory addressFactory, MessageSender sender, String serverHeader, ProxyFactory proxies,
        B2buaFactory b2bua, SessionTimerSettings sessionTimers) {

    /** With RFC 4028's session timer defaults ({@link SessionTimerSettings#defaults()}). */
    public MessageServices(MessageFactory messageFactory, HeaderFactory headerFactory, AddressFactory addressFactory,
            MessageSender sender, String serverHeader, ProxyFactory proxies, B2buaFactory b2bua) {
        this(messageFactory, headerFactory, addressFactory, sender, serverHeader, proxies, b2bua,
                SessionTimerSettings.defaults());
    }

    /** Messages with neither proxying nor B2BUA support, e.g. for unit tests of the message layer. */
    public MessageServices(MessageFactory messageFactory, HeaderFactory headerFactory, AddressFactory addressFactory,
            MessageSender sender, String serverHeader) {
        this(messageFactory, headerFactory, addressFactory, sender, serverHeader, ProxyFactory.UNAVAILABLE,
                B2buaFactory.UNAVAILABLE);
    }
}
