package io.sipcontainer.router;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Finds the Default Application Router configuration file named by a property. The specification
 * names it with the system property {@code javax.servlet.sip.ar.dar.configuration}, whose value is
 * a URI ({@code file:///etc/sip/dar.properties}); this container also accepts the
 * {@code jakarta.} spelling and a plain file path. Only local files are supported, because the
 * router re-reads the file on every deployment change.
 */
final class DarLocation {

    private DarLocation() {
    }

    /**
     * The file named by the first of the configuration properties that is set, or {@code null}.
     *
     * @param lookup reads a property (system properties, or the router's init properties)
     */
    static Path fromProperties(UnaryOperator<String> lookup) {
        for (String name : new String[] {DefaultApplicationRouter.CONFIGURATION_PROPERTY,
                DefaultApplicationRouter.LEGACY_CONFIGURATION_PROPERTY}) {
            String value = lookup.apply(name);
            if (value != null && !value.isBlank()) {
                return toPath(value.strip(), name);
            }
        }
        return null;
    }

    static Path toPath(String value, String propertyName) {
        int colon = value.indexOf(':');
        // a one-letter "scheme" is a Windows drive (C:\dar.properties), not a URI
        if (colon <= 1) {
            return Path.of(value);
        }
        String scheme = value.substring(0, colon);
        if (!scheme.equalsIgnoreCase("file")) {
            throw new IllegalArgumentException(propertyName + " = " + value
                    + ": only file: URIs or file paths are supported for the DAR configuration");
        }
        URI uri = URI.create(value);
        // file:conf/dar.properties is an opaque URI: treat its remainder as a relative path
        return uri.isOpaque() ? Path.of(uri.getSchemeSpecificPart()) : Path.of(uri);
    }
}
