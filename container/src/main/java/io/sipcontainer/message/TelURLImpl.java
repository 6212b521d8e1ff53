package io.sipcontainer.message;

import jakarta.servlet.sip.TelURL;

import java.util.Locale;

/**
 * A {@code tel:} URI (RFC 3966): a global number ({@code tel:+1-201-555-0123}) or a local number
 * qualified by a phone-context ({@code tel:7042;phone-context=example.com}), with parameters.
 * The phone number is kept as written, visual separators included, and without the leading '+'
 * of global numbers, as {@link #getPhoneNumber()} specifies. {@link #equals} follows RFC 3966
 * section 5.
 */
public final class TelURLImpl extends AbstractURI implements TelURL {

    private static final String PHONE_CONTEXT = "phone-context";

    private boolean global;
    /** Digits and visual separators, without the '+'. */
    private String number;

    TelURLImpl(boolean global, String number, ParameterList params, String text) {
        super(params, text);
        this.global = global;
        this.number = number;
    }

    /**
     * Creates a tel URL from a global number ({@code "+1-201-555-0123"}).
     *
     * @throws IllegalArgumentException if the number is not a valid RFC 3966 global number
     */
    public static TelURLImpl global(String number) {
        TelURLImpl url = new TelURLImpl(true, "0", new ParameterList(), null);
        url.setPhoneNumber(number);
        return url;
    }

    /**
     * Creates a tel URL from a local number and its phone-context ({@code "7042", "example.com"}).
     *
     * @throws IllegalArgumentException if the number or the context is not valid per RFC 3966
     */
    public static TelURLImpl local(String number, String phoneContext) {
        TelURLImpl url = new TelURLImpl(false, "0", new ParameterList(), null);
        url.setPhoneNumber(number, phoneContext);
        return url;
    }

    @Override
    public String getScheme() {
        return "tel";
    }

    @Override
    public boolean isSipURI() {
        return false;
    }

    @Override
    public boolean isGlobal() {
        return global;
    }

    @Override
    public String getPhoneNumber() {
        return number;
    }

    /** The phone-context of a local number; null for a global one. */
    @Override
    public String getPhoneContext() {
        return global ? null : params.get(PHONE_CONTEXT);
    }

    /**
     * Makes this a global number; the argument must start with '+' (e.g. "+1-201-555-0123").
     * Any phone-context parameter is removed.
     */
    @Override
    public void setPhoneNumber(String number) {
        if (number == null) {
            throw new NullPointerException("number is null");
        }
        if (!number.startsWith("+") || !isGlobalDigits(number, 1, number.length())) {
            throw new IllegalArgumentException("not a global RFC 3966 phone number: \"" + number + "\"");
        }
        beforeChange();
        global = true;
        this.number = number.substring(1);
        params.remove(PHONE_CONTEXT);
    }

    /**
     * Makes this a local number within {@code phoneContext}, a domain name or a global number
     * prefix such as "+1-201".
     */
    @Override
    public void setPhoneNumber(String number, String phoneContext) {
        if (number == null || phoneContext == null) {
            throw new NullPointerException("number and phone context must not be null");
        }
        if (!isLocalDigits(number, 0, number.length())) {
            throw new IllegalArgumentException("not a local RFC 3966 phone number: \"" + number + "\"");
        }
        boolean contextIsNumber = phoneContext.startsWith("+")
                && isGlobalDigits(phoneContext, 1, phoneContext.length());
        if (!contextIsNumber && !SipGrammar.HOST.containsAll(phoneContext)) {
            throw new IllegalArgumentException("phone-context is neither a domain name nor a global number: \""
                    + phoneContext + "\"");
        }
        beforeChange();
        global = false;
        this.number = number;
        params.set(PHONE_CONTEXT, phoneContext);
    }

    @Override
    void format(StringBuilder out) {
        out.append("tel:");
        if (global) {
            out.append('+');
        }
        out.append(number);
        appendUriParams(out, params);
    }

    @Override
    public TelURLImpl clone() {
        return new TelURLImpl(global, number, params.copy(), cachedText());
    }

    /**
     * RFC 3966 section 5: both global or both local, equal digits once visual separators are
     * removed, and the same parameters in any order, all compared without regard to case (a
     * phone-context that is a number also without its separators).
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TelURLImpl)) {
            return false;
        }
        TelURLImpl other = (TelURLImpl) o;
        if (global != other.global
                || !stripSeparators(number).equalsIgnoreCase(stripSeparators(other.number))
                || params.size() != other.params.size()) {
            return false;
        }
        for (int i = 0; i < params.size(); i++) {
            String name = params.nameAt(i);
            String mine = params.valueAt(i);
            String theirs = other.params.get(name);
            if (theirs == null) {
                return false;
            }
            if (PHONE_CONTEXT.equalsIgnoreCase(name) && mine.startsWith("+")) {
                mine = stripSeparators(mine);
                theirs = stripSeparators(theirs);
            }
            if (!mine.equalsIgnoreCase(theirs)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return (global ? 1 : 0) * 31 + stripSeparators(number).toLowerCase(Locale.ROOT).hashCode();
    }

    static String stripSeparators(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (SipGrammar.VISUAL_SEPARATOR.contains(c)) {
                if (out == null) {
                    out = new StringBuilder(s.length());
                    out.append(s, 0, i);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** RFC 3966 global-number-digits after the '+': phonedigits with at least one DIGIT. */
    static boolean isGlobalDigits(String s, int begin, int end) {
        boolean digit = false;
        for (int i = begin; i < end; i++) {
            char c = s.charAt(i);
            if (SipGrammar.isDigit(c)) {
                digit = true;
            } else if (!SipGrammar.VISUAL_SEPARATOR.contains(c)) {
                return false;
            }
        }
        return digit;
    }

    /** RFC 3966 local-number-digits: phonedigit-hex with at least one HEXDIG, '*' or '#'. */
    static boolean isLocalDigits(String s, int begin, int end) {
        boolean digit = false;
        for (int i = begin; i < end; i++) {
            char c = s.charAt(i);
            if (SipGrammar.isHexDigit(c) || c == '*' || c == '#') {
                digit = true;
            } else if (!SipGrammar.VISUAL_SEPARATOR.contains(c)) {
                return false;
            }
        }
        return digit;
    }
}
