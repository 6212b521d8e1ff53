package io.sipcontainer.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.sip.ar.SipApplicationRouter;

import io.sipcontainer.router.DarEntry;
import io.sipcontainer.router.DarFile;
import io.sipcontainer.router.DarParseException;
import io.sipcontainer.router.DarParser;
import io.sipcontainer.router.DefaultApplicationRouter;
import io.sipcontainer.server.SipServer;

/**
 * Reads and replaces the Default Application Router's table ({@code dar.properties}). New text is
 * parsed with the router's own {@link DarParser} first, so a mistake is reported with its line and
 * never reaches the file; valid text is written atomically (temporary file, then rename) and the
 * router re-reads it at once, as it does on every deployment change. With another application
 * router installed the file is still edited, but nothing reloads it and the answer says so.
 */
final class DarEditor {
    private final SipServer server;

    DarEditor(SipServer server) {
        this.server = server;
    }

    /** The file the default router reads, else the configured {@code dar_file}. */
    Path file() {
        if (server.applicationRouter() instanceof DefaultApplicationRouter router) {
            try {
                Path source = Path.of(router.table().sourceName());
                if (Files.isRegularFile(source)) {
                    return source.toAbsolutePath().normalize();
                }
            } catch (InvalidPathException notAFile) {
                // a table without a file: fall back to the setting
            }
        }
        return server.config().darFile();
    }

    /** The file's text and the table the router uses now. */
    Map<String, Object> get() throws IOException {
        Path file = file();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("text", Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "");
        m.put("router", routerName());
        m.put("defaultRouter", server.applicationRouter() instanceof DefaultApplicationRouter);
        if (server.applicationRouter() instanceof DefaultApplicationRouter router) {
            m.put("methods", summary(router.table()));
        }
        return m;
    }

    /** Whether the text would be accepted: {@code valid}, and the table or the line and reason. */
    Map<String, Object> check(String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            DarFile table = DarParser.parse(text, file().getFileName().toString());
            m.put("valid", true);
            m.put("methods", summary(table));
        } catch (DarParseException e) {
            m.put("valid", false);
            m.put("line", e.lineNumber());
            m.put("reason", e.reason());
            m.put("error", e.getMessage());
        }
        return m;
    }

    /**
     * Writes valid text and has the router re-read it.
     *
     * @throws ApiException 400 with the line and reason when the text is invalid
     */
    synchronized Map<String, Object> save(String text) throws ApiException, IOException {
        Path file = file();
        try {
            DarParser.parse(text, file.getFileName().toString());
        } catch (DarParseException e) {
            throw new ApiException(400, e.getMessage());
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        Map<String, Object> m = reload();
        m.put("file", file.toString());
        return m;
    }

    /**
     * Has the default router re-read its file now: {@code reloaded} and the table in use.
     *
     * @throws ApiException 400 when the file on disk is invalid (the router keeps its previous table)
     */
    synchronized Map<String, Object> reload() throws ApiException, IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        SipApplicationRouter router = server.applicationRouter();
        if (router instanceof DefaultApplicationRouter defaultRouter) {
            try {
                m.put("reloaded", true);
                m.put("methods", summary(defaultRouter.reload()));
            } catch (DarParseException e) {
                throw new ApiException(400, e.getMessage() + " (the router keeps its previous table)");
            }
        } else {
            m.put("reloaded", false);
            m.put("note", "the application router in use (" + routerName() + ") does not read dar.properties");
        }
        return m;
    }

    private String routerName() {
        SipApplicationRouter router = server.applicationRouter();
        return router == null ? "none" : router.getClass().getName();
    }

    /** Method to tuples, in the file's terms. */
    static Map<String, Object> summary(DarFile table) {
        Map<String, Object> methods = new LinkedHashMap<>();
        for (String method : table.methods()) {
            List<Object> tuples = new ArrayList<>();
            for (DarEntry e : table.entriesFor(method)) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("application", e.applicationName());
                t.put("subscriber", e.subscriberIdentity());
                t.put("region", e.regionType().name());
                t.put("route", e.route());
                t.put("modifier", e.routeModifier().name());
                t.put("line", e.lineNumber());
                tuples.add(t);
            }
            methods.put(method, tuples);
        }
        return methods;
    }
}
