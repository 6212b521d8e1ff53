package io.sipcontainer.stack;

import java.text.ParseException;
import java.util.Set;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.ParseExceptionListener;

import io.sipcontainer.stack.logging.MalformedMessages;

/** The stack's parser as the server installs it, opened to the fuzz tests of another package. */
public final class FuzzingEntryPoints {
    private static final MalformedMessages MALFORMED = MalformedMessages.of("fuzz");
    /** The headers the RI's channels refuse a message for when they do not parse (its handleException). */
    private static final Set<Class<?>> REQUIRED = Set.of(From.class, To.class, CallID.class, CSeq.class, Via.class,
            RequestLine.class, StatusLine.class, ContentLength.class);

    static {
        // as StackProperties.forStack does for the server: the RI's own logging wants the absent log4j
        io.sipcontainer.stack.logging.Slf4jStackLogger.install();
    }

    private FuzzingEntryPoints() {
    }

    /** Parses {@code bytes} as a channel of the server's stack does (ValidatingParserFactory, body read). */
    public static SIPMessage parse(byte[] bytes, ParseExceptionListener listener) throws ParseException {
        return ValidatingParserFactory.parse(new VersionKeepingParserFactory.VersionKeepingParser(), MALFORMED, bytes,
                true, false, listener);
    }

    public static boolean isRequiredHeader(Class<?> headerClass) {
        return REQUIRED.contains(headerClass);
    }
}
