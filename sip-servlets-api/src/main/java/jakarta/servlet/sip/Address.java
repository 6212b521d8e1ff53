package jakarta.servlet.sip;

/**
 * The value of a header field that holds a SIP address, such as From, To, Contact, Route or
 * Record-Route: an optional display name, a {@link URI} and header parameters ({@code tag},
 * {@code q}, {@code expires}...). The special Contact value {@code *} is a wildcard Address.
 * Addresses of system headers in messages handed to the application are read-only.
 */
public interface Address extends Parameterable {

    /** Returns a copy of this Address. */
    @Override
    Object clone();

    /**
     * Compares this Address with another: equal URIs (per the URI's own rules), and equal values
     * of the header parameters present on both sides. The display name is ignored.
     */
    @Override
    boolean equals(Object o);

    /** Returns the display name, or null if there is none. */
    String getDisplayName();

    /** Returns the {@code expires} parameter in seconds, or -1 if absent. */
    int getExpires();

    /** Returns the {@code q} parameter, or -1.0 if absent. */
    float getQ();

    /** Returns the URI of this address, or null for the wildcard address. */
    URI getURI();

    /** Returns a hash code consistent with {@link #equals(Object)}. */
    @Override
    int hashCode();

    /** Returns true if this is the wildcard address {@code *} used in REGISTER Contact headers. */
    boolean isWildcard();

    /**
     * Sets the display name; null removes it.
     *
     * @throws IllegalStateException if this Address is read-only
     */
    void setDisplayName(String name);

    /**
     * Sets the {@code expires} parameter in seconds; a negative value removes it.
     *
     * @throws IllegalStateException if this Address is read-only
     */
    void setExpires(int seconds);

    /**
     * Sets the {@code q} parameter, between 0.0 and 1.0; -1.0 removes it.
     *
     * @throws IllegalArgumentException if q is outside [0.0, 1.0] and not -1.0
     * @throws IllegalStateException if this Address is read-only
     */
    void setQ(float q);

    /**
     * Sets the URI of this address.
     *
     * @throws NullPointerException if uri is null
     * @throws IllegalStateException if this Address is read-only
     */
    void setURI(URI uri);

    /** Returns this address in name-addr form, suitable as a header field value. */
    @Override
    String toString();
}
