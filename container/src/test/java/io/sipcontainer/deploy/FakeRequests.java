package io.sipcontainer.deploy;

import jakarta.servlet.sip.Address;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipURI;
import jakarta.servlet.sip.TelURL;
import jakarta.servlet.sip.URI;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Minimal read-only requests, URIs and addresses for evaluating mapping rules without a stack. */
final class FakeRequests {

    private FakeRequests() {
    }

    static SipServletRequest request(String method, URI requestUri, Address from, Address to) {
        return proxy(SipServletRequest.class, Map.of(
                "getMethod", method, "getRequestURI", requestUri, "getFrom", from, "getTo", to,
                "toString", method + " " + requestUri));
    }

    /** A SIP URI; {@code params} alternate names and values, e.g. {@code "transport", "tcp"}. */
    static SipURI sipUri(String scheme, String user, String host, int port, String... params) {
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            parameters.put(params[i], params[i + 1]);
        }
        StringBuilder text = new StringBuilder(scheme).append(':');
        if (user != null) {
            text.append(user).append('@');
        }
        text.append(host);
        if (port >= 0) {
            text.append(':').append(port);
        }
        parameters.forEach((name, value) -> text.append(';').append(name).append(value.isEmpty() ? "" : "=" + value));
        Map<String, Object> answers = new HashMap<>();
        answers.put("getScheme", scheme);
        answers.put("getUser", user);
        answers.put("getHost", host);
        answers.put("getPort", port);
        answers.put("getUserParam", parameters.get("user"));
        answers.put("isSipURI", true);
        answers.put("toString", text.toString());
        return proxy(SipURI.class, answers, parameters);
    }

    static SipURI sipUri(String user, String host) {
        return sipUri("sip", user, host, -1);
    }

    static TelURL telUrl(String number, boolean global) {
        Map<String, Object> answers = new HashMap<>();
        answers.put("getScheme", "tel");
        answers.put("getPhoneNumber", number);
        answers.put("isGlobal", global);
        answers.put("isSipURI", false);
        answers.put("toString", "tel:" + (global ? "+" : "") + number);
        return proxy(TelURL.class, answers, Map.of());
    }

    static Address address(String displayName, URI uri, String tag) {
        String text = (displayName == null ? "" : '"' + displayName + "\" ") + "<" + uri + ">"
                + (tag == null ? "" : ";tag=" + tag);
        Map<String, Object> answers = new HashMap<>();
        answers.put("getDisplayName", displayName);
        answers.put("getURI", uri);
        answers.put("toString", text);
        return proxy(Address.class, answers);
    }

    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return proxy(type, answers, Map.of());
    }

    private static <T> T proxy(Class<T> type, Map<String, Object> answers, Map<String, String> parameters) {
        Object instance = Proxy.newProxyInstance(FakeRequests.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> {
                    String name = method.getName();
                    if (name.equals("getParameter") && args != null && args.length == 1) {
                        return parameters.get((String) args[0]);
                    }
                    if (name.equals("hashCode")) {
                        return System.identityHashCode(self);
                    }
                    if (name.equals("equals")) {
                        return self == args[0];
                    }
                    if (answers.containsKey(name)) {
                        return answers.get(name);
                    }
                    throw new UnsupportedOperationException(type.getSimpleName() + "." + name + " in a fake");
                });
        return type.cast(instance);
    }
}
