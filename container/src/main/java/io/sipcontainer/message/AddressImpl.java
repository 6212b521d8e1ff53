package io.sipcontainer.message;

import jakarta.servlet.sip.Address;
import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.URI;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A SIP address as found in From, To, Contact, Route and the other address headers: optional
 * display name, URI and header parameters ({@code (name-addr / addr-spec) *(SEMI generic-param)}),
 * or the Contact wildcard {@code *}. Two protections serve the system-header rules of the SIP
 * Servlet specification: {@link #setReadOnly()} freezes the address and its URI, and
 * {@link #protectTag()} forbids changes to the {@code tag} parameter only, as for From and To of
 * messages an application may otherwise edit. Parse one with {@link AddressParser#parse(String)}.
 */
public final class AddressImpl implements Address, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private static final String TAG = "tag";

    private String displayName;
    /** Whether the display name is written as a quoted-string (it was quoted, or set by the app). */
    private boolean displayNameQuoted;
    private URI uri;
    private ParameterList params;
    /** Whether the URI was enclosed in {@code <>} when parsed; kept so output matches input. */
    private boolean angleBrackets;
    private final boolean wildcard;
    private boolean readOnly;
    private boolean tagProtected;

    /** An address of the URI, with no display name or parameters. */
    public AddressImpl(URI uri) {
        this(null, uri);
    }

    /** An address of the URI with a display name (null for none). */
    public AddressImpl(String displayName, URI uri) {
        if (uri == null) {
            throw new NullPointerException("uri is null");
        }
        this.uri = uri;
        this.params = new ParameterList();
        this.wildcard = false;
        if (displayName != null) {
            SipGrammar.checkNoLineBreak(displayName, "display name");
            this.displayName = displayName;
            this.displayNameQuoted = true;
        }
    }

    AddressImpl(String displayName, boolean displayNameQuoted, URI uri, boolean angleBrackets,
                ParameterList params) {
        this.displayName = displayName;
        this.displayNameQuoted = displayNameQuoted;
        this.uri = uri;
        this.angleBrackets = angleBrackets;
        this.params = params;
        this.wildcard = false;
    }

    private AddressImpl() {
        this.params = new ParameterList();
        this.wildcard = true;
    }

    /** The Contact wildcard {@code *} (as in a REGISTER removing all bindings); read-only. */
    public static AddressImpl wildcard() {
        AddressImpl address = new AddressImpl();
        address.readOnly = true;
        return address;
    }

    /** Freezes the address and, if it is one of ours, its URI: every setter then throws. */
    public void setReadOnly() {
        readOnly = true;
        if (uri instanceof AbstractURI) {
            ((AbstractURI) uri).setReadOnly();
        }
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    /**
     * Forbids the application to set or remove the {@code tag} parameter (From and To, whose tags
     * the container manages); attempts throw {@link IllegalStateException}.
     */
    public void protectTag() {
        tagProtected = true;
    }

    public boolean isTagProtected() {
        return tagProtected;
    }

    /**
     * Sets the tag on behalf of the container, bypassing {@link #protectTag()} and
     * {@link #setReadOnly()}: for the container only (e.g. the To tag of a response it creates),
     * never on an application's behalf. A null tag removes it.
     */
    public void assignTag(String tag) {
        if (tag == null) {
            params.remove(TAG);
        } else {
            HeaderParams.checkValue(tag);
            params.set(TAG, tag);
        }
    }

    private void checkWritable() {
        if (readOnly) {
            throw new IllegalStateException("this address belongs to a system header and cannot be modified");
        }
    }

    private void checkParameterWritable(String name) {
        checkWritable();
        if (tagProtected && TAG.equalsIgnoreCase(name)) {
            throw new IllegalStateException("the tag parameter is managed by the container and cannot be modified");
        }
    }

    @Override
    public boolean isWildcard() {
        return wildcard;
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    /** Sets the display name (unquoted, unescaped text); null removes it. */
    @Override
    public void setDisplayName(String name) {
        checkWritable();
        if (name != null) {
            SipGrammar.checkNoLineBreak(name, "display name");
        }
        displayName = name;
        displayNameQuoted = true;
    }

    /** The URI, or null for the wildcard address. */
    @Override
    public URI getURI() {
        return uri;
    }

    @Override
    public void setURI(URI uri) {
        checkWritable();
        if (uri == null) {
            throw new NullPointerException("uri is null");
        }
        this.uri = uri;
    }

    /** The q parameter, or -1.0 when absent or not a number. */
    @Override
    public float getQ() {
        String q = params.get("q");
        if (q == null) {
            return -1.0f;
        }
        try {
            return Float.parseFloat(q);
        } catch (NumberFormatException e) {
            return -1.0f;
        }
    }

    /** Sets the q parameter, written with at most three decimals; -1.0 removes it. */
    @Override
    public void setQ(float q) {
        if (q == -1.0f) {
            checkParameterWritable("q");
            params.remove("q");
            return;
        }
        if (!(q >= 0.0f && q <= 1.0f)) {
            throw new IllegalArgumentException("q must be between 0.0 and 1.0 (or -1.0 to remove it): " + q);
        }
        checkParameterWritable("q");
        BigDecimal value = new BigDecimal(Float.toString(q)).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        if (value.scale() < 1) {
            value = value.setScale(1);
        }
        params.set("q", value.toPlainString());
    }

    /** The expires parameter in seconds, or -1 when absent or not a number. */
    @Override
    public int getExpires() {
        String expires = params.get("expires");
        if (expires == null) {
            return -1;
        }
        try {
            return (int) Math.min(Long.parseLong(expires.trim()), Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Sets the expires parameter; a negative value removes it. */
    @Override
    public void setExpires(int seconds) {
        checkParameterWritable("expires");
        if (seconds < 0) {
            params.remove("expires");
        } else {
            params.set("expires", Integer.toString(seconds));
        }
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

    /**
     * Sets a header parameter ({@code ""} for a flag); null removes it.
     *
     * @throws IllegalStateException if the address is read-only, or the name is "tag" and the tag
     *                               is protected
     */
    @Override
    public void setParameter(String name, String value) {
        HeaderParams.checkName(name);
        checkParameterWritable(name);
        if (value == null) {
            params.remove(name);
            return;
        }
        HeaderParams.checkValue(value);
        params.set(name, value);
    }

    @Override
    public void removeParameter(String name) {
        if (name == null) {
            throw new NullPointerException("parameter name is null");
        }
        checkParameterWritable(name);
        params.remove(name);
    }

    /** The display name and URI as written in the header, without the parameters. */
    @Override
    public String getValue() {
        if (wildcard) {
            return "*";
        }
        StringBuilder out = new StringBuilder(64);
        appendValue(out);
        return out.toString();
    }

    /**
     * Replaces display name and URI with those of {@code value} ({@code "Bob" <sip:bob@b.com>});
     * parameters are kept.
     *
     * @throws IllegalArgumentException if value is not an address without parameters
     */
    @Override
    public void setValue(String value) {
        checkWritable();
        if (value == null) {
            throw new NullPointerException("value is null");
        }
        AddressImpl parsed;
        try {
            parsed = AddressParser.parse(value);
        } catch (ServletParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (parsed.wildcard || !parsed.params.isEmpty()) {
            throw new IllegalArgumentException("not an address value without parameters: " + value);
        }
        displayName = parsed.displayName;
        displayNameQuoted = parsed.displayNameQuoted;
        uri = parsed.uri;
        angleBrackets = parsed.angleBrackets;
    }

    private void appendValue(StringBuilder out) {
        String uriText = uri.toString();
        boolean brackets = angleBrackets || needsAngleBrackets(uriText);
        if (displayName != null) {
            if (displayNameQuoted || !isTokenSequence(displayName)) {
                SipGrammar.appendQuoted(out, displayName);
            } else {
                out.append(displayName);
            }
            out.append(' ');
            brackets = true;
        }
        if (brackets) {
            out.append('<').append(uriText).append('>');
        } else {
            out.append(uriText);
        }
    }

    /** RFC 3261 20.10: an addr-spec holding a comma, semicolon or question mark needs name-addr. */
    private static boolean needsAngleBrackets(String uriText) {
        for (int i = 0; i < uriText.length(); i++) {
            char c = uriText.charAt(i);
            if (c == ';' || c == ',' || c == '?') {
                return true;
            }
        }
        return false;
    }

    /** Whether the name can be written unquoted: tokens separated by single spaces. */
    private static boolean isTokenSequence(String name) {
        if (name.isEmpty() || name.charAt(0) == ' ' || name.charAt(name.length() - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ' ') {
                if (name.charAt(i - 1) == ' ') {
                    return false;
                }
            } else if (!SipGrammar.TOKEN.contains(c)) {
                return false;
            }
        }
        return true;
    }

    /** A modifiable deep copy (URI included), even of a read-only or tag-protected address. */
    @Override
    public AddressImpl clone() {
        if (wildcard) {
            return wildcard();
        }
        return new AddressImpl(displayName, displayNameQuoted, uri.clone(), angleBrackets, params.copy());
    }

    /**
     * As the Address interface specifies: URIs equal by their own rules, display names ignored,
     * parameters compared like URI parameters in RFC 3261 19.1.4 (those present in both must
     * match case-insensitively, those in only one are ignored).
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AddressImpl)) {
            return false;
        }
        AddressImpl other = (AddressImpl) o;
        if (wildcard || other.wildcard) {
            return wildcard == other.wildcard;
        }
        return uri.equals(other.uri) && params.matchesCommon(other.params);
    }

    @Override
    public int hashCode() {
        return wildcard ? 42 : uri.hashCode();
    }

    @Override
    public String toString() {
        if (wildcard) {
            return "*";
        }
        StringBuilder out = new StringBuilder(64 + 16 * params.size());
        appendValue(out);
        HeaderParams.append(out, params);
        return out.toString();
    }
}
