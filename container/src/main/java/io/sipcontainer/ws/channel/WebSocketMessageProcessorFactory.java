package io.sipcontainer.ws.channel;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Locale;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * JAIN-SIP's NIO transports for UDP, TCP and TLS, and for WS and WSS a {@link WebSocketMessageProcessor},
 * whose connections are accepted by the HTTP server (Jetty) on the HTTP port instead of by a socket
 * of the stack's own. Named by the {@code gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY} property;
 * it extends the NIO factory because the stack checks for that type before using NIO features.
 */
public class WebSocketMessageProcessorFactory extends NioMessageProcessorFactory {

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
            String transport) throws IOException {
        String upper = transport.toUpperCase(Locale.ROOT);
        if ("WS".equals(upper) || "WSS".equals(upper)) {
            return new WebSocketMessageProcessor(address, port, upper, stack);
        }
        return super.createMessageProcessor(stack, address, port, transport);
    }
}
