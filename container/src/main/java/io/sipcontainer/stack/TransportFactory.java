package io.sipcontainer.stack;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import io.sipcontainer.ws.channel.WebSocketMessageProcessorFactory;

/**
 * The stack's transports ({@code gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY}): UDP read by
 * {@link ReusingUdpMessageProcessor} (one receive buffer per reader), TCP through
 * {@link ReusingNioTcpMessageProcessor}, which keeps the connections it opens, WS and WSS from the
 * HTTP server (see {@link WebSocketMessageProcessorFactory}), and TLS through JAIN-SIP's NIO TLS with the
 * container's certificates ({@link TlsListenerProcessor}).
 */
public class TransportFactory extends WebSocketMessageProcessorFactory {
    private static final Logger LOG = LoggerFactory.getLogger(TransportFactory.class);

    /**
     * JAIN-SIP's factory also sets the stack's package-private {@code udpFlag}, which makes UDP
     * messages leave from the listening socket (so that replies come back to it) instead of a
     * socket of their own; a factory of ours must set it too.
     */
    private static final Field UDP_FLAG = udpFlag();

    private static Field udpFlag() {
        try {
            Field f = SIPTransactionStack.class.getDeclaredField("udpFlag");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("This JAIN-SIP has no udpFlag ({}): UDP is read by the stock reader", e.toString());
            return null;
        }
    }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
            String transport) throws IOException {
        if ("UDP".equalsIgnoreCase(transport) && UDP_FLAG != null) {
            try {
                UDP_FLAG.setBoolean(stack, true);
            } catch (IllegalAccessException e) {
                throw new IOException("cannot configure JAIN-SIP's UDP transport: " + e, e);
            }
            return new ReusingUdpMessageProcessor(address, stack, port);
        }
        if ("TCP".equalsIgnoreCase(transport)) {
            return new ReusingNioTcpMessageProcessor(address, stack, port);
        }
        if ("TLS".equalsIgnoreCase(transport)) {
            return new TlsListenerProcessor(address, stack, port);
        }
        return super.createMessageProcessor(stack, address, port, transport);
    }
}
