package io.sipcontainer.message;

/**
 * A URI of any scheme other than sip, sips and tel ({@code http:}, {@code urn:}, {@code mailto:},
 * {@code soap.beep:}...), kept as its scheme and opaque scheme-specific part. The part is not
 * interpreted: parameters an application sets are appended as {@code ;name=value} after it, and
 * equality is RFC 3986 simple comparison (scheme without regard to case, the rest exactly).
 */
public final class GenericURIImpl extends AbstractURI {

    private final String scheme;
    private final String schemeSpecificPart;

    GenericURIImpl(String scheme, String schemeSpecificPart, ParameterList params, String text) {
        super(params, text);
        this.scheme = scheme;
        this.schemeSpecificPart = schemeSpecificPart;
    }

    /** The scheme in lower case, e.g. "http". */
    @Override
    public String getScheme() {
        return scheme;
    }

    /** Everything after "scheme:", as parsed. */
    public String getSchemeSpecificPart() {
        return schemeSpecificPart;
    }

    @Override
    public boolean isSipURI() {
        return false;
    }

    @Override
    void format(StringBuilder out) {
        out.append(scheme).append(':').append(schemeSpecificPart);
        appendUriParams(out, params);
    }

    @Override
    public GenericURIImpl clone() {
        return new GenericURIImpl(scheme, schemeSpecificPart, params.copy(), cachedText());
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GenericURIImpl)) {
            return false;
        }
        GenericURIImpl other = (GenericURIImpl) o;
        return scheme.equals(other.scheme)
                && schemeSpecificPart.equals(other.schemeSpecificPart)
                && params.sameEntriesIgnoringOrder(other.params);
    }

    @Override
    public int hashCode() {
        return scheme.hashCode() * 31 + schemeSpecificPart.hashCode();
    }
}
