package io.sipcontainer.router;

import jakarta.servlet.sip.Address;
import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.URI;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * Minimal {@link SipServletRequest} stand-ins built with {@link Proxy}: they answer only what the
 * router reads (method, From, To, raw and address headers) and fail loudly on anything else.
 */
final class FakeRequests {

    private FakeRequests() {
    }

    /** A request whose headers hold raw values; a value with a {@code <uri>} part is an address. */
    static SipServletRequest request(String method, Map<String, String> headers) {
        Map<String, String> byLowerName = new HashMap<>();
        headers.forEach((name, value) -> byLowerName.put(name.toLowerCase(), value));
        return (SipServletRequest) Proxy.newProxyInstance(FakeRequests.class.getClassLoader(),
                new Class<?>[] {SipServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    // a request from the network has an address it came from; one an application made has none
                    case "getInitialRemoteAddr" -> byLowerName.get("x-received-from");
                    case "getFrom" -> addressOrNull(byLowerName.get("from"));
                    case "getTo" -> addressOrNull(byLowerName.get("to"));
                    case "getHeader" -> byLowerName.get(((String) args[0]).toLowerCase());
                    case "getAddressHeader" -> {
                        String value = byLowerName.get(((String) args[0]).toLowerCase());
                        if (value != null && value.indexOf('<') < 0) {
                            throw new ServletParseException("not an address: " + value);
                        }
                        yield addressOrNull(value);
                    }
                    case "toString" -> "FakeRequest[" + method + "]";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    static SipServletRequest request(String method) {
        return request(method, Map.of("From", "<sip:alice@a.example.com>", "To", "<sip:bob@b.example.com>"));
    }

    /** A request received from 192.0.2.1, as the container hands the router one from the network. */
    static SipServletRequest received(String method) {
        return request(method, Map.of("From", "<sip:alice@a.example.com>", "To", "<sip:bob@b.example.com>",
                "X-Received-From", "192.0.2.1"));
    }

    private static Address addressOrNull(String value) {
        if (value == null) {
            return null;
        }
        String uriText = value.substring(value.indexOf('<') + 1, value.indexOf('>'));
        URI uri = (URI) Proxy.newProxyInstance(FakeRequests.class.getClassLoader(),
                new Class<?>[] {URI.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "toString" -> uriText;
                    case "hashCode" -> uriText.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (Address) Proxy.newProxyInstance(FakeRequests.class.getClassLoader(),
                new Class<?>[] {Address.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getURI" -> uri;
                    case "toString" -> value;
                    case "hashCode" -> value.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
