package io.sipcontainer.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The console's pages, scripts and styles, read from the class path under {@code console/} (they
 * ship inside the server's jar; nothing comes from a CDN). A path is served only if it is made of
 * plain name characters, has no {@code ..} and has a known extension, so a request cannot reach
 * other resources of the class path. Files are kept in memory after their first use: they are few
 * and small.
 */
final class StaticResources {
    private static final Pattern SAFE_PATH = Pattern.compile("[a-z0-9_-]+(/[a-z0-9_-]+)*\\.[a-z]+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    /** A file's bytes with its content type. */
    record Resource(String contentType, byte[] bytes) {
    }

    private final ClassLoader loader;
    private final String root;
    private final Map<String, Resource> cache = new ConcurrentHashMap<>();

    StaticResources(ClassLoader loader, String root) {
        this.loader = loader;
        this.root = root.endsWith("/") ? root : root + "/";
    }

    /** The file at a path relative to the console's root ({@code css/console.css}), if it exists. */
    Optional<Resource> find(String path) {
        if (path == null || path.contains("..") || !SAFE_PATH.matcher(path).matches()) {
            return Optional.empty();
        }
        String type = TYPES.get(path.substring(path.lastIndexOf('.') + 1));
        if (type == null) {
            return Optional.empty();
        }
        Resource cached = cache.get(path);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = loader.getResourceAsStream(root + path)) {
            if (in == null) {
                return Optional.empty(); // misses are not cached: the map stays bounded by the files
            }
            Resource r = new Resource(type, in.readAllBytes());
            cache.put(path, r);
            return Optional.of(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + path, e);
        }
    }
}
