package jakarta.servlet.sip;

import java.util.Iterator;
import java.util.Set;

/**
 * Base interface for all URI schemes handled by the container: {@link SipURI} for {@code sip} and
 * {@code sips}, {@link TelURL} for {@code tel}, and a generic implementation for any other scheme.
 * URIs are obtained from a {@link SipFactory} or from parsed messages.
 */
public interface URI extends Cloneable {

    /** Returns a copy of this URI. */
    URI clone();

    /** Compares this URI with another following the comparison rules of its scheme. */
    @Override
    boolean equals(Object o);

    /** Returns the value of the named URI parameter, {@code ""} for a flag, or null if absent. */
    String getParameter(String key);

    /** Returns an iterator over the names of the URI parameters present. */
    Iterator<String> getParameterNames();

    /**
     * Returns the names of the URI parameters present, as a set.
     *
     * @since 2.0
     */
    Set<String> getParameterNameSet();

    /** Returns the scheme of this URI, for example {@code "sip"}, {@code "sips"} or {@code "tel"}. */
    String getScheme();

    /** Returns true if the scheme is {@code sip} or {@code sips}, so this object is a {@link SipURI}. */
    boolean isSipURI();

    /** Removes the named URI parameter. */
    void removeParameter(String name);

    /** Sets the named URI parameter; a null value removes it. */
    void setParameter(String name, String value);

    /** Returns the URI in its string form, escaped as the scheme requires. */
    @Override
    String toString();
}
