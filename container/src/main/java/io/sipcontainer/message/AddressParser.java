package io.sipcontainer.message;

import jakarta.servlet.sip.ServletParseException;

/**
 * Parses one address header value (RFC 3261: {@code (name-addr / addr-spec) *(SEMI
 * generic-param)}, or {@code *}) into an {@link AddressImpl}. Splitting a multi-valued header at
 * its commas is the message layer's job; this parser sees a single value. It accepts the linear
 * white space RFC 3261 allows (folded lines included) and rejects what RFC 4475 calls invalid:
 * unquoted display names with separators, white space inside {@code <>}, unbalanced quotes, and
 * addr-specs containing ',', ';' or '?' characters that need angle brackets.
 */
public final class AddressParser {

    private AddressParser() {
    }

    /**
     * Parses an address; {@code "*"} gives the (read-only) wildcard address.
     *
     * @throws ServletParseException naming the reason and the position of the error
     */
    public static AddressImpl parse(String text) throws ServletParseException {
        if (text == null) {
            throw new NullPointerException("address text is null");
        }
        SipGrammar.ErrorContext ctx = new SipGrammar.ErrorContext("address", text);
        int end = text.length();
        int pos = SipGrammar.skipLws(text, 0, end);
        if (pos >= end) {
            throw ctx.error(pos, "empty address");
        }
        if (text.charAt(pos) == '*') {
            int after = SipGrammar.skipLws(text, pos + 1, end);
            if (after < end) {
                throw ctx.error(after, "nothing may follow the wildcard '*'");
            }
            return AddressImpl.wildcard();
        }

        String displayName = null;
        boolean quoted = false;
        char c = text.charAt(pos);
        if (c == '"') {
            StringBuilder name = new StringBuilder();
            pos = SipGrammar.skipLws(text, SipGrammar.parseQuoted(text, pos, end, name, ctx), end);
            if (pos >= end || text.charAt(pos) != '<') {
                throw ctx.error(pos, "expected '<' after the quoted display name");
            }
            displayName = name.toString();
            quoted = true;
        } else if (c != '<') {
            int nameEnd = unquotedDisplayNameEnd(text, pos, end);
            if (nameEnd > pos) {
                displayName = collapseLws(text, pos, nameEnd);
                pos = SipGrammar.skipLws(text, nameEnd, end);
            }
        }

        AbstractURI uri;
        boolean angleBrackets = pos < end && text.charAt(pos) == '<';
        if (angleBrackets) {
            int close = text.indexOf('>', pos + 1);
            if (close < 0) {
                throw ctx.error(pos, "missing '>' after the URI");
            }
            uri = UriParser.parse(text, pos + 1, close, ctx);
            pos = close + 1;
        } else {
            int uriEnd = pos;
            while (uriEnd < end && text.charAt(uriEnd) != ';' && !SipGrammar.isLws(text.charAt(uriEnd))) {
                char u = text.charAt(uriEnd);
                if (u == ',' || u == '?' || u == '<' || u == '"') {
                    if (text.indexOf('<', uriEnd) >= 0) {
                        throw ctx.error(uriEnd, "a display name with this character must be a quoted string");
                    }
                    throw ctx.error(uriEnd, "a URI containing ',', ';' or '?' must be enclosed in '<' and '>'");
                }
                uriEnd++;
            }
            uri = UriParser.parse(text, pos, uriEnd, ctx);
            pos = uriEnd;
        }

        ParameterList params = new ParameterList();
        HeaderParams.parse(text, pos, end, params, ctx);
        return new AddressImpl(displayName, quoted, uri, angleBrackets, params);
    }

    /**
     * If an unquoted display name ({@code *(token LWS)}) followed by '<' starts at {@code pos},
     * returns the end of its last token; otherwise returns {@code pos} (the value is an addr-spec).
     */
    private static int unquotedDisplayNameEnd(String s, int pos, int end) {
        int i = pos;
        while (true) {
            int tokenEnd = i;
            while (tokenEnd < end && SipGrammar.TOKEN.contains(s.charAt(tokenEnd))) {
                tokenEnd++;
            }
            if (tokenEnd == i) {
                return pos;
            }
            int next = SipGrammar.skipLws(s, tokenEnd, end);
            if (next < end && s.charAt(next) == '<') {
                return tokenEnd;
            }
            if (next == tokenEnd || next >= end) {
                return pos;
            }
            i = next;
        }
    }

    /** The display name tokens joined by single spaces, as the grammar treats LWS as one space. */
    private static String collapseLws(String s, int begin, int end) {
        StringBuilder out = null;
        int i = begin;
        while (i < end) {
            char c = s.charAt(i);
            if (SipGrammar.isLws(c)) {
                int next = SipGrammar.skipLws(s, i, end);
                if (out == null && (next != i + 1 || c != ' ')) {
                    out = new StringBuilder(end - begin).append(s, begin, i);
                }
                if (out != null) {
                    out.append(' ');
                }
                i = next;
            } else {
                if (out != null) {
                    out.append(c);
                }
                i++;
            }
        }
        return out == null ? s.substring(begin, end) : out.toString();
    }
}
