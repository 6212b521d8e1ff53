package io.sipcontainer.message;

import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.URI;

/**
 * Parses URI strings into {@link SipURIImpl}, {@link TelURLImpl} or {@link GenericURIImpl}
 * following RFC 3261 section 25.1 (SIP-URI, SIPS-URI) and RFC 3966 (tel), with one pass over the
 * characters and no regular expressions. Errors are {@link ServletParseException}s naming the
 * input, the reason and the position. This is what {@code SipFactory.createURI} and the message
 * layer call.
 */
public final class UriParser {

    private UriParser() {
    }

    /**
     * Parses any URI; sip and sips give a {@link SipURIImpl}, tel a {@link TelURLImpl}, other
     * schemes a {@link GenericURIImpl}. White space around the URI is ignored, inside it is an
     * error (RFC 3261 allows none).
     */
    public static URI parse(String text) throws ServletParseException {
        return parseAbstract(text);
    }

    /** Like {@link #parse(String)} with the concrete base type, for callers that need setReadOnly. */
    public static AbstractURI parseAbstract(String text) throws ServletParseException {
        if (text == null) {
            throw new NullPointerException("URI text is null");
        }
        int end = text.length();
        while (end > 0 && SipGrammar.isLws(text.charAt(end - 1))) {
            end--;
        }
        int begin = SipGrammar.skipLws(text, 0, end);
        return parse(text, begin, end, new SipGrammar.ErrorContext("URI", text));
    }

    /**
     * Parses a sip or sips URI.
     *
     * @throws ServletParseException if the text is not a valid SIP or SIPS URI
     */
    public static SipURIImpl parseSipURI(String text) throws ServletParseException {
        URI uri = parse(text);
        if (uri instanceof SipURIImpl) {
            return (SipURIImpl) uri;
        }
        throw new ServletParseException("Invalid SIP URI \"" + text + "\": scheme is not sip or sips");
    }

    /**
     * Parses a tel URL.
     *
     * @throws ServletParseException if the text is not a valid tel URL
     */
    public static TelURLImpl parseTelURL(String text) throws ServletParseException {
        URI uri = parse(text);
        if (uri instanceof TelURLImpl) {
            return (TelURLImpl) uri;
        }
        throw new ServletParseException("Invalid tel URL \"" + text + "\": scheme is not tel");
    }

