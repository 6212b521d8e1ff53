package io.sipcontainer.router;

import jakarta.servlet.sip.ar.SipApplicationRoutingRegionType;
import jakarta.servlet.sip.ar.SipRouteModifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the Default Application Router configuration defined by the SIP Servlet specification
 * (JSR 289 appendix C, kept by JSR 359): a properties-style text where each key is a SIP method
 * and each value an ordered list of six-field tuples, for example
 * <pre>
 * INVITE: ("app1", "DAR:From", "ORIGINATING", "", "NO_ROUTE", "0"), ("app2", "DAR:To", "TERMINATING", "", "NO_ROUTE", "1")
 * </pre>
 * As in {@code java.util.Properties}, {@code #} and {@code !} start comment lines, the key ends at
 * {@code :}, {@code =} or a blank, and a line ending in a backslash continues on the next line.
 * It also accepts a line starting with {@code (} as a continuation of the previous method's list.
 * It is hand-written rather than built on {@code Properties} so that every error names its line.
 */
public final class DarParser {

    private static final int FIELDS_PER_TUPLE = 6;

    private DarParser() {
    }

    /**
     * Parses a UTF-8 configuration file.
     *
     * @throws IOException if the file cannot be read
     * @throws DarParseException if its content is invalid
     */
    public static DarFile parse(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses configuration text.
     *
     * @param sourceName the name errors and the resulting table report
     * @throws DarParseException if the text is invalid
     */
    public static DarFile parse(String text, String sourceName) {
        Map<String, List<DarEntry>> entries = new LinkedHashMap<>();
        Map<String, Integer> firstLines = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<String> lines = text.lines().toList();
        LogicalLine current = null;
        int i = 0;
        while (i < lines.size()) {
            int lineNumber = i + 1;
            String physical = stripBom(lines.get(i++), lineNumber).stripLeading();
            if (physical.isEmpty() || physical.startsWith("#") || physical.startsWith("!")) {
                continue;
            }
            boolean continuesTupleList = physical.startsWith("(");
            if (continuesTupleList && current == null) {
                throw new DarParseException(sourceName, lineNumber,
                        "tuple before any method name; an entry starts with a SIP method, e.g. INVITE:");
            }
            if (continuesTupleList) {
                current.appendSeparator();
                current.append(physical, lineNumber);
            } else {
                addEntry(current, sourceName, entries, firstLines);
                current = new LogicalLine(physical, lineNumber);
            }
            // a trailing backslash joins the next physical line, as in java.util.Properties
            while (endsWithContinuation(lines.get(i - 1))) {
                current.dropContinuationBackslash();
                if (i >= lines.size()) {
                    break;
                }
                current.append(lines.get(i).stripLeading(), i + 1);
                i++;
            }
        }
        addEntry(current, sourceName, entries, firstLines);
        return new DarFile(sourceName, entries);
    }

    private static void addEntry(LogicalLine line, String sourceName,
            Map<String, List<DarEntry>> entries, Map<String, Integer> firstLines) {
        if (line == null) {
            return;
        }
        String text = line.text();
        int keyEnd = 0;
        while (keyEnd < text.length() && !isKeyTerminator(text.charAt(keyEnd))) {
            keyEnd++;
        }
        String method = text.substring(0, keyEnd);
        int lineNumber = line.firstLineNumber();
        int at = method.indexOf('@');
        if (at >= 0) {
            // METHOD@network or METHOD@app: the list for requests of one origin only
            String origin = method.substring(at + 1);
            if (DarFile.Origin.of(origin) == null) {
                throw new DarParseException(sourceName, lineNumber, "'" + method + "': after '@' comes "
                        + "'network' (requests received) or 'app' (requests an application originates), not '"
                        + origin + "'");
            }
            method = method.substring(0, at) + "@" + origin.toLowerCase(Locale.ROOT);
        }
        if (!isToken(at >= 0 ? method.substring(0, at) : method)) {
            throw new DarParseException(sourceName, lineNumber,
                    "'" + method + "' is not a SIP method name");
        }
        Integer previous = firstLines.putIfAbsent(method, lineNumber);
        if (previous != null) {
            throw new DarParseException(sourceName, lineNumber,
                    "method " + method + " is configured twice (first on line " + previous + ")");
        }
        int valueStart = keyEnd;
        while (valueStart < text.length() && Character.isWhitespace(text.charAt(valueStart))) {
            valueStart++;
        }
        if (valueStart < text.length()
                && (text.charAt(valueStart) == ':' || text.charAt(valueStart) == '=')) {
            valueStart++;
        }
        List<DarEntry> tuples = new ArrayList<>();
        for (DarTupleReader.RawTuple raw : new DarTupleReader(line, valueStart, sourceName).readAll()) {
            tuples.add(toEntry(raw, sourceName));
        }
        entries.put(at >= 0 ? method.substring(0, at).toUpperCase(Locale.ROOT) + method.substring(at) : method
                .toUpperCase(Locale.ROOT), tuples);
    }

    private static DarEntry toEntry(DarTupleReader.RawTuple raw, String sourceName) {
        List<String> f = raw.fields();
        int line = raw.lineNumber();
        if (f.size() != FIELDS_PER_TUPLE) {
            throw new DarParseException(sourceName, line,
                    "expected " + FIELDS_PER_TUPLE + " fields in tuple, got " + f.size());
        }
        String application = f.get(0);
        String subscriber = f.get(1);
        SipApplicationRoutingRegionType region = parseRegion(f.get(2), sourceName, line);
        String route = f.get(3);
        SipRouteModifier modifier = parseModifier(f.get(4), sourceName, line);

        if (DarEntry.isHeaderDirective(subscriber)) {
            String header = subscriber.substring(DarEntry.HEADER_DIRECTIVE.length()).trim();
            if (!isToken(header)) {
                throw new DarParseException(sourceName, line,
                        "subscriber '" + subscriber + "' must name a header after DAR:, e.g. DAR:From");
            }
        }
        if (!route.isEmpty() && !isSipUri(route)) {
            throw new DarParseException(sourceName, line,
                    "route '" + route + "' is not a sip: or sips: URI");
        }
        if (route.isEmpty() && modifier != SipRouteModifier.NO_ROUTE) {
            throw new DarParseException(sourceName, line,
                    "route modifier " + modifier + " needs a route");
        }
        // only a ROUTE entry may leave the application out: the container just sends the request on
        if (application.isEmpty() && modifier != SipRouteModifier.ROUTE) {
            throw new DarParseException(sourceName, line,
                    "application name is empty (allowed only with the ROUTE modifier)");
        }
        return new DarEntry(application, subscriber, region, route, modifier, f.get(5), line);
    }

    private static SipApplicationRoutingRegionType parseRegion(String value, String source, int line) {
        for (SipApplicationRoutingRegionType type : SipApplicationRoutingRegionType.values()) {
            if (type.name().equalsIgnoreCase(value)) {
                return type;
            }
        }
        throw new DarParseException(source, line, "unknown routing region '" + value
                + "', expected ORIGINATING, TERMINATING or NEUTRAL");
    }

    private static SipRouteModifier parseModifier(String value, String source, int line) {
        for (SipRouteModifier modifier : SipRouteModifier.values()) {
            if (modifier.name().equalsIgnoreCase(value)) {
                return modifier;
            }
        }
        throw new DarParseException(source, line, "unknown route modifier '" + value
                + "', expected ROUTE, ROUTE_BACK or NO_ROUTE");
    }

    private static boolean isSipUri(String route) {
        String uri = route.startsWith("<") && route.endsWith(">")
                ? route.substring(1, route.length() - 1).strip()
                : route;
        return (uri.regionMatches(true, 0, "sip:", 0, 4) && uri.length() > 4)
                || (uri.regionMatches(true, 0, "sips:", 0, 5) && uri.length() > 5);
    }

    private static boolean endsWithContinuation(String physicalLine) {
        String line = physicalLine.stripTrailing();
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        // an even count is escaped backslashes, not a continuation
        return backslashes % 2 == 1;
    }

    private static boolean isKeyTerminator(char c) {
        return c == ':' || c == '=' || Character.isWhitespace(c);
    }

    /** RFC 3261 token characters, which SIP method and header names are made of. */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && "-.!%*_+`'~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String stripBom(String line, int lineNumber) {
        return lineNumber == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
