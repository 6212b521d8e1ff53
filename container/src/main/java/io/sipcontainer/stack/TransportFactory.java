package io.sipcontainer.stack;

import java.io.IOException;
import java.net.InetAddress;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import io.sipcontainer.ws.channel.WebSocketMessageProcessorFactory;

/**
 * The stack's transports ({@code gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY}): JAIN-SIP's NIO UDP
 * and TLS, WS and WSS from the HTTP server (see {@link WebSocketMessageProcessorFactory}), and TCP
 * through {@link ReusingNioTcpMessageProcessor}, which keeps the connections it opens.
 */
public class TransportFactory extends WebSocketMessageProcessorFactory {

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
            String transport) throws IOException {
        if ("TCP".equalsIgnoreCase(transport)) {
            return new ReusingNioTcpMessageProcessor(address, stack, port);
        }
        return super.createMessageProcessor(stack, address, port, transport);
    }
}
