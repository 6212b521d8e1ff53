package io.sipcontainer.stack;

import java.text.ParseException;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * JAIN-SIP's message parser, except that a request keeps the SIP version of its request line.
 * JAIN-SIP's own parser builds the ParseException for a version other than 2.0 without throwing
 * it and records "SIP/2.0" whatever was received, so nothing above the parser could answer
 * {@code SIP/3.0} with 505 (RFC 3261 8.2, 21.5.6): it was treated as a SIP/2.0 request. With this
 * parser the received version stays in {@code RequestLine.getSipVersion()}, and JAIN-SIP's channels
 * (UDP, and the connection-oriented ones: TCP, TLS and the container's WebSocket channel) answer
 * 505 themselves before the listener is called, so no application sees the request. Every
 * transport parses through the stack's factory, so setting it once covers them all.
 */
public final class VersionKeepingParserFactory implements MessageParserFactory {
    /** The only version this server speaks, as JAIN-SIP records it. */
    public static final String SIP_2_0 = "SIP/2.0";

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        return new VersionKeepingParser();
    }

    /** Parses as JAIN-SIP does, then puts back the version the request line really carried. */
    static final class VersionKeepingParser extends StringMsgParser {

        @Override
        protected SIPMessage processFirstLine(String firstLine, ParseExceptionListener listener, byte[] msgBuffer)
                throws ParseException {
            SIPMessage message = super.processFirstLine(firstLine, listener, msgBuffer);
            if (message instanceof SIPRequest request && request.getRequestLine() != null) {
                String received = receivedVersion(firstLine);
                // RFC 3261 7.1: the version is case-insensitive; any spelling of 2.0 stays JAIN-SIP's "SIP/2.0"
                if (received != null && !received.equalsIgnoreCase(SIP_2_0)) {
                    request.getRequestLine().setSipVersion(received);
                }
            }
            return message;
        }

        /** The last word of a request line (Method SP Request-URI SP SIP-Version), or null. */
        static String receivedVersion(String requestLine) {
            String line = requestLine.strip();
            int space = Math.max(line.lastIndexOf(' '), line.lastIndexOf('\t'));
            return space < 0 ? null : line.substring(space + 1);
        }
    }
}