    /** Parses {@code s[begin, end)}; positions in errors are indexes into the whole of {@code s}. */
    static AbstractURI parse(String s, int begin, int end, SipGrammar.ErrorContext ctx)
            throws ServletParseException {
        if (begin >= end) {
            throw ctx.error(begin, "empty URI");
        }
        char first = s.charAt(begin);
        if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
            throw ctx.error(begin, "URI must start with a scheme");
        }
        int colon = begin + 1;
        while (colon < end && SipGrammar.SCHEME.contains(s.charAt(colon))) {
            colon++;
        }
        if (colon >= end || s.charAt(colon) != ':') {
            throw ctx.error(colon, "expected ':' after the URI scheme");
        }
        int schemeLength = colon - begin;
        String text = s.substring(begin, end);
        if (schemeLength == 3 && s.regionMatches(true, begin, "sip", 0, 3)) {
            return parseSip(s, colon + 1, end, false, text, ctx);
        }
        if (schemeLength == 4 && s.regionMatches(true, begin, "sips", 0, 4)) {
            return parseSip(s, colon + 1, end, true, text, ctx);
        }
        if (schemeLength == 3 && s.regionMatches(true, begin, "tel", 0, 3)) {
            return parseTel(s, colon + 1, end, text, ctx);
        }
        return parseGeneric(s, begin, colon, end, text, ctx);
    }

    private static SipURIImpl parseSip(String s, int pos, int end, boolean secure, String text,
                                       SipGrammar.ErrorContext ctx) throws ServletParseException {
        String user = null;
        String password = null;
        // The user part may itself hold ';' and '?', so only an '@' tells where it ends.
        int at = s.indexOf('@', pos);
        if (at >= 0 && at < end) {
            int userEnd = SipGrammar.scanEscaped(s, pos, at, SipGrammar.USER, ctx);
            if (userEnd == pos) {
                throw ctx.error(pos, "empty user part");
            }
            if (userEnd < at) {
                if (s.charAt(userEnd) != ':') {
                    throw ctx.error(userEnd, "character not allowed in the user part");
                }
                int passwordEnd = SipGrammar.scanEscaped(s, userEnd + 1, at, SipGrammar.PASSWORD, ctx);
                if (passwordEnd < at) {
                    throw ctx.error(passwordEnd, "character not allowed in the password");
                }
                password = SipGrammar.unescape(s, userEnd + 1, at);
            }
            user = SipGrammar.unescape(s, pos, userEnd);
            pos = at + 1;
        }

        String host;
        if (pos < end && s.charAt(pos) == '[') {
            int close = s.indexOf(']', pos);
            if (close < 0 || close >= end) {
                throw ctx.error(pos, "unterminated IPv6 reference");
            }
            for (int i = pos + 1; i < close; i++) {
                if (!SipGrammar.IPV6.contains(s.charAt(i))) {
                    throw ctx.error(i, "character not allowed in an IPv6 reference");
                }
            }
            if (close == pos + 1) {
                throw ctx.error(close, "empty IPv6 reference");
            }
            host = s.substring(pos, close + 1);
            pos = close + 1;
        } else {
            int hostEnd = pos;
            while (hostEnd < end && SipGrammar.HOST.contains(s.charAt(hostEnd))) {
                hostEnd++;
            }
            if (hostEnd == pos) {
                throw ctx.error(pos, "missing host");
            }
            host = s.substring(pos, hostEnd);
            pos = hostEnd;
        }

        int port = -1;
        if (pos < end && s.charAt(pos) == ':') {
            int portStart = ++pos;
            port = 0;
            while (pos < end && SipGrammar.isDigit(s.charAt(pos))) {
                port = port * 10 + (s.charAt(pos) - '0');
                if (port > 65535) {
                    throw ctx.error(portStart, "port out of range");
                }
                pos++;
            }
            if (pos == portStart) {
                throw ctx.error(pos, "missing port number after ':'");
            }
        }

        ParameterList params = new ParameterList();
        while (pos < end && s.charAt(pos) == ';') {
            int nameStart = ++pos;
            pos = SipGrammar.scanEscaped(s, pos, end, SipGrammar.PARAM, ctx);
            if (pos == nameStart) {
                throw ctx.error(pos, "empty URI parameter name");
            }
            String name = SipGrammar.unescape(s, nameStart, pos);
            String value = "";
            if (pos < end && s.charAt(pos) == '=') {
                int valueStart = ++pos;
                pos = SipGrammar.scanEscaped(s, pos, end, SipGrammar.PARAM, ctx);
                if (pos == valueStart) {
                    throw ctx.error(pos, "missing value of URI parameter '" + name + "'");
                }
                value = SipGrammar.unescape(s, valueStart, pos);
            }
            params.set(name, value);
        }

        ParameterList headers = new ParameterList();
        if (pos < end && s.charAt(pos) == '?') {
            do {
                int nameStart = ++pos;
                pos = SipGrammar.scanEscaped(s, pos, end, SipGrammar.HEADER, ctx);
                if (pos == nameStart) {
                    throw ctx.error(pos, "empty URI header name");
                }
                if (pos >= end || s.charAt(pos) != '=') {
                    throw ctx.error(pos, "expected '=' after URI header name");
                }
                String name = SipGrammar.unescape(s, nameStart, pos);
                int valueStart = ++pos;
                pos = SipGrammar.scanEscaped(s, pos, end, SipGrammar.HEADER, ctx);
                headers.add(name, SipGrammar.unescape(s, valueStart, pos), false);
            } while (pos < end && s.charAt(pos) == '&');
        }

        if (pos < end) {
            throw ctx.error(pos, "unexpected character in SIP URI");
        }
        return new SipURIImpl(secure, user, password, host, port, params, headers, text);
    }

    private static TelURLImpl parseTel(String s, int pos, int end, String text, SipGrammar.ErrorContext ctx)
            throws ServletParseException {
        boolean global = pos < end && s.charAt(pos) == '+';
        int numberStart = global ? pos + 1 : pos;
        int numberEnd = numberStart;
        boolean sawDigit = false;
        while (numberEnd < end && s.charAt(numberEnd) != ';') {
            char c = s.charAt(numberEnd);
            boolean digit = global ? SipGrammar.isDigit(c) : SipGrammar.isHexDigit(c) || c == '*' || c == '#';
            if (digit) {
                sawDigit = true;
            } else if (!SipGrammar.VISUAL_SEPARATOR.contains(c)) {
                throw ctx.error(numberEnd, "character not allowed in a telephone number");
            }
            numberEnd++;
        }
        if (!sawDigit) {
            throw ctx.error(numberEnd, "telephone number has no digits");
        }
        String number = s.substring(numberStart, numberEnd);
        pos = numberEnd;

        ParameterList params = new ParameterList();
        while (pos < end && s.charAt(pos) == ';') {
            int nameStart = ++pos;
            while (pos < end && SipGrammar.TEL_PNAME.contains(s.charAt(pos))) {
                pos++;
            }
            if (pos == nameStart) {
                throw ctx.error(pos, "empty tel URL parameter name");
            }
            String name = s.substring(nameStart, pos);
            String value = "";
            if (pos < end && s.charAt(pos) == '=') {
                int valueStart = ++pos;
                pos = SipGrammar.scanEscaped(s, pos, end, SipGrammar.PARAM, ctx);
                if (pos == valueStart) {
                    throw ctx.error(pos, "missing value of tel URL parameter '" + name + "'");
                }
                value = SipGrammar.unescape(s, valueStart, pos);
            }
            params.set(name, value);
        }
        if (pos < end) {
            throw ctx.error(pos, "unexpected character in tel URL");
        }
        return new TelURLImpl(global, number, params, text);
    }

    private static GenericURIImpl parseGeneric(String s, int begin, int colon, int end, String text,
                                               SipGrammar.ErrorContext ctx) throws ServletParseException {
        if (colon + 1 >= end) {
            throw ctx.error(colon + 1, "empty scheme-specific part");
        }
        for (int i = colon + 1; i < end; i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7F || c == '<' || c == '>' || c == '"') {
                throw ctx.error(i, "character not allowed in a URI");
            }
        }
        String scheme = s.substring(begin, colon).toLowerCase(java.util.Locale.ROOT);
        return new GenericURIImpl(scheme, s.substring(colon + 1, end), new ParameterList(), text);
    }
}
