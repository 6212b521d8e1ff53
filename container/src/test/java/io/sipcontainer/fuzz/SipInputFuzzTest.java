package io.sipcontainer.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Iterator;

import jakarta.servlet.sip.ServletParseException;

import com.code_intelligence.jazzer.junit.FuzzTest;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.ParseExceptionListener;

import io.sipcontainer.auth.DigestCredentials;
import io.sipcontainer.message.AddressImpl;
import io.sipcontainer.message.AddressParser;
import io.sipcontainer.message.UriParser;
import io.sipcontainer.stack.FuzzingEntryPoints;

/**
 * Coverage-guided fuzzing (Jazzer) of what a peer's bytes reach: the stack's message parser as the
 * server installs it, what the stack and the container then do with a parsed message (encode it,
 * build the 400 or 505 a channel answers with, take its transaction and dialog ids, parse its
 * addresses and Request-URI with the container's own parsers), and the digest Authorization
 * parser. The only failure a hostile message may cause is the documented one (a ParseException,
 * a ServletParseException, or null from the digest parser); any other exception, a hang or an
 * OutOfMemoryError is a bug.
 *
 * <p>Under plain {@code mvn test} each method runs once per seed in
 * {@code src/test/resources/io/sipcontainer/fuzz/SipInputFuzzTestInputs/<method>/} (the RFC 4475
 * torture messages and the inputs of crashes found so far). With {@code JAZZER_FUZZ=1} Jazzer
 * mutates them for {@code maxDuration} or {@code -Djazzer.max_duration}; see the README's
 * "Fuzzing" paragraph.
 */
class SipInputFuzzTest {

    /** As the RI's channels do: a header that does not parse is dropped unless the stack needs it. */
    private static final ParseExceptionListener CHANNEL_LIKE = (e, message, headerClass, header, text) -> {
        if (FuzzingEntryPoints.isRequiredHeader(headerClass)) {
            throw e;
        }
    };

    @FuzzTest(maxDuration = "60s")
    void sipMessage(byte[] bytes) {
        SIPMessage message;
        try {
            message = FuzzingEntryPoints.parse(bytes, CHANNEL_LIKE);
        } catch (ParseException e) {
            return; // refused and counted: the documented outcome
        }
        if (message == null) {
            return; // a keep-alive
        }
        handle(message);
    }

    @FuzzTest(maxDuration = "30s")
    void address(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        AddressImpl address;
        try {
            address = AddressParser.parse(text);
        } catch (ServletParseException e) {
            return;
        }
        String printed = address.toString();
        try {
            AddressParser.parse(printed); // what we print must parse again
        } catch (ServletParseException e) {
            throw new AssertionError("printed address does not parse: " + printed + " (from " + text + ")", e);
        }
        address.getQ();
        address.getExpires();
        for (Iterator<String> names = address.getParameterNames(); names.hasNext();) {
            address.getParameter(names.next());
        }
    }

    @FuzzTest(maxDuration = "30s")
    void uri(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        try {
            String printed = UriParser.parse(text).toString();
            UriParser.parse(printed);
        } catch (ServletParseException e) {
            // the documented refusal
        }
    }

    @FuzzTest(maxDuration = "30s")
    void digestAuthorization(byte[] bytes) {
        DigestCredentials credentials = DigestCredentials.parse(new String(bytes, StandardCharsets.UTF_8));
        if (credentials != null) {
            credentials.isComplete();
        }
    }

    /** What the stack's channel and the container do with a message the parser let through. */
    private static void handle(SIPMessage message) {
        assertNotNull(message.encode());
        message.encodeAsBytes("UDP");
        Via via = message.getTopmostVia();
        if (via != null) {
            via.getBranch();
            via.getHost();
            via.getPort();
            try {
                via.setParameter("received", "127.0.0.1"); // as a channel records the source
            } catch (ParseException e) {
                throw new AssertionError(e);
            }
        }
        message.getTransactionId();
        message.getDialogId(false);
        message.getContentLength();
        try {
            message.getMessageContent();
        } catch (java.io.UnsupportedEncodingException e) {
            // a charset the JDK does not know: the container's getContent reports the same
        }
        for (Iterator<SIPHeader> headers = message.getHeaders(); headers.hasNext();) {
            SIPHeader header = headers.next();
            String value = header.getHeaderValue();
            containerParse(header.getHeaderName(), value);
        }
        if (message instanceof SIPRequest request) {
            request.getMethod();
            request.getMergeId();
            containerParse("Request-URI", request.getRequestURI() == null ? null : request.getRequestURI().toString());
            if (request.getCSeq() != null && request.getTopmostVia() != null && request.getFrom() != null
                    && request.getTo() != null && request.getCallId() != null) {
                // what the stack answers a bad request with (400, 505) and the container's own replies
                SIPResponse response = request.createResponse(400, "Bad Request");
                response.encode();
                request.createResponse(505).encode();
            }
        } else if (message instanceof SIPResponse response) {
            response.getStatusCode();
            response.getReasonPhrase();
            response.isFinalResponse();
        }
    }

    /** The container's own parsers over the header values applications read through the Servlet API. */
    private static void containerParse(String name, String value) {
        if (value == null) {
            return;
        }
        try {
            switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "from", "f", "to", "t", "contact", "m", "route", "record-route", "reply-to", "refer-to", "r" ->
                        AddressParser.parse(value.contains(",") && !"from".equalsIgnoreCase(name)
                                ? value.substring(0, value.indexOf(',')) : value);
                case "request-uri" -> UriParser.parse(value);
                case "authorization", "proxy-authorization" -> DigestCredentials.parse(value);
                default -> {
                }
            }
        } catch (ServletParseException e) {
            // the documented refusal
        }
    }
}
