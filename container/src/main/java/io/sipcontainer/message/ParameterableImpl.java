package io.sipcontainer.message;

import jakarta.servlet.sip.Parameterable;
import jakarta.servlet.sip.ServletParseException;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A header field value with parameters, such as {@code application/sdp;level=1} (Content-Type),
 * {@code SIP/2.0/UDP host;branch=z9hG4bK1} (Via) or {@code session;handling=required}: the
 * {@link Parameterable} that headers which are not addresses expose. Parameter names are
 * case-insensitive and keep their order. A value taken from a system header can be frozen with
 * {@link #setReadOnly()}, after which every setter throws {@link IllegalStateException}.
 */
public class ParameterableImpl implements Parameterable, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private String value;
    private ParameterList params;
    private boolean readOnly;

    /** Creates a value without parameters. */
    public ParameterableImpl(String value) {
        setValueChecked(value);
        this.params = new ParameterList();
    }

    private ParameterableImpl(String value, ParameterList params) {
        this.value = value;
        this.params = params;
    }

    /**
     * Parses a header field value with parameters. The value ends at the first ';' that is not
     * inside a quoted string or an {@code <...>} URI (as in Call-Info); surrounding white space is
     * dropped.
     *
     * @throws ServletParseException if the parameters do not follow RFC 3261 generic-param syntax
     */
    public static ParameterableImpl parse(String text) throws ServletParseException {
        SipGrammar.ErrorContext ctx = new SipGrammar.ErrorContext("header value", text);
        int end = text.length();
        int pos = 0;
        boolean inQuotes = false;
        boolean inAngles = false;
        for (; pos < end; pos++) {
            char c = text.charAt(pos);
            if (inQuotes) {
                if (c == '\\') {
                    pos++;
                } else if (c == '"') {
                    inQuotes = false;
                }
            } else if (c == '"') {
                inQuotes = true;
            } else if (c == '<') {
                inAngles = true;
            } else if (c == '>') {
                inAngles = false;
            } else if (c == ';' && !inAngles) {
                break;
            }
        }
        if (inQuotes) {
            throw ctx.error(end, "unterminated quoted string");
        }
        String value = text.substring(0, pos).trim();
        ParameterList params = new ParameterList();
        HeaderParams.parse(text, pos, end, params, ctx);
        return new ParameterableImpl(value, params);
    }

    /** Makes every later modification throw {@link IllegalStateException}. */
    public void setReadOnly() {
        readOnly = true;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    private void checkWritable() {
        if (readOnly) {
            throw new IllegalStateException("this header value belongs to a system header and cannot be modified");
        }
    }

    @Override
    public String getValue() {
        return value;
    }

    @Override
    public void setValue(String value) {
        checkWritable();
        setValueChecked(value);
    }

    private void setValueChecked(String value) {
        if (value == null) {
            throw new NullPointerException("value is null");
        }
        SipGrammar.checkNoLineBreak(value, "header value");
        this.value = value.trim();
    }

    @Override
    public String getParameter(String key) {
        if (key == null) {
            throw new NullPointerException("parameter name is null");
        }
        return params.get(key);
    }


    @Override
    public Iterator<String> getParameterNames() {
        return params.names();
    }

    /** The parameter names in order of appearance (an unmodifiable snapshot). */
    @Override
    public Set<String> getParameterNameSet() {
        return params.nameSet();
    }

    @Override
    public Set<Map.Entry<String, String>> getParameters() {
        return params.entries();
    }

    /** Setting {@code null} removes the parameter; {@code ""} sets a flag parameter. */
    @Override
    public void setParameter(String name, String value) {
        checkWritable();
        HeaderParams.checkName(name);
        if (value == null) {
            params.remove(name);
            return;
        }
        HeaderParams.checkValue(value);
        params.set(name, value);
    }

    @Override
    public void removeParameter(String name) {
        checkWritable();
        if (name == null) {
            throw new NullPointerException("parameter name is null");
        }
        params.remove(name);
    }

    /** A modifiable deep copy, even of a read-only value. */
    @Override
    public ParameterableImpl clone() {
        return new ParameterableImpl(value, params.copy());
    }

    /**
     * Values compare without regard to case (media types, transports and dispositions are
     * case-insensitive tokens) and so do parameters, which must be the same set in any order.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ParameterableImpl)) {
            return false;
        }
        ParameterableImpl other = (ParameterableImpl) o;
        return value.equalsIgnoreCase(other.value) && params.sameEntriesIgnoringOrder(other.params);
    }

    @Override
    public int hashCode() {
        return value.toLowerCase(Locale.ROOT).hashCode() * 31 + params.namesHash();
    }

    @Override
    public String toString() {
        if (params.isEmpty()) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16 * params.size());
        out.append(value);
        HeaderParams.append(out, params);
        return out.toString();
    }
}
