package jakarta.servlet.sip;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A header field value that carries a main value plus a list of {@code ;name=value} parameters,
 * for example {@code Accept: application/sdp;level=1} or a Via, Contact or Route value. Header
 * fields that are {@link Address}es are Parameterables too. Objects obtained from a committed
 * message or for a system header are read-only: mutators then throw {@link IllegalStateException}.
 *
 * @since 1.1
 */
public interface Parameterable extends Cloneable {

    /** Returns a copy of this object; changes to the copy do not affect the original. */
    Object clone();

    /**
     * Compares this value with another for equality: values compare case-insensitively where the
     * grammar says so, and parameters present on both sides must match.
     */
    @Override
    boolean equals(Object o);

    /** Returns the value of the named parameter, {@code ""} for a flag parameter, or null if absent. */
    String getParameter(String key);

    /** Returns an iterator over the names of the parameters present. */
    Iterator<String> getParameterNames();

    /**
     * Returns the names of the parameters present, as a set.
     *
     * @since 2.0
     */
    Set<String> getParameterNameSet();

    /** Returns the parameters as a set of name/value entries. */
    Set<Map.Entry<String, String>> getParameters();

    /** Returns the main value, without parameters. */
    String getValue();

    /** Removes the named parameter; nothing happens if it is absent. */
    void removeParameter(String name);

    /**
     * Sets the named parameter; a null value removes it, an empty value makes it a flag parameter.
     *
     * @throws IllegalStateException if this object is read-only
     */
    void setParameter(String name, String value);

    /**
     * Sets the main value, leaving the parameters alone.
     *
     * @throws IllegalStateException if this object is read-only
     */
    void setValue(String value);

    /** Returns the value and its parameters in header field syntax. */
    @Override
    String toString();
}
