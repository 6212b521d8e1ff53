package io.sipcontainer.apps.proxy;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.sip.Address;
import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.URI;

/**
 * Kamailio's {@code sanity_check(checks, uri_checks)} on a request, with the sanity module's
 * replies. Checks run in the order of their bits; the first failure ends the check. Failures of
 * the "silent" kind (missing or duplicated transaction headers, an unparsable first Via) and any
 * failure of an ACK are dropped without a reply, as Kamailio does. Many malformed messages never
 * get here because the SIP stack refuses them first; these checks catch what it lets through.
 *
 * <p>Bits: 1 R-URI SIP version, 2 R-URI scheme, 4 required headers, 8 and 16 (Via version and
 * protocol, no-ops in Kamailio too), 32 CSeq method, 64 CSeq number, 128 Content-Length, 256
 * Expires, 512 Proxy-Require, 1024 URIs (uri_checks: 1 R-URI, 2 From, 4 To, 8 Contact), 2048
 * digest credentials, 4096 duplicate tags, 8192 credentials when digest, 16384 first Via.
 */
final class SanityCheck {

    static final int RURI_SIP_VERSION = 1;
    static final int RURI_SCHEME = 2;
    static final int REQUIRED_HEADERS = 4;
    static final int CSEQ_METHOD = 32;
    static final int CSEQ_VALUE = 64;
    static final int CONTENT_LENGTH = 128;
    static final int EXPIRES_VALUE = 256;
    static final int PROXY_REQUIRE = 512;
    static final int PARSE_URIS = 1024;
    static final int DIGEST = 2048;
    static final int DUPLICATE_TAGS = 4096;
    static final int AUTHORIZATION = 8192;
    static final int VIA1_HEADER = 16384;
    /** Every bit this class knows. */
    static final int ALL = 32767;

    static final int URI_RURI = 1;
    static final int URI_FROM = 2;
    static final int URI_TO = 4;
    static final int URI_CONTACT = 8;

    /** The transaction headers that must appear exactly once. */
    private static final String[] ONCE = {"From", "To", "Call-ID", "CSeq"};
    /** The schemes Kamailio's URI parser accepts; any other makes the R-URI "Bad Request URI". */
    private static final Set<String> SCHEMES = Set.of("sip", "sips", "tel", "tels", "urn");

    private final int checks;
    private final int uriChecks;
    private final Set<String> proxyRequire;

    /**
     * @param checks       the sanity bits to run ({@code sanity_check}'s first argument)
     * @param uriChecks    the URIs bit 1024 parses ({@code sanity_check}'s second argument)
     * @param proxyRequire the extensions a Proxy-Require may name (module parameter {@code proxy_require})
     */
    SanityCheck(int checks, int uriChecks, Set<String> proxyRequire) {
        this.checks = checks;
        this.uriChecks = uriChecks;
        this.proxyRequire = Set.copyOf(proxyRequire);
    }

    /** The outcome that ends processing, or null when the request passes. */
    Outcome check(SipServletRequest request) {
        Outcome failure = firstFailure(request);
        if (failure instanceof Outcome.Respond && "ACK".equals(request.getMethod())) {
            return Outcome.DROP; // sanity never answers an ACK
        }
        return failure;
    }

    private Outcome firstFailure(SipServletRequest req) {
        if (on(RURI_SIP_VERSION) && !"SIP/2.0".equals(req.getProtocol())) {
            return reply(505, "Version Not Supported (R-URI)");
        }
        if (on(RURI_SCHEME) && !knownScheme(requestUri(req))) {
            // Kamailio's parser rejects unknown schemes outright, so they never reach its 416
            return reply(400, "Bad Request URI");
        }
        if (on(REQUIRED_HEADERS) && !requiredHeadersOnce(req)) {
            return Outcome.DROP;
        }
        if (on(CSEQ_METHOD) || on(CSEQ_VALUE)) {
            Outcome cseq = checkCSeq(req.getHeader("CSeq"), req.getMethod());
            if (cseq != null) {
                return cseq;
            }
        }
        if (on(CONTENT_LENGTH) && req.getHeader("Content-Length") != null) {
            if (bodyLength(req) != req.getContentLength()) {
                return reply(400, "Content-Length mis-match");
            }
        }
        if (on(EXPIRES_VALUE)) {
            String expires = req.getHeader("Expires");
            if (expires != null) {
                String value = expires.strip();
                if (value.isEmpty()) {
                    return reply(400, "Missing number in Expires header");
                }
                if (!validUnsigned(value)) {
                    return reply(400, "Expires value is illegal");
                }
            }
        }
        if (on(PROXY_REQUIRE)) {
            String unsupported = unsupportedExtension(req);
            if (unsupported != null) {
                return new Outcome.Respond(new Reply(420, "Bad Proxy Require Extension"),
                        Map.of("Unsupported", unsupported));
            }
        }
        if (on(PARSE_URIS)) {
            Outcome uris = checkUris(req);
            if (uris != null) {
                return uris;
            }
        }
        if (on(DIGEST) || on(AUTHORIZATION)) {
            Outcome credentials = Credentials.check(req, on(DIGEST));
            if (credentials != null) {
                return credentials;
            }
        }
        if (on(DUPLICATE_TAGS)) {
            if (tagCount(req.getHeader("From")) > 1) {
                return reply(400, "Many From Tag Params");
            }
            if (tagCount(req.getHeader("To")) > 1) {
                return reply(400, "Many To Tag Params");
            }
        }
        if (on(VIA1_HEADER)) {
            String via = req.getHeader("Via");
            if (via == null || via.isBlank()) {
                return Outcome.DROP;
            }
        }
        return null;
    }

