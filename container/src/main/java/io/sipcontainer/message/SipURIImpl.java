package io.sipcontainer.message;

import jakarta.servlet.sip.SipURI;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * A {@code sip:} or {@code sips:} URI (RFC 3261 19.1): user, password, host (name, IPv4 or
 * bracketed IPv6 reference), port, parameters and headers. Components are held unescaped, as the
 * servlet API presents them, and escaped again when the URI is written; {@link #equals} follows
 * RFC 3261 19.1.4. Obtain one from {@link UriParser#parseSipURI(String)} or
 * {@link #create(String, String)}.
 */
public final class SipURIImpl extends AbstractURI implements SipURI {

    /** Parameters that must be present in both URIs for them to match (RFC 3261 19.1.4). */
    private static final String[] SIGNIFICANT_PARAMS = {"user", "ttl", "method", "maddr", "transport"};

    private boolean secure;
    private String user;
    private String password;
    private String host;
    private int port;
    private ParameterList headers;
    /** Set on Contact URIs the container manages: where it listens may not change. */
    private boolean hostPortLocked;

    SipURIImpl(boolean secure, String user, String password, String host, int port,
               ParameterList params, ParameterList headers, String text) {
        super(params, text);
        this.secure = secure;
        this.user = user;
        this.password = password;
        this.host = host;
        this.port = port;
        this.headers = headers;
    }

    /**
     * Creates {@code sip:user@host}, the helper behind {@code SipFactory.createSipURI}.
     *
     * @param user the unescaped user part, or null for a URI without one
     * @param host a host name, IPv4 address or IPv6 address (brackets optional), with an optional
     *             {@code :port} as applications written for other containers pass it
     * @throws IllegalArgumentException if the host or port is not valid
     */
    public static SipURIImpl create(String user, String host) {
        HostSyntax.HostPort hostPort = HostSyntax.parse(host);
        SipURIImpl uri = new SipURIImpl(false, null, null, hostPort.host(), hostPort.port(),
                new ParameterList(), new ParameterList(), null);
        uri.user = emptyToNull(user);
        if (uri.user != null) {
            SipGrammar.checkNoLineBreak(uri.user, "user");
        }
        return uri;
    }

    /**
     * Locks what says where the container listens - scheme, host, port and the transport and
     * maddr parameters - while leaving the user part and other parameters editable. For the
     * Contact of messages in which Contact is a system header (see
     * {@link SystemHeaders#isContactSystem}), where the application may still set the user part
     * and add parameters. Locked changes throw {@link IllegalStateException}; clones are unlocked.
     */
    public void lockHostPort() {
        hostPortLocked = true;
    }

    public boolean isHostPortLocked() {
        return hostPortLocked;
    }

    private void checkHostPortUnlocked(String what) {
        if (hostPortLocked) {
            throw new IllegalStateException("the " + what + " of this Contact URI is managed by the container");
        }
    }

    @Override
    void checkParameterChange(String name) {
        if ("transport".equalsIgnoreCase(name) || "maddr".equalsIgnoreCase(name)) {
            checkHostPortUnlocked(name + " parameter");
        }
    }

    @Override
    public String getScheme() {
        return secure ? "sips" : "sip";
    }

    @Override
    public boolean isSipURI() {
        return true;
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public void setSecure(boolean b) {
        checkWritable();
        checkHostPortUnlocked("scheme");
        beforeChange();
        secure = b;
    }

    /** The user part, unescaped ({@code sip:%75ser@h} gives "user"), or null. */
    @Override
    public String getUser() {
        return user;
    }

    /** Sets the unescaped user part; null or "" removes it (and with it the password). */
    @Override
    public void setUser(String user) {
        String u = emptyToNull(user);
        if (u != null) {
            SipGrammar.checkNoLineBreak(u, "user");
        }
        beforeChange();
        this.user = u;
    }

    @Override
    public String getUserPassword() {
        return password;
    }

    @Override
    public void setUserPassword(String password) {
        if (password != null) {
            SipGrammar.checkNoLineBreak(password, "password");
        }
        beforeChange();
        this.password = password;
    }

    /** The host; IPv6 addresses come with their brackets, as in the URI. */
    @Override
    public String getHost() {
        return host;
    }

    /** A {@code host:port} sets the port too, as other containers do. */
    @Override
    public void setHost(String host) {
        HostSyntax.HostPort checked = HostSyntax.parse(host);
        checkWritable();
        checkHostPortUnlocked("host");
        beforeChange();
        this.host = checked.host();
        if (checked.port() >= 0) {
            this.port = checked.port();
        }
    }

    @Override
    public int getPort() {
        return port;
    }

    /** A negative port removes it. */
    @Override
    public void setPort(int port) {
        if (port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        checkWritable();
        checkHostPortUnlocked("port");
        beforeChange();
        this.port = port < 0 ? -1 : port;
    }

    @Override
    public String getTransportParam() {
        return params.get("transport");
    }

    @Override
    public void setTransportParam(String transport) {
        putOrRemove("transport", transport);
    }

    @Override
    public String getMAddrParam() {
        return params.get("maddr");
    }

    @Override
    public void setMAddrParam(String maddr) {
        putOrRemove("maddr", maddr);
    }

    @Override
    public String getMethodParam() {
        return params.get("method");
    }

    @Override
    public void setMethodParam(String method) {
        putOrRemove("method", method);
    }

    @Override
    public String getUserParam() {
        return params.get("user");
    }

    @Override
    public void setUserParam(String user) {
        putOrRemove("user", user);
    }

    /** The ttl parameter, or -1 when absent or not a number. */
    @Override
    public int getTTLParam() {
        String ttl = params.get("ttl");
        if (ttl == null) {
            return -1;
        }
        try {
            return Integer.parseInt(ttl);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A negative ttl removes the parameter. */
    @Override
    public void setTTLParam(int ttl) {
        if (ttl > 255) {
            throw new IllegalArgumentException("ttl out of range 0-255: " + ttl);
        }
        putOrRemove("ttl", ttl < 0 ? null : Integer.toString(ttl));
    }

    @Override
    public boolean getLrParam() {
        return "".equals(params.get("lr"));
    }

    @Override
    public void setLrParam(boolean flag) {
        putOrRemove("lr", flag ? "" : null);
    }

    /** The unescaped value of a header of this URI ({@code ?Subject=a%20b} gives "a b"). */
    @Override
    public String getHeader(String name) {
        if (name == null) {
            throw new NullPointerException("header name is null");
        }
        return headers.get(name);
    }

    @Override
    public Iterator<String> getHeaderNames() {
        return headers.names();
    }

    /** The header names in order of appearance (an unmodifiable snapshot). */
    @Override
    public List<String> getHeaderNameList() {
        return headers.nameList();
    }

    @Override
    public void setHeader(String name, String value) {
        if (name == null || value == null) {
            throw new NullPointerException("header name and value must not be null");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        SipGrammar.checkNoLineBreak(value, "header value");
        beforeChange();
        headers.remove(name);
        headers.add(name, value, false);
    }

    @Override
    public void removeHeader(String name) {
        if (name == null) {
            throw new NullPointerException("header name is null");
        }
        beforeChange();
        headers.remove(name);
    }

    /** True if the URI carries headers ({@code ?...}); an address around it then needs {@code <>}. */
    boolean hasHeaders() {
        return !headers.isEmpty();
    }

    @Override
    void format(StringBuilder out) {
        out.append(secure ? "sips:" : "sip:");
        if (user != null) {
            SipGrammar.appendEscaped(out, user, SipGrammar.USER);
            if (password != null) {
                out.append(':');
                SipGrammar.appendEscaped(out, password, SipGrammar.PASSWORD);
            }
            out.append('@');
        }
        out.append(host);
        if (port >= 0) {
            out.append(':').append(port);
        }
        appendUriParams(out, params);
        for (int i = 0; i < headers.size(); i++) {
            out.append(i == 0 ? '?' : '&');
            SipGrammar.appendEscaped(out, headers.nameAt(i), SipGrammar.HEADER);
            out.append('=');
            SipGrammar.appendEscaped(out, headers.valueAt(i), SipGrammar.HEADER);
        }
    }

    /** A modifiable deep copy, even of a read-only URI. */
    @Override
    public SipURIImpl clone() {
        return new SipURIImpl(secure, user, password, host, port, params.copy(), headers.copy(), cachedText());
    }

    /**
     * RFC 3261 19.1.4: same scheme; user and password equal case-sensitively (after unescaping);
     * host equal without regard to case; same port (an absent port differs from 5060); the user,
     * ttl, method, maddr and transport parameters present in both or neither; every parameter
     * present in both with equal values (case-insensitive), others ignored; the same headers.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SipURIImpl)) {
            return false;
        }
        SipURIImpl other = (SipURIImpl) o;
        return secure == other.secure
                && port == other.port
                && java.util.Objects.equals(user, other.user)
                && java.util.Objects.equals(password, other.password)
                && host.equalsIgnoreCase(other.host)
                && params.matchesCommon(other.params, SIGNIFICANT_PARAMS)
                && headers.sameEntriesIgnoringOrder(other.headers);
    }

    @Override
    public int hashCode() {
        int h = secure ? 1 : 0;
        h = h * 31 + (user == null ? 0 : user.hashCode());
        h = h * 31 + host.toLowerCase(Locale.ROOT).hashCode();
        return h * 31 + port;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
