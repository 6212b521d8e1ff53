package jakarta.servlet.sip;

import java.util.Iterator;
import java.util.List;

/**
 * A {@code sip} or {@code sips} URI (RFC 3261 section 19.1): user, password, host, port, URI
 * parameters and embedded headers. The two schemes share this interface; {@link #isSecure()}
 * tells them apart. Strings handed in and out of this interface are unescaped.
 */
public interface SipURI extends URI {

    /** Returns the value of the named embedded header, or null. */
    String getHeader(String name);

    /** Returns an iterator over the names of the embedded headers. */
    Iterator<String> getHeaderNames();

    /**
     * Returns the names of the embedded headers, in order.
     *
     * @since 2.0
     */
    List<String> getHeaderNameList();

    /** Returns the host part: a domain name or a numeric IP address. */
    String getHost();

    /** Returns true if the {@code lr} parameter is present. */
    boolean getLrParam();

    /** Returns the {@code maddr} parameter, or null. */
    String getMAddrParam();

    /** Returns the {@code method} parameter, or null. */
    String getMethodParam();

    /** Returns the port, or -1 if none is given. */
    int getPort();

    /** Returns the {@code transport} parameter, or null. */
    String getTransportParam();

    /** Returns the {@code ttl} parameter, or -1 if absent. */
    int getTTLParam();

    /** Returns the user part, or null. */
    String getUser();

    /** Returns the {@code user} parameter, for example {@code "phone"}, or null. */
    String getUserParam();

    /** Returns the password of the user part, or null. */
    String getUserPassword();

    /** Returns true for a {@code sips} URI. */
    boolean isSecure();

    /** Removes the named embedded header. */
    void removeHeader(String name);

    /** Sets the named embedded header, replacing any previous value. */
    void setHeader(String name, String value);

    /** Sets the host part. */
    void setHost(String host);

    /** Adds the {@code lr} flag when true, removes it when false. */
    void setLrParam(boolean flag);

    /** Sets the {@code maddr} parameter. */
    void setMAddrParam(String maddr);

    /** Sets the {@code method} parameter. */
    void setMethodParam(String method);

    /** Sets the port; -1 removes it. */
    void setPort(int port);

    /** Switches the scheme between {@code sips} (true) and {@code sip} (false). */
    void setSecure(boolean b);

    /** Sets the {@code transport} parameter. */
    void setTransportParam(String transport);

    /** Sets the {@code ttl} parameter. */
    void setTTLParam(int ttl);

    /** Sets the user part. */
    void setUser(String user);

    /** Sets the {@code user} parameter. */
    void setUserParam(String user);

    /** Sets the password of the user part. */
    void setUserPassword(String password);

    /** Returns the URI in its escaped string form. */
    @Override
    String toString();

    /** Compares following RFC 3261 section 19.1.4. */
    @Override
    boolean equals(Object o);
}
