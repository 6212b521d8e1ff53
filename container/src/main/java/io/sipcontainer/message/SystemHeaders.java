package io.sipcontainer.message;

import java.util.Map;
import java.util.TreeMap;

/**
 * Header-name knowledge the message layer needs: canonical spelling and compact forms (RFC 3261
 * 7.3.3 and the extensions that registered one), which headers are system headers an application
 * may not set, add or remove (SIP Servlet specification, "System Headers"), and which headers hold
 * addresses or parameterable values. All lookups are case-insensitive and accept compact forms;
 * they allocate nothing.
 *
 * <p>The system headers are Call-ID, CSeq, Via, Route (an application adds routes only through
 * {@code pushRoute}), Record-Route, Path (except in responses to REGISTER, which a registrar fills
 * per RFC 3327), RAck and RSeq, From and To, and Contact except in
 * REGISTER requests and responses, 3xx and 485 responses and 200 responses to OPTIONS. From and To
 * are system headers only in that the header itself cannot be set or removed and its tag cannot
 * change: an application may still edit their display name and URI on a message it may modify,
 * which is what {@link AddressImpl#protectTag()} models.
 */
public final class SystemHeaders {

    /** Index = compact letter - 'a'; value = full name, or null. */
    private static final String[] COMPACT_TO_FULL = new String[26];
    /** Lower-case full name to compact form, case-insensitively. */
    private static final Map<String, String> FULL_TO_COMPACT = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    /** Any spelling of a known header to its canonical spelling. */
    private static final Map<String, String> CANONICAL = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private static final String[] ALWAYS_SYSTEM = {
        "Call-ID", "CSeq", "Via", "Route", "Record-Route", "Path", "RAck", "RSeq", "From", "To",
    };

    private static final String[] ADDRESS_HEADERS = {
        "From", "To", "Contact", "Route", "Record-Route", "Reply-To", "Refer-To", "Referred-By",
        "P-Asserted-Identity", "P-Preferred-Identity", "P-Called-Party-ID", "P-Associated-URI",
        "P-Served-User", "Path", "Service-Route", "History-Info", "Diversion", "Remote-Party-ID",
        "Alert-Info", "Call-Info", "Error-Info", "Permission-Missing", "Trigger-Consent",
    };

    /** Headers, other than address headers, whose values are {@code value *(;param)}. */
    private static final String[] OTHER_PARAMETERABLE_HEADERS = {
        "Accept", "Accept-Encoding", "Accept-Language", "Content-Disposition", "Content-Type",
        "Retry-After", "Via", "Event", "Allow-Events", "Subscription-State", "Session-Expires",
        "Min-SE", "Reason", "Accept-Contact", "Reject-Contact", "Request-Disposition",
        "Identity-Info", "Target-Dialog", "Replaces", "Join", "Security-Client", "Security-Server",
        "Security-Verify", "P-Charging-Vector", "P-Access-Network-Info", "Priv-Answer-Mode",
        "Answer-Mode",
    };

    private static final TreeMap<String, Boolean> SYSTEM = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private static final TreeMap<String, Boolean> ADDRESS = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private static final TreeMap<String, Boolean> PARAMETERABLE = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    static {
        compact('i', "Call-ID");
        compact('m', "Contact");
        compact('e', "Content-Encoding");
        compact('l', "Content-Length");
        compact('c', "Content-Type");
        compact('f', "From");
        compact('s', "Subject");
        compact('k', "Supported");
        compact('t', "To");
        compact('v', "Via");
        compact('o', "Event");
        compact('u', "Allow-Events");
        compact('r', "Refer-To");
        compact('b', "Referred-By");
        compact('x', "Session-Expires");
        compact('j', "Reject-Contact");
        compact('a', "Accept-Contact");
        compact('d', "Request-Disposition");
        compact('y', "Identity");
        compact('n', "Identity-Info");
        for (String name : new String[] {
            "Accept", "Accept-Encoding", "Accept-Language", "Accept-Resource-Priority", "Alert-Info",
            "Allow", "Answer-Mode", "Authentication-Info", "Authorization", "Call-Info", "CSeq",
            "Content-Disposition", "Content-ID", "Content-Language", "Date", "Diversion", "Error-Info",
            "Expires", "Geolocation", "History-Info", "In-Reply-To", "Join", "Max-Breadth",
            "Max-Forwards", "MIME-Version", "Min-Expires", "Min-SE", "Organization",
            "P-Access-Network-Info", "P-Asserted-Identity", "P-Associated-URI", "P-Called-Party-ID",
            "P-Charging-Function-Addresses", "P-Charging-Vector", "P-Preferred-Identity",
            "P-Served-User", "P-Visited-Network-ID", "Path", "Permission-Missing", "Priority",
            "Priv-Answer-Mode", "Privacy", "Proxy-Authenticate", "Proxy-Authorization",
            "Proxy-Require", "RAck", "Reason", "Record-Route", "Refer-Sub", "Remote-Party-ID",
            "Replaces", "Reply-To", "Require", "Resource-Priority", "Retry-After", "Route", "RSeq",
            "Security-Client", "Security-Server", "Security-Verify", "Server", "Service-Route",
            "SIP-ETag", "SIP-If-Match", "Subscription-State", "Target-Dialog", "Timestamp",
            "Trigger-Consent", "Unsupported", "User-Agent", "Warning", "WWW-Authenticate",
        }) {
            CANONICAL.put(name, name);
        }
        for (String name : ALWAYS_SYSTEM) {
            SYSTEM.put(name, Boolean.TRUE);
        }
        for (String name : ADDRESS_HEADERS) {
            ADDRESS.put(name, Boolean.TRUE);
            PARAMETERABLE.put(name, Boolean.TRUE);
        }
        for (String name : OTHER_PARAMETERABLE_HEADERS) {
            PARAMETERABLE.put(name, Boolean.TRUE);
        }
    }

