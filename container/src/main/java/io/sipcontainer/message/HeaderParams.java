package io.sipcontainer.message;

import jakarta.servlet.sip.ServletParseException;

/**
 * Reads and writes the header parameters that follow a header field value:
 * {@code *( SEMI generic-param )} with {@code generic-param = token [ EQUAL gen-value ]} and
 * {@code gen-value = token / host / quoted-string} (RFC 3261 25.1), tolerating the linear white
 * space the grammar allows around ';' and '='. Shared by {@link AddressImpl} and
 * {@link ParameterableImpl}.
 */
final class HeaderParams {

    private HeaderParams() {
    }

    /**
     * Parses parameters from {@code pos} to {@code end} into {@code into}; everything in that range
     * must be parameters or white space.
     */
    static void parse(String s, int pos, int end, ParameterList into, SipGrammar.ErrorContext ctx)
            throws ServletParseException {
        pos = SipGrammar.skipLws(s, pos, end);
        while (pos < end) {
            if (s.charAt(pos) != ';') {
                throw ctx.error(pos, "expected ';' before a parameter");
            }
            pos = SipGrammar.skipLws(s, pos + 1, end);
            int nameStart = pos;
            while (pos < end && SipGrammar.TOKEN.contains(s.charAt(pos))) {
                pos++;
            }
            if (pos == nameStart) {
                throw ctx.error(pos, "empty parameter name");
            }
            String name = s.substring(nameStart, pos);
            pos = SipGrammar.skipLws(s, pos, end);
            if (pos < end && s.charAt(pos) == '=') {
                pos = SipGrammar.skipLws(s, pos + 1, end);
                if (pos < end && s.charAt(pos) == '"') {
                    StringBuilder value = new StringBuilder();
                    pos = SipGrammar.parseQuoted(s, pos, end, value, ctx);
                    into.set(name, value.toString(), true);
                } else {
                    int valueStart = pos;
                    while (pos < end && SipGrammar.TOKEN_OR_HOST.contains(s.charAt(pos))) {
                        pos++;
                    }
                    if (pos == valueStart) {
                        throw ctx.error(pos, "missing value of parameter '" + name + "'");
                    }
                    into.set(name, s.substring(valueStart, pos), false);
                }
                pos = SipGrammar.skipLws(s, pos, end);
            } else {
                into.set(name, "", false);
            }
        }
    }

    /** Appends {@code ;name[=value]} for each entry, quoting values that need it or came quoted. */
    static void append(StringBuilder out, ParameterList params) {
        for (int i = 0; i < params.size(); i++) {
            out.append(';').append(params.nameAt(i));
            String value = params.valueAt(i);
            if (params.quotedAt(i)) {
                out.append('=');
                SipGrammar.appendQuoted(out, value);
            } else if (!value.isEmpty()) {
                out.append('=');
                if (SipGrammar.TOKEN_OR_HOST.containsAll(value)) {
                    out.append(value);
                } else {
                    SipGrammar.appendQuoted(out, value);
                }
            }
        }
    }

    /** Validates a parameter name an application passes to a setter. */
    static void checkName(String name) {
        if (name == null) {
            throw new NullPointerException("parameter name is null");
        }
        if (!SipGrammar.TOKEN.containsAll(name)) {
            throw new IllegalArgumentException("parameter name is not an RFC 3261 token: \"" + name + "\"");
        }
    }

    /** Validates a parameter value an application passes to a setter (any text but line breaks). */
    static void checkValue(String value) {
        SipGrammar.checkNoLineBreak(value, "parameter value");
    }
}
