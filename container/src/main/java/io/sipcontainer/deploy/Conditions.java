package io.sipcontainer.deploy;

import jakarta.servlet.sip.SipServletRequest;
import java.util.List;

/**
 * The operators of the servlet mapping language as {@link Condition} implementations. Each is an
 * immutable record whose {@code toString} reads like the rule, which is what shows up when a
 * dispatcher logs why a mapping matched.
 */
final class Conditions {

    private Conditions() {
    }

    /** True when every operand matches (evaluation stops at the first that does not). */
    record And(List<Condition> operands) implements Condition {
        And {
            operands = List.copyOf(operands);
        }

        @Override
        public boolean matches(SipServletRequest request) {
            for (Condition operand : operands) {
                if (!operand.matches(request)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return join(" and ", operands);
        }
    }

    /** True when any operand matches (evaluation stops at the first that does). */
    record Or(List<Condition> operands) implements Condition {
        Or {
            operands = List.copyOf(operands);
        }

        @Override
        public boolean matches(SipServletRequest request) {
            for (Condition operand : operands) {
                if (operand.matches(request)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return join(" or ", operands);
        }
    }

    /** Negation of its operand. */
    record Not(Condition operand) implements Condition {
        @Override
        public boolean matches(SipServletRequest request) {
            return !operand.matches(request);
        }

        @Override
        public String toString() {
            return "not " + operand;
        }
    }

    /** True when the variable is defined for the request. */
    record Exists(RequestVariable variable) implements Condition {
        @Override
        public boolean matches(SipServletRequest request) {
            return variable.valueOf(request) != null;
        }

        @Override
        public String toString() {
            return "exists " + variable;
        }
    }

    /** True when the variable's value is the given text. */
    record Equal(RequestVariable variable, String value, boolean ignoreCase) implements Condition {
        @Override
        public boolean matches(SipServletRequest request) {
            String actual = variable.valueOf(request);
            return actual != null && (ignoreCase ? actual.equalsIgnoreCase(value) : actual.equals(value));
        }

        @Override
        public String toString() {
            return variable + (ignoreCase ? " equal (ignore case) \"" : " equal \"") + value + '"';
        }
    }

    /** True when the variable's value contains the given text. */
    record Contains(RequestVariable variable, String value, boolean ignoreCase) implements Condition {
        @Override
        public boolean matches(SipServletRequest request) {
            String actual = variable.valueOf(request);
            if (actual == null) {
                return false;
            }
            if (!ignoreCase) {
                return actual.contains(value);
            }
            // regionMatches avoids lower-casing (and allocating) the value on each request.
            for (int start = 0; start + value.length() <= actual.length(); start++) {
                if (actual.regionMatches(true, start, value, 0, value.length())) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return variable + (ignoreCase ? " contains (ignore case) \"" : " contains \"") + value + '"';
        }
    }

    /**
     * True when the variable's value is the domain or one of its subdomains: {@code example.com} and
     * {@code sip.example.com} are subdomains of {@code example.com}, {@code badexample.com} is not.
     * Domain names compare without regard to case; an IP address is a subdomain only of itself.
     */
    record SubdomainOf(RequestVariable variable, String domain) implements Condition {
        @Override
        public boolean matches(SipServletRequest request) {
            String actual = variable.valueOf(request);
            if (actual == null) {
                return false;
            }
            if (actual.equalsIgnoreCase(domain)) {
                return true;
            }
            if (isIpAddress(domain)) {
                return false;
            }
            int dot = actual.length() - domain.length() - 1;
            return dot > 0 && actual.charAt(dot) == '.'
                    && actual.regionMatches(true, dot + 1, domain, 0, domain.length());
        }

        private static boolean isIpAddress(String text) {
            if (text.indexOf(':') >= 0 || text.startsWith("[")) {
                return true;
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != '.' && (c < '0' || c > '9')) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return variable + " subdomain-of \"" + domain + '"';
        }
    }

    private static String join(String operator, List<Condition> operands) {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < operands.size(); i++) {
            text.append(i == 0 ? "" : operator).append(operands.get(i));
        }
        return text.append(')').toString();
    }
}