    private boolean on(int bit) {
        return (checks & bit) != 0;
    }

    private static Outcome reply(int status, String reason) {
        return new Outcome.Respond(new Reply(status, reason));
    }

    private static int bodyLength(SipServletRequest req) {
        try {
            byte[] body = req.getRawContent();
            return body == null ? 0 : body.length;
        } catch (java.io.IOException e) {
            return -1; // cannot happen for a received message: its body is in memory
        }
    }

    /** The Request-URI, or null when it cannot be parsed. */
    private static URI requestUri(SipServletRequest req) {
        try {
            return req.getRequestURI();
        } catch (RuntimeException unparsable) {
            return null;
        }
    }

    private static boolean knownScheme(URI uri) {
        return uri != null && SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT));
    }

    /** From, To, Call-ID and CSeq exactly once, and at least one Via (Kamailio's transaction quadruple). */
    private static boolean requiredHeadersOnce(SipServletRequest req) {
        for (String name : ONCE) {
            if (count(req.getHeaders(name)) != 1) {
                return false;
            }
        }
        return req.getHeader("Via") != null;
    }

    private static int count(Iterator<String> values) {
        int n = 0;
        while (values != null && values.hasNext()) {
            values.next();
            n++;
        }
        return n;
    }

    private Outcome checkCSeq(String cseq, String method) {
        String text = cseq == null ? "" : cseq.strip();
        int space = indexOfWhitespace(text);
        String number = space < 0 ? text : text.substring(0, space);
        String cseqMethod = space < 0 ? "" : text.substring(space).strip();
        if (on(CSEQ_METHOD)) {
            if (cseqMethod.isEmpty()) {
                return reply(400, "Missing method in CSeq header");
            }
            if (!cseqMethod.equals(method)) {
                return reply(400, "CSeq method does not match request method");
            }
        }
        if (on(CSEQ_VALUE)) {
            if (number.isEmpty()) {
                return reply(400, "Missing number in CSeq header");
            }
            if (!validUnsigned(number)) {
                return reply(400, "CSeq number is illegal");
            }
        }
        return null;
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Only digits, and not above 2^32 - 1 (Kamailio's str2valid_uint). */
    static boolean validUnsigned(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return Long.parseLong(s) <= 0xFFFF_FFFFL;
    }

    /** The first Proxy-Require option not in the configured list, or null. Options compare exactly, as in Kamailio. */
    private String unsupportedExtension(SipServletRequest req) {
        Iterator<String> headers = req.getHeaders("Proxy-Require");
        while (headers != null && headers.hasNext()) {
            for (String option : headers.next().split(",")) {
                String o = option.strip();
                if (!o.isEmpty() && !proxyRequire.contains(o)) {
                    return o;
                }
            }
        }
        return null;
    }

    private Outcome checkUris(SipServletRequest req) {
        if ((uriChecks & URI_RURI) != 0 && !knownScheme(requestUri(req))) {
            return reply(400, "Bad Request URI");
        }
        if ((uriChecks & URI_FROM) != 0 && !parsableAddress(req, "From")) {
            return reply(400, "Invalid From Header");
        }
        if ((uriChecks & URI_TO) != 0 && !parsableAddress(req, "To")) {
            return reply(400, "Ivalid To Header"); // sic: Kamailio's spelling
        }
        if ((uriChecks & URI_CONTACT) != 0 && req.getHeader("Contact") != null) {
            try {
                Address contact = req.getAddressHeader("Contact");
                if (!contact.isWildcard() && !knownScheme(contact.getURI())) {
                    return reply(400, "Bad Contact URI");
                }
            } catch (ServletParseException | RuntimeException e) {
                return reply(400, "Bad Contact Header");
            }
        }
        return null;
    }

    private static boolean parsableAddress(SipServletRequest req, String header) {
        try {
            Address a = req.getAddressHeader(header);
            return a != null && knownScheme(a.getURI());
        } catch (ServletParseException | RuntimeException e) {
            return false;
        }
    }

    /** The number of {@code tag} parameters in a From or To value, counted in its text. */
    static int tagCount(String value) {
        if (value == null) {
            return 0;
        }
        int n = 0;
        String lower = value.toLowerCase(Locale.ROOT);
        int end = lower.lastIndexOf('>'); // parameters of the header, not of a bracketed URI
        for (int i = lower.indexOf(";", Math.max(end, 0)); i >= 0; i = lower.indexOf(";", i + 1)) {
            String rest = lower.substring(i + 1).stripLeading();
            if (rest.startsWith("tag") && rest.substring(3).stripLeading().startsWith("=")) {
                n++;
            }
        }
        return n;
    }
}
