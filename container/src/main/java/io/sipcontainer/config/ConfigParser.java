package io.sipcontainer.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

/**
 * Reads {@code conf/sipcontainer.cfg} into a {@link ServerConfig}. The syntax follows Kamailio's
 * core settings: one {@code key = value} per line, {@code #} starts a comment (outside double
 * quotes), blank lines are ignored, a value may be double-quoted, and list keys ({@code listen},
 * {@code alias}) repeat. Command-line overrides ({@code -Dkey=value}) replace the file's value; for
 * a list key they replace the whole list and may hold several comma-separated values. The first
 * problem found stops parsing with a {@link ConfigException} naming file, line and reason.
 */
public final class ConfigParser {

    /** Where a value came from, so an error can point at it. */
    private record Entry(String value, String source, int line) {
    }

    private ConfigParser() {
    }

    /**
     * Parses {@code file}, resolving relative paths against {@code baseDir} (the server home).
     *
     * @throws ConfigException if the file cannot be read or holds a bad line
     */
    public static ServerConfig parse(Path file, Path baseDir) throws ConfigException {
        return parse(file, baseDir, Map.of());
    }

    /**
     * Parses {@code file}, then applies {@code overrides} (key to value, as given by
     * {@code -Dkey=value} on the command line) over it.
     *
     * @throws ConfigException if the file cannot be read, or a line or an override is bad
     */
    public static ServerConfig parse(Path file, Path baseDir, Map<String, String> overrides) throws ConfigException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(baseDir, "baseDir");
        Objects.requireNonNull(overrides, "overrides");
        Map<String, Entry> moduleEntries = new LinkedHashMap<>();
        Map<ConfigKey, List<Entry>> entries = readFile(file, moduleEntries);
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            if (isModuleKey(override.getKey())) {
                String source = "-D" + override.getKey();
                moduleEntries.put(override.getKey(), new Entry(value(override.getKey(),
                        Objects.requireNonNullElse(override.getValue(), "").strip(), source, 0), source, 0));
            } else {
                addOverride(override.getKey(), override.getValue(), entries);
            }
        }
        ServerConfig.Builder builder = ServerConfig.builder().baseDir(baseDir);
        moduleEntries.forEach((key, e) -> builder.moduleParam(key, e.value(), e.source(), e.line()));
        for (Map.Entry<ConfigKey, List<Entry>> keyEntries : entries.entrySet()) {
            for (Entry entry : keyEntries.getValue()) {
                try {
                    keyEntries.getKey().apply(builder, entry.value());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(entry.source(), entry.line(), e.getMessage(), e);
                }
            }
        }
        return builder.build();
    }

    /** {@code module.param}: a module's own setting, checked by the module (see {@link ModuleParams}). */
    private static boolean isModuleKey(String name) {
        return name.matches("[A-Za-z][A-Za-z0-9_-]*\\.[A-Za-z][A-Za-z0-9_-]*");
    }

    private static Map<ConfigKey, List<Entry>> readFile(Path file, Map<String, Entry> moduleEntries)
            throws ConfigException {
        String source = file.toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, 0, "file not found", e);
        } catch (IOException e) {
            throw new ConfigException(source, 0, "cannot read: " + e, e);
        }
        Map<ConfigKey, List<Entry>> entries = new EnumMap<>(ConfigKey.class);
        for (int i = 0; i < lines.size(); i++) {
            String line = i == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(i);
            readLine(line, source, i + 1, entries, moduleEntries);
        }
        return entries;
    }

    private static void readLine(String raw, String source, int lineNumber, Map<ConfigKey, List<Entry>> entries,
            Map<String, Entry> moduleEntries) throws ConfigException {
        String text = withoutComment(raw).strip();
        if (text.isEmpty()) {
            return;
        }
        int equals = text.indexOf('=');
        if (equals < 0) {
            throw new ConfigException(source, lineNumber, "expected 'key = value', got '" + text + "'");
        }
        String name = text.substring(0, equals).strip();
        if (name.isEmpty()) {
            throw new ConfigException(source, lineNumber, "missing key before '='");
        }
        if (isModuleKey(name)) {
            Entry previous = moduleEntries.put(name, new Entry(value(name, text.substring(equals + 1).strip(),
                    source, lineNumber), source, lineNumber));
            if (previous != null) {
                throw new ConfigException(source, lineNumber,
                        "duplicate key '" + name + "', already set at line " + previous.line());
            }
            return;
        }
        ConfigKey key = ConfigKey.byName(name);
        if (key == null) {
            throw new ConfigException(source, lineNumber, "unknown key '" + name + "'");
        }
        String value = value(name, text.substring(equals + 1).strip(), source, lineNumber);
        List<Entry> existing = entries.get(key);
        if (existing != null && !key.repeatable()) {
            throw new ConfigException(source, lineNumber,
                    "duplicate key '" + name + "', already set at line " + existing.get(0).line());
        }
        entries.computeIfAbsent(key, k -> new ArrayList<>()).add(new Entry(value, source, lineNumber));
    }

    private static void addOverride(String name, String rawValue, Map<ConfigKey, List<Entry>> entries)
            throws ConfigException {
        String source = "-D" + name;
        ConfigKey key = ConfigKey.byName(name);
        if (key == null) {
            throw new ConfigException(source, 0, "unknown key '" + name + "'");
        }
        String value = value(name, Objects.requireNonNullElse(rawValue, "").strip(), source, 0);
        List<Entry> replacement = new ArrayList<>();
        if (key.repeatable()) {
            for (String item : value.split(",")) {
                replacement.add(new Entry(value(name, item.strip(), source, 0), source, 0));
            }
        } else {
            replacement.add(new Entry(value, source, 0));
        }
        entries.put(key, replacement);
    }

    /** Removes a {@code #} comment, unless the {@code #} is inside double quotes. */
    private static String withoutComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Checks a value is present and removes surrounding double quotes; {@code ""} is a valid empty value. */
    private static String value(String name, String text, String source, int lineNumber) throws ConfigException {
        if (text.startsWith("\"")) {
            if (text.length() < 2 || !text.endsWith("\"")) {
                throw new ConfigException(source, lineNumber, "unterminated quoted value for '" + name + "'");
            }
            return text.substring(1, text.length() - 1);
        }
        if (text.isEmpty()) {
            throw new ConfigException(source, lineNumber, "missing value for '" + name + "'");
        }
        return text;
    }
}
