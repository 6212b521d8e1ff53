package io.sipcontainer.stack;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import io.sipcontainer.stack.logging.MalformedMessages;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.ContactList;
import gov.nist.javax.sip.header.SIPHeaderNames;
import java.text.ParseException;
import java.util.Set;
import javax.sip.SipStack;

/**
 * JAIN-SIP's message parser with the checks its UDP path lacks: the RI parser accepts a message
 * without CSeq, Call-ID, From, To or Via, and the UDP channel then fails with a NullPointerException
 * that it logs at ERROR with the whole 64 KB receive buffer as decimals (about 400 KB per packet).
 * Here such a message is refused with a ParseException, which the stack handles cheaply: a 400 when
 * the headers for one are present, otherwise nothing. Every refusal is counted and summarised by
 * {@link MalformedMessages}, and the exception's text is made one short line because the stack puts
 * it into the reason phrase of its 400. Installed through {@link StackProperties#MESSAGE_PARSER_FACTORY}.
 *
 * <p>The RI's channels also drop an unparsable header they do not need themselves and pass the message
 * on without it. For Contact that changes the meaning: a REGISTER with {@code Contact: garbage<<}
 * became a query and got 200 with nothing stored. So a bad Contact refuses the message, as RFC 4475
 * 3.1.2.12 expects and Kamailio's "Bad Contact" does.
 */
public final class ValidatingParserFactory implements MessageParserFactory {
    /** Headers whose silent loss would change what the message asks for. */
    private static final Set<Class<?>> MUST_PARSE = Set.of(Contact.class, ContactList.class);

    /** JAIN-SIP's parser, keeping the request line's SIP version so that another one is answered 505. */
    private final MessageParserFactory delegate = new VersionKeepingParserFactory();

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        MessageParser parser = delegate.createMessageParser(stack);
        // SipStackImpl, the only stack there is, knows its name; the base class keeps it to itself
        String name = stack instanceof SipStack named ? named.getStackName() : "?";
        MalformedMessages malformed = MalformedMessages.of(name);
        return new HeadGatedParser(name,
                (bytes, readBody, strict, listener) -> parse(parser, malformed, bytes, readBody, strict, listener));
    }

    static SIPMessage parse(MessageParser parser, MalformedMessages malformed, byte[] bytes, boolean readBody,
            boolean strict, ParseExceptionListener listener) throws ParseException {
        SIPMessage message;
        try {
            message = parser.parseSIPMessage(bytes, readBody, strict, listener == null ? null
                    : (e, partial, headerClass, header, text) -> {
                        if (MUST_PARSE.contains(headerClass)) {
                            throw new ParseException("Bad " + SIPHeaderNames.CONTACT + " header", e.getErrorOffset());
                        }
                        listener.handleException(e, partial, headerClass, header, text);
                    });
        } catch (ParseException e) {
            throw refused(malformed, listener, e.getMessage(), e.getErrorOffset());
        } catch (RuntimeException e) { // the RI parser has its own NPEs on some garbage
            throw refused(malformed, listener, e.toString(), 0);
        }
        if (message != null) { // null: a keep-alive (CRLF) or nothing at all
            String missing = missingHeader(message);
            if (missing != null) {
                throw refused(malformed, listener, "Missing " + missing + " header", 0);
            }
            if (!viasUsable(message)) {
                throw refused(malformed, listener, "Bad " + SIPHeaderNames.VIA + " header", 0);
            }
            dropEmptyLists(message);
        }
        return message;
    }

    /** The first header RFC 3261 8.1.1 requires that {@code message} lacks, or null. */
    static String missingHeader(SIPMessage message) {
        if (message.getCSeq() == null) {
            return "CSeq";
        }
        if (message.getCallId() == null) {
            return "Call-ID";
        }
        if (message.getFrom() == null) {
            return "From";
        }
        if (message.getTo() == null) {
            return "To";
        }
        return message.getTopmostVia() == null ? "Via" : null;
    }

    /**
     * False when a Via carries an {@code rport} that is not a port number (RFC 3581: {@code rport
     * [EQUAL 1*DIGIT]}). The RI's parser takes any token there, and then every copy of the Via (the
     * 400 the stack answers with, any response) failed with a NumberFormatException on the stack's
     * thread (found by fuzzing, see SipInputFuzzTest).
     */
    static boolean viasUsable(SIPMessage message) {
        gov.nist.javax.sip.header.ViaList vias = message.getViaHeaders();
        if (vias == null) {
            return true;
        }
        for (gov.nist.javax.sip.header.Via via : vias) {
            String rport = via.getParameter(gov.nist.javax.sip.header.ParameterNames.RPORT);
            if (rport != null && !rport.isEmpty() && !isPort(rport)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Removes the headers that parsed to an empty list ({@code Proxy-Require:} with nothing after the
     * colon). The RI keeps them, and reading such a header's value ({@code getHeaderValue}, which
     * {@code SipServletMessage.getHeader} uses) threw NoSuchElementException (found by fuzzing). An
     * empty list says nothing an absent header does not, except for Accept (RFC 3261 20.1: no body
     * acceptable), which this server never acts on.
     */
    static void dropEmptyLists(SIPMessage message) {
        java.util.List<String> empty = null;
        for (java.util.Iterator<gov.nist.javax.sip.header.SIPHeader> it = message.getHeaders(); it.hasNext();) {
            gov.nist.javax.sip.header.SIPHeader header = it.next();
            if (header instanceof gov.nist.javax.sip.header.SIPHeaderList<?> list && list.isEmpty()) {
                (empty == null ? empty = new java.util.ArrayList<>() : empty).add(header.getHeaderName());
            }
        }
        if (empty != null) {
            empty.forEach(message::removeHeader);
        }
    }

    private static boolean isPort(String text) {
        if (text.length() > 5) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(text) <= 65535;
    }

    private static ParseException refused(MalformedMessages malformed, ParseExceptionListener listener, String reason,
            int offset) {
        String line = MalformedMessages.oneLine(reason);
        malformed.record(source(listener), line);
        return new ParseException(line, offset);
    }

    private static String source(ParseExceptionListener listener) {
        if (listener instanceof MessageChannel channel) {
            // the UDP channel learns the peer's port only after parsing
            int port = channel.getPeerPort();
            return channel.getTransport() + ":" + channel.getPeerAddress() + (port > 0 ? ":" + port : "");
        }
        return "?";
    }
}
