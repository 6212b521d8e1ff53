package io.sipcontainer.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DarLocationTest {

    @Test
    void absoluteFileUriBecomesAPath() {
        Path file = Path.of("/etc/sip/dar.properties").toAbsolutePath();
        assertEquals(file, DarLocation.toPath(file.toUri().toString(), "p"));
    }

    @Test
    void relativeFileUriAndPlainPathAreAccepted() {
        assertEquals(Path.of("conf/dar.properties"), DarLocation.toPath("file:conf/dar.properties", "p"));
        assertEquals(Path.of("conf/dar.properties"), DarLocation.toPath("conf/dar.properties", "p"));
    }

    @Test
    void remoteUrisAreRejectedWithThePropertyName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DarLocation.toPath("http://example.com/dar.properties", "javax.servlet.sip.ar.dar.configuration"));
        assertEquals(true, e.getMessage().startsWith("javax.servlet.sip.ar.dar.configuration = http://"));
    }

    @Test
    void jakartaPropertyIsPreferredAndBlankValuesIgnored() {
        Map<String, String> both = Map.of(DefaultApplicationRouter.CONFIGURATION_PROPERTY, "a.properties",
                DefaultApplicationRouter.LEGACY_CONFIGURATION_PROPERTY, "b.properties");
        assertEquals(Path.of("a.properties"), DarLocation.fromProperties(both::get));
        Map<String, String> blank = Map.of(DefaultApplicationRouter.CONFIGURATION_PROPERTY, " ");
        assertNull(DarLocation.fromProperties(blank::get));
    }
}
