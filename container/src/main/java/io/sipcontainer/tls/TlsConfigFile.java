package io.sipcontainer.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sipcontainer.service.ConfigException;

/**
 * Reads a TLS domains file in Kamailio's {@code tls.cfg} format ({@code tls.config}): sections
 * {@code [server:default]}, {@code [client:default]}, {@code [server:any]} and
 * {@code [server:IP:PORT]} ({@code [server:[::1]:5061]} for IPv6), each with {@code key = value}
 * lines: {@code method}, {@code verify_certificate}, {@code require_certificate}, {@code certificate},
 * {@code private_key}, {@code ca_list}, {@code server_name}, {@code server_name_mode} and, for
 * PKCS#12 certificates, {@code pkcs12_password}. A section starts from the {@code tls.*} settings
 * (as Kamailio's domains start from the module parameters); relative paths are relative to the
 * file's folder. Any error stops with the file, line and reason.
 */
final class TlsConfigFile {
    private static final Pattern SECTION = Pattern.compile("\\[\\s*(server|client)\\s*:\\s*(.+?)\\s*]");
    private static final Pattern ADDRESS = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^:\\s\\[\\]]+):(\\d{1,5})");

    private TlsConfigFile() {
    }

    /** The profiles of {@code file}, each started from {@code defaults}. */
    static List<ProfileDraft> read(Path file, ProfileDraft defaults) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, "cannot read the TLS domains file: " + e.getMessage(), e);
        }
        String source = file.toString();
        Path folder = file.toAbsolutePath().getParent();
        List<ProfileDraft> drafts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        ProfileDraft current = null;
        Set<String> keysOfCurrent = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = stripComment(lines.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                if (current != null) {
                    finish(current, seen, source);
                }
                current = section(line, defaults, source, number);
                keysOfCurrent.clear();
                drafts.add(current);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(source, number, "expected key = value or a [server:...] / [client:...]"
                        + " section, got '" + line + "'");
            }
            if (current == null) {
                throw new ConfigException(source, number, "a setting before the first section; start with"
                        + " [server:default]");
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = unquote(line.substring(eq + 1).strip());
            if (!keysOfCurrent.add(key)) {
                throw new ConfigException(source, number, "'" + key + "' is set twice in [" + sectionName(current) + "]");
            }
            try {
                apply(current, key, value, folder, new ProfileDraft.Origin(source, number));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source, number, e.getMessage());
            }
        }
        if (current != null) {
            finish(current, seen, source);
        }
        return drafts;
    }

    private static ProfileDraft section(String line, ProfileDraft defaults, String source, int number)
            throws ConfigException {
        Matcher m = SECTION.matcher(line);
        if (!m.matches()) {
            throw new ConfigException(source, number, "bad section '" + line + "', expected [server:default],"
                    + " [client:default], [server:any] or [server:IP:PORT]");
        }
        ProfileDraft d = defaults.copy();
        d.server = m.group(1).equals("server");
        d.serverName = null;
        d.serverNameMode = 0;
        d.section = new ProfileDraft.Origin(source, number);
        String where = m.group(2);
        if (where.equalsIgnoreCase("default") || where.equalsIgnoreCase("any")) {
            d.address = null;
        } else {
            Matcher a = ADDRESS.matcher(where);
            int port = a.matches() ? Integer.parseInt(a.group(2)) : -1;
            if (port < 1 || port > 65535) {
                throw new ConfigException(source, number, "bad address '" + where + "' in the section, expected"
                        + " IP:PORT (IPv6 in brackets), default or any");
            }
            String host = a.group(1).startsWith("[") ? a.group(1).substring(1, a.group(1).length() - 1) : a.group(1);
            d.address = TlsProfiles.key(host, port);
        }
        return d;
    }

    private static void finish(ProfileDraft d, Set<String> seen, String source) throws ConfigException {
        String id = sectionName(d) + (d.serverName == null || !d.server ? "" : " server_name " + d.serverName);
        if (!seen.add(id)) {
            throw new ConfigException(source, d.section.line(), "[" + id + "] is defined twice");
        }
    }

    private static String sectionName(ProfileDraft d) {
        return (d.server ? "server:" : "client:") + (d.address == null ? "default" : d.address);
    }

    private static void apply(ProfileDraft d, String key, String value, Path folder, ProfileDraft.Origin origin) {
        switch (key) {
            case "method", "tls_method" -> d.method = TlsMethod.parse(value);
            case "verify_certificate" -> d.verify = bool(key, value);
            case "require_certificate" -> d.require = bool(key, value);
            case "certificate" -> {
                d.certificate = path(folder, value);
                d.certificateOrigin = origin;
            }
            case "private_key" -> {
                d.privateKey = path(folder, value);
                d.privateKeyOrigin = origin;
            }
            case "ca_list" -> {
                d.caList = path(folder, value);
                d.caListOrigin = origin;
            }
            case "pkcs12_password" -> d.pkcs12Password = value;
            case "server_name" -> d.serverName = value.isEmpty() ? null : value;
            case "server_name_mode" -> {
                if (!value.matches("[012]")) {
                    throw new IllegalArgumentException("server_name_mode must be 0, 1 or 2, got '" + value + "'");
                }
                d.serverNameMode = Integer.parseInt(value);
            }
            case "cipher_list", "crl", "verify_depth", "server_id", "verify_client" ->
                    throw new IllegalArgumentException("'" + key + "' is not supported here (the JDK's defaults"
                            + " apply); remove the line");
            default -> throw new IllegalArgumentException("unknown key '" + key + "', expected method,"
                    + " verify_certificate, require_certificate, certificate, private_key, ca_list, server_name,"
                    + " server_name_mode or pkcs12_password");
        }
    }

    static boolean bool(String key, String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "yes", "on", "true", "1":
                return true;
            case "no", "off", "false", "0":
                return false;
            default:
                throw new IllegalArgumentException(key + ": expected yes or no, got '" + value + "'");
        }
    }

    private static Path path(Path folder, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        return folder.resolve(value).normalize();
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
