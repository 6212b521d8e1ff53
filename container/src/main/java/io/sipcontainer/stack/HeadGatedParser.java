package io.sipcontainer.stack;

import java.io.IOException;
import java.lang.reflect.Field;
import java.text.ParseException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.NioPipelineParser;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;

import io.sipcontainer.ws.channel.WebSocketMessageChannel;

/**
 * The message parser of TCP, TLS and WebSocket connections, with the server's admission applied to
 * a request's head before the parse ({@link DatagramGate}'s rules, as for UDP): under overload a new
 * request costs a scan of its request line and Via, From, To, Call-ID and CSeq lines and one small
 * stateless 503 written on its connection, not JAIN-SIP's full parse of every header. The stream
 * framer ({@code NioPipelineParser}) hands the header section here once it has found its end and
 * read the body; a refused request is not parsed at all (the parser answers null, which the framer
 * takes as nothing to deliver). {@link FrontValve} leaves the requests of a gated connection alone.
 *
 * <p>A WebSocket channel names itself as the parse's listener; a TCP or TLS connection the server
 * accepted is bound to its parser when it is made ({@link #bind}), since the framer gives none.
 * Other connections (those this server opened) are still judged after the parse, by the valve.
 */
final class HeadGatedParser implements MessageParser {
    private static final Logger LOG = LoggerFactory.getLogger(HeadGatedParser.class);
    private static final Field CHANNEL_PARSER = field(NioTcpMessageChannel.class, "nioParser");
    private static final Field FRAMER_PARSER = field(NioPipelineParser.class, "smp");

    /** A connection whose requests may be refused from their head: where they come from, how to answer. */
    interface Connection {
        /** The client's IP address, as text. */
        String source();

        void reply(byte[] bytes) throws IOException;
    }

    private final String stackName;
    private final MessageParser parser;
    private volatile Connection bound;

    HeadGatedParser(String stackName, MessageParser parser) {
        this.stackName = stackName;
        this.parser = parser;
    }

    /**
     * Binds an accepted TCP or TLS connection to its framer's parser; false when that parser is not
     * one of these (the stack was built without {@link ValidatingParserFactory}).
     */
    static boolean bind(NioTcpMessageChannel channel, Connection connection) {
        try {
            Object framer = CHANNEL_PARSER.get(channel);
            if (framer != null && FRAMER_PARSER.get(framer) instanceof HeadGatedParser gated) {
                gated.bound = connection;
                return true;
            }
            return false;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public SIPMessage parseSIPMessage(byte[] bytes, boolean readBody, boolean strict, ParseExceptionListener listener)
            throws ParseException {
        Connection c = listener instanceof WebSocketMessageChannel ws ? webSocket(ws) : bound;
        SipStackBridge bridge = c == null || bytes == null ? null : FrontValve.bridgeOf(stackName);
        if (bridge != null) {
            DatagramGate.Decision d = bridge.headGate().screen(bytes, bytes.length, c.source(), 0);
            if (!d.queue()) {
                if (d.reply() != null) {
                    try {
                        c.reply(d.reply());
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("Could not send 503 to {}: {}", c.source(), e.toString());
                    }
                }
                return null; // refused or dropped: nothing to deliver
            }
        }
        return parser.parseSIPMessage(bytes, readBody, strict, listener);
    }

    private static Connection webSocket(WebSocketMessageChannel ws) {
        return new Connection() {
            @Override
            public String source() {
                return ws.getPeerAddress();
            }

            @Override
            public void reply(byte[] bytes) throws IOException {
                ws.sendRaw(bytes);
            }
        };
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a JAIN-SIP upgrade renamed it: fail at start rather than silently lose the gate
            throw new IllegalStateException("JAIN-SIP's " + owner.getSimpleName() + " has no " + name + " field", e);
        }
    }
}
