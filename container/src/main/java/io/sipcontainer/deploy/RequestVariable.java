package io.sipcontainer.deploy;

import jakarta.servlet.sip.Address;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipURI;
import jakarta.servlet.sip.TelURL;
import jakarta.servlet.sip.URI;
import java.util.Optional;
import java.util.function.Function;

/**
 * A variable of the servlet mapping language ({@code <var>request.uri.user</var>}): a name and how to
 * read its value from a request. The resolver is chosen once, when sip.xml is parsed, so evaluating
 * a rule on each initial request does no string work on the variable name. A value of null means
 * the variable is undefined for this request (a user part on a tel URL, say): {@code exists} is then
 * false and every comparison fails.
 *
 * <p>Names: {@code request.method}; {@code request.uri}, {@code request.from.uri},
 * {@code request.to.uri}, each optionally followed by {@code .scheme}, {@code .user}, {@code .host},
 * {@code .port}, {@code .tel} or {@code .param.<name>}; {@code request.from}, {@code request.to}
 * (the whole address) and {@code request.from.display-name}, {@code request.to.display-name}.
 */
final class RequestVariable {

    private final String name;
    private final Function<SipServletRequest, String> resolver;

    private RequestVariable(String name, Function<SipServletRequest, String> resolver) {
        this.name = name;
        this.resolver = resolver;
    }

    String name() {
        return name;
    }

    /** Value of this variable for the request, or null when it is undefined for it. */
    String valueOf(SipServletRequest request) {
        return resolver.apply(request);
    }

    @Override
    public String toString() {
        return name;
    }

    /** The variable of that name, or empty when the mapping language has no such variable. */
    static Optional<RequestVariable> named(String name) {
        Function<SipServletRequest, String> resolver = resolverFor(name);
        return resolver == null ? Optional.empty() : Optional.of(new RequestVariable(name, resolver));
    }

    private static Function<SipServletRequest, String> resolverFor(String name) {
        if (name.equals("request.method")) {
            return SipServletRequest::getMethod;
        }
        if (name.startsWith("request.uri")) {
            return uriPart(name.substring("request.uri".length()), SipServletRequest::getRequestURI);
        }
        if (name.startsWith("request.from")) {
            return addressPart(name.substring("request.from".length()), SipServletRequest::getFrom);
        }
        if (name.startsWith("request.to")) {
            return addressPart(name.substring("request.to".length()), SipServletRequest::getTo);
        }
        return null;
    }

    private static Function<SipServletRequest, String> addressPart(
            String suffix, Function<SipServletRequest, Address> address) {
        if (suffix.isEmpty()) {
            return request -> text(address.apply(request));
        }
        if (suffix.equals(".display-name")) {
            return request -> {
                Address value = address.apply(request);
                return value == null ? null : value.getDisplayName();
            };
        }
        if (suffix.startsWith(".uri")) {
            return uriPart(suffix.substring(".uri".length()), request -> {
                Address value = address.apply(request);
                return value == null ? null : value.getURI();
            });
        }
        return null;
    }

    private static Function<SipServletRequest, String> uriPart(
            String suffix, Function<SipServletRequest, URI> uri) {
        Function<URI, String> part = switch (suffix) {
            case "" -> RequestVariable::text;
            case ".scheme" -> URI::getScheme;
            case ".user" -> u -> u instanceof SipURI sip ? sip.getUser() : null;
            case ".host" -> u -> u instanceof SipURI sip ? sip.getHost() : null;
            case ".port" -> RequestVariable::port;
            case ".tel" -> RequestVariable::telephoneNumber;
            default -> uriParameter(suffix);
        };
        if (part == null) {
            return null;
        }
        return request -> {
            URI value = uri.apply(request);
            return value == null ? null : part.apply(value);
        };
    }

    private static Function<URI, String> uriParameter(String suffix) {
        String prefix = ".param.";
        if (!suffix.startsWith(prefix) || suffix.length() == prefix.length()) {
            return null;
        }
        String parameter = suffix.substring(prefix.length());
        return u -> u.getParameter(parameter);
    }

    /** The explicit port, or the scheme's default one: rules compare ports, not their spelling. */
    private static String port(URI uri) {
        if (!(uri instanceof SipURI sip)) {
            return null;
        }
        int port = sip.getPort();
        if (port < 0) {
            port = "sips".equalsIgnoreCase(sip.getScheme()) ? 5061 : 5060;
        }
        return Integer.toString(port);
    }

    /**
     * The telephone number of a tel URL, or of a SIP URI with {@code user=phone}, with a leading
     * {@code +} when global and without visual separators, so {@code +1-212-555-0100} and
     * {@code +1.212.5550100} compare equal.
     */
    private static String telephoneNumber(URI uri) {
        String number;
        if (uri instanceof TelURL tel) {
            number = tel.getPhoneNumber();
            if (number != null && tel.isGlobal() && !number.startsWith("+")) {
                number = "+" + number;
            }
        } else if (uri instanceof SipURI sip && "phone".equalsIgnoreCase(sip.getUserParam())) {
            number = sip.getUser();
            int parameters = number == null ? -1 : number.indexOf(';');
            if (parameters >= 0) {
                number = number.substring(0, parameters);
            }
        } else {
            return null;
        }
        return number == null ? null : stripVisualSeparators(number);
    }

    private static String stripVisualSeparators(String number) {
        StringBuilder digits = new StringBuilder(number.length());
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c != '-' && c != '.' && c != '(' && c != ')') {
                digits.append(c);
            }
        }
        return digits.toString();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** The variable names, for error messages. */
    static String describeAllowed() {
        return "request.method, request.uri[.scheme|.user|.host|.port|.tel|.param.<name>], "
                + "request.from[.display-name|.uri...], request.to[.display-name|.uri...]";
    }
}
