package io.sipcontainer.dispatcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.sipcontainer.service.ConfigException;

/**
 * Reads Kamailio's dispatcher list file: one destination per line, {@code setid uri [flags
 * [priority [attrs]]]}, fields separated by blanks, '#' starting a comment, blank lines ignored.
 * Where Kamailio logs a bad line and skips it (or, with {@code ds_load_mode=1}, refuses the whole
 * file), this refuses the whole file with {@code file:line: reason}, so that a typo does not
 * silently take a gateway out of service.
 */
final class ListFile {
    private ListFile() {
    }

    static List<ListEntry> read(Path file) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, "cannot read the dispatcher list: " + e.getMessage(), e);
        }
        return parse(file.toString(), lines);
    }

    static List<ListEntry> parse(String source, List<String> lines) throws ConfigException {
        List<ListEntry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (text.isEmpty()) {
                continue;
            }
            entries.add(entry(text.split("\\s+"), source, i + 1));
        }
        return entries;
    }

    /** One destination from its fields, as a line, a table row or {@code dispatcher.add} gives them. */
    static ListEntry entry(String[] f, String source, int line) throws ConfigException {
        if (f.length < 2) {
            throw new ConfigException(source, line, "expected 'setid uri [flags [priority [attrs]]]'");
        }
        if (f.length > 5) {
            throw new ConfigException(source, line, "unexpected text after the attributes: '" + f[5] + "'");
        }
        int setId = number(f[0], "set id", source, line);
        String uri = uri(f[1], source, line);
        int flags = f.length > 2 ? number(f[2], "flags", source, line) : 0;
        int priority = f.length > 3 ? number(f[3], "priority", source, line) : 0;
        Attrs attrs = f.length > 4 ? Attrs.parse(f[4]) : Attrs.NONE;
        return new ListEntry(setId, uri, flags, priority, attrs, line > 0 ? source + ":" + line : source);
    }

    private static int number(String s, String what, String source, int line) throws ConfigException {
        try {
            int n = Integer.parseInt(s);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(source, line, what + " must be a non-negative integer, got '" + s + "'");
        }
    }

    /**
     * The URI as Kamailio stores it: a SIP or SIPS URI with a host; one written without scheme gets
     * "sip:" in front, as Kamailio does.
     */
    static String uri(String s, String source, int line) throws ConfigException {
        String uri = s;
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        if (!lower.startsWith("sip:") && !lower.startsWith("sips:")) {
            uri = "sip:" + s;
        }
        HostPort hp = HostPort.of(uri);
        if (hp == null) {
            throw new ConfigException(source, line, "bad SIP URI '" + s + "'");
        }
        return uri;
    }
}
