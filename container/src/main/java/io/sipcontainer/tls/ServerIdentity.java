package io.sipcontainer.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * RFC 5922 section 7: does a server's certificate speak for the SIP domain a request was sent to?
 * The domain is the host of the URI the request was routed by (before NAPTR and SRV: RFC 5922 7.1
 * matches the domain the user asked for, not the SRV target). It matches a {@code sip:} or
 * {@code sips:} URI subjectAltName whose host is the domain (user part and parameters ignored) or a
 * DNS subjectAltName equal to it, case-insensitively and without wildcards (7.2 forbids them); the
 * subject's CN counts only when the certificate has neither kind of subjectAltName. A domain that is
 * an IP address (RFC 5922 has no rule for it) matches an iPAddress subjectAltName.
 */
public final class ServerIdentity {
    private static final int DNS = 2;
    private static final int URI = 6;
    private static final int IP = 7;
    private static final Pattern SIP_URI_HOST = Pattern.compile("(?i)sips?:(?:[^@;?>]*@)?(\\[[^\\]]+]|[^:;?>]+)");

    private ServerIdentity() {
    }

    /** Throws, naming what the certificate is for, when it does not speak for {@code domain}. */
    public static void check(X509Certificate certificate, String domain) throws CertificateException {
        if (!matches(certificate, domain)) {
            throw new CertificateException("the certificate is not for " + domain + " (RFC 5922): it names "
                    + identities(certificate));
        }
    }

    /** True when {@code certificate} speaks for {@code domain} by the rules above. */
    public static boolean matches(X509Certificate certificate, String domain) {
        String wanted = unbracket(domain.strip()).toLowerCase(Locale.ROOT);
        if (isIpLiteral(wanted)) {
            return matchesAddress(certificate, wanted);
        }
        List<String> names = new ArrayList<>();
        boolean sipOrDnsSan = false;
        for (List<?> san : alternativeNames(certificate)) {
            int type = (Integer) san.get(0);
            if (type == URI) {
                Matcher m = SIP_URI_HOST.matcher(String.valueOf(san.get(1)));
                if (m.lookingAt()) {
                    sipOrDnsSan = true;
                    names.add(unbracket(m.group(1)));
                }
            } else if (type == DNS) {
                sipOrDnsSan = true;
                names.add(String.valueOf(san.get(1)));
            }
        }
        if (!sipOrDnsSan) {
            names.addAll(commonNames(certificate));
        }
        for (String name : names) {
            if (trimDot(name).equalsIgnoreCase(trimDot(wanted))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAddress(X509Certificate certificate, String address) {
        InetAddress wanted = parse(address);
        for (List<?> san : alternativeNames(certificate)) {
            if ((Integer) san.get(0) == IP && wanted != null && wanted.equals(parse(String.valueOf(san.get(1))))) {
                return true;
            }
        }
        return false;
    }

    /** The names the certificate carries, for the refusal's message. */
    static String identities(X509Certificate certificate) {
        List<String> all = new ArrayList<>();
        for (List<?> san : alternativeNames(certificate)) {
            all.add(String.valueOf(san.get(1)));
        }
        return all.isEmpty() ? "CN " + commonNames(certificate) : all.toString();
    }

    private static Collection<List<?>> alternativeNames(X509Certificate certificate) {
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            return sans == null ? List.of() : sans;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static List<String> commonNames(X509Certificate certificate) {
        List<String> cns = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    cns.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            // an unreadable subject names nothing
        }
        return cns;
    }

    /** True for an IPv4 or IPv6 literal (never a DNS lookup). */
    public static boolean isIpLiteral(String host) {
        String h = unbracket(host);
        return h.indexOf(':') >= 0 || h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static InetAddress parse(String literal) {
        try {
            return isIpLiteral(literal) ? InetAddress.getByName(unbracket(literal)) : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
