package io.sipcontainer.message;

import jakarta.servlet.sip.URI;

import java.util.Iterator;
import java.util.Set;

/**
 * What the URI value types share: ordered case-insensitive parameters, a read-only switch for URIs
 * taken from system headers, and a cache of the string form. A parsed URI keeps the exact text it
 * was parsed from and returns it from {@link #toString()} until it is modified, so forwarding a
 * URI unchanged costs no formatting and changes not a byte of it.
 */
public abstract class AbstractURI implements URI, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Parameters, stored unescaped. */
    ParameterList params;
    private boolean readOnly;
    /** The string form, or null when it has to be rebuilt after a modification. */
    private String text;

    AbstractURI(ParameterList params, String text) {
        this.params = params;
        this.text = text;
    }

    /** Makes every later modification throw {@link IllegalStateException}. */
    public void setReadOnly() {
        readOnly = true;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    /** Refuses changes to a read-only URI. */
    final void checkWritable() {
        if (readOnly) {
            throw new IllegalStateException("this URI belongs to a system header and cannot be modified: " + this);
        }
    }

    /** Every mutator calls this once its checks pass: it refuses a read-only URI and drops the cache. */
    final void beforeChange() {
        checkWritable();
        text = null;
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

    /**
     * Sets a parameter ({@code ""} for a flag parameter).
     *
     * @throws NullPointerException if name or value is null, as the URI interface specifies
     * @throws IllegalArgumentException if the name is empty or the value holds a line break
     */
    @Override
    public void setParameter(String name, String value) {
        if (name == null || value == null) {
            throw new NullPointerException("parameter name and value must not be null");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty parameter name");
        }
        SipGrammar.checkNoLineBreak(name, "parameter name");
        SipGrammar.checkNoLineBreak(value, "parameter value");
        checkWritable();
        checkParameterChange(name);
        beforeChange();
        params.set(name, value);
    }

    @Override
    public void removeParameter(String name) {
        if (name == null) {
            throw new NullPointerException("parameter name is null");
        }
        checkWritable();
        checkParameterChange(name);
        beforeChange();
        params.remove(name);
    }

    /** Subclasses refuse changes to particular parameters here; the default allows all. */
    void checkParameterChange(String name) {
    }

    /** Sets or removes (on null) a parameter; the typed setters of the subclasses use it. */
    final void putOrRemove(String name, String value) {
        if (value == null) {
            removeParameter(name);
        } else {
            setParameter(name, value);
        }
    }

    @Override
    public abstract AbstractURI clone();

    /** Writes the URI from its parts, escaping them as its scheme requires. */
    abstract void format(StringBuilder out);

    @Override
    public final String toString() {
        String t = text;
        if (t == null) {
            StringBuilder out = new StringBuilder(48);
            format(out);
            t = out.toString();
            text = t;
        }
        return t;
    }

    /** The cached text, for clones that start out unmodified. */
    final String cachedText() {
        return text;
    }

    /** Appends {@code ;name[=value]} for each parameter, escaping outside paramchar. */
    static void appendUriParams(StringBuilder out, ParameterList params) {
        for (int i = 0; i < params.size(); i++) {
            out.append(';');
            SipGrammar.appendEscaped(out, params.nameAt(i), SipGrammar.PARAM);
            String value = params.valueAt(i);
            if (!value.isEmpty()) {
                out.append('=');
                SipGrammar.appendEscaped(out, value, SipGrammar.PARAM);
            }
        }
    }
}
