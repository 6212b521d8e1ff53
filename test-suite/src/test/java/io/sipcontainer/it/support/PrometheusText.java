package io.sipcontainer.it.support;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape of {@code /metrics} checked line by line against the Prometheus text exposition format
 * 0.0.4 (comments {@code # HELP} and {@code # TYPE} with a known type, declared once and before the
 * family's samples; samples {@code name{label="value",...} value [timestamp]} with a valid name, well
 * quoted labels and a number), and its samples by name and labels for the assertions.
 */
public final class PrometheusText {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(?:" + LABEL + "(?:," + LABEL + ")*,?)?\\})?"
            + " (\\S+)( -?[0-9]+)?");
    private static final Set<String> SUFFIXES = Set.of("_total", "_count", "_sum", "_bucket", "_created", "_max");

    private final Map<String, Double> samples = new LinkedHashMap<>();
    private final Map<String, String> types = new HashMap<>();

    private PrometheusText() {
    }

    /** Parses a scrape; fails with the line number and text on the first line that breaks the format. */
    public static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        Set<String> seenSamplesOf = new HashSet<>();
        String[] lines = text.split("\n", -1);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the exposition must end with a line feed");
        }
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + ": '" + line + "'";
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    if (p.types.put(type.group(1), type.group(2)) != null || seenSamplesOf.contains(type.group(1))) {
                        throw new AssertionError("TYPE repeated or after its samples, " + where);
                    }
                } else if (!HELP.matcher(line).matches() && (line.startsWith("# HELP") || line.startsWith("# TYPE"))) {
                    throw new AssertionError("malformed comment, " + where);
                }
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("malformed sample, " + where);
            }
            double value;
            try {
                value = switch (m.group(3)) {
                    case "+Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    case "NaN" -> Double.NaN;
                    default -> Double.parseDouble(m.group(3));
                };
            } catch (NumberFormatException e) {
                throw new AssertionError("not a number, " + where);
            }
            String family = p.family(m.group(1));
            if (family == null) {
                throw new AssertionError("sample without a TYPE for its family, " + where);
            }
            seenSamplesOf.add(family);
            String key = m.group(1) + (m.group(2) == null ? "" : m.group(2));
            if (p.samples.put(key, value) != null) {
                throw new AssertionError("sample repeated, " + where);
            }
        }
        return p;
    }

    private String family(String sampleName) {
        if (types.containsKey(sampleName)) {
            return sampleName;
        }
        for (String suffix : SUFFIXES) {
            if (sampleName.endsWith(suffix)) {
                String base = sampleName.substring(0, sampleName.length() - suffix.length());
                if (types.containsKey(base)) {
                    return base;
                }
            }
        }
        return null;
    }

    /** The value of a sample written exactly so (name, and labels as printed), or null. */
    public Double value(String nameAndLabels) {
        return samples.get(nameAndLabels);
    }

    /** The value of a sample without labels; fails when there is none. */
    public double require(String name) {
        Double v = samples.get(name);
        if (v == null) {
            throw new AssertionError("no sample " + name + " among " + samples.keySet());
        }
        return v;
    }

    /** True when some sample's name starts with {@code prefix}. */
    public boolean hasSampleStartingWith(String prefix) {
        return samples.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    /** The declared type of a family, or null. */
    public String type(String family) {
        return types.get(family);
    }

    public Set<String> names() {
        return samples.keySet();
    }
}