    private SystemHeaders() {
    }

    private static void compact(char letter, String full) {
        COMPACT_TO_FULL[letter - 'a'] = full;
        FULL_TO_COMPACT.put(full, String.valueOf(letter));
        CANONICAL.put(full, full);
    }

    /**
     * The canonical spelling of a header name given in any case or compact form ("i" and "CALL-id"
     * give "Call-ID"); names this class does not know come back unchanged.
     */
    public static String canonicalName(String anyForm) {
        if (anyForm.length() == 1) {
            char c = (char) (anyForm.charAt(0) | 0x20);
            if (c >= 'a' && c <= 'z' && COMPACT_TO_FULL[c - 'a'] != null) {
                return COMPACT_TO_FULL[c - 'a'];
            }
            return anyForm;
        }
        String canonical = CANONICAL.get(anyForm);
        return canonical == null ? anyForm : canonical;
    }

    /** The compact form ("v" for "Via" or "via"), or null when the header has none. */
    public static String compactForm(String anyForm) {
        return FULL_TO_COMPACT.get(canonicalName(anyForm));
    }

    /** Whether two header names denote the same header, compact forms included. */
    public static boolean sameHeader(String a, String b) {
        return canonicalName(a).equalsIgnoreCase(canonicalName(b));
    }

    /**
     * Whether an application is forbidden to set, add or remove the header by name in this
     * message.
     *
     * @param headerName any spelling or compact form
     * @param method     the request's method, or for a response the method of its request (CSeq)
     * @param status     the response status; ignored for requests
     * @param isRequest  whether the message is a request
     */
    public static boolean isSystem(String headerName, String method, int status, boolean isRequest) {
        String name = canonicalName(headerName);
        if (!isRequest && "REGISTER".equals(method) && name.equals("Path")) {
            return false; // RFC 3327 section 5.3: a registrar copies the Path it stored into its response
        }
        if (SYSTEM.containsKey(name)) {
            return true;
        }
        if (name.equalsIgnoreCase("Contact")) {
            return isContactSystem(method, status, isRequest);
        }
        return false;
    }

    /**
     * Whether Contact is a system header in this message: it is, except in REGISTER requests and
     * responses, 3xx and 485 responses, and 200 responses to OPTIONS, where the application
     * supplies the contacts.
     */
    public static boolean isContactSystem(String method, int status, boolean isRequest) {
        boolean register = "REGISTER".equals(method);
        if (isRequest) {
            return !register;
        }
        boolean applicationContacts = register
                || (status >= 300 && status < 400)
                || status == 485
                || (status == 200 && "OPTIONS".equals(method));
        return !applicationContacts;
    }

    /** Whether the header is a system header in every message (all but Contact, and Path). */
    public static boolean isAlwaysSystem(String headerName) {
        String name = canonicalName(headerName);
        return SYSTEM.containsKey(name) && !name.equals("Path");
    }

    /** Whether the header's values are addresses, so getAddressHeader applies. */
    public static boolean isAddressHeader(String headerName) {
        return ADDRESS.containsKey(canonicalName(headerName));
    }

    /** Whether the header's values are {@code value *(;param)}, address headers included. */
    public static boolean isParameterableHeader(String headerName) {
        return PARAMETERABLE.containsKey(canonicalName(headerName));
    }

    /** Whether the tag parameter of this header is managed by the container (From and To). */
    public static boolean hasProtectedTag(String headerName) {
        String name = canonicalName(headerName);
        return name.equals("From") || name.equals("To");
    }
}
