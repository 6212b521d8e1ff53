package io.sipcontainer.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class StaticResourcesTest {
    private final StaticResources files = new StaticResources(ConsoleComponent.class.getClassLoader(), "console");

    @Test
    void servesTheConsolesFilesWithTheirTypes() {
        StaticResources.Resource index = files.find("index.html").orElseThrow();
        assertEquals("text/html; charset=utf-8", index.contentType());
        assertTrue(new String(index.bytes(), StandardCharsets.UTF_8).contains("<script type=\"module\" src=\"js/app.js\">"));
        assertEquals("text/javascript; charset=utf-8", files.find("js/pages/dashboard.js").orElseThrow().contentType());
        assertEquals("text/css; charset=utf-8", files.find("css/console.css").orElseThrow().contentType());
        assertEquals("image/svg+xml", files.find("favicon.svg").orElseThrow().contentType());
    }

    @Test
    void nothingOutsideTheConsoleOrOfAnUnknownKindIsServed() {
        for (String path : new String[] {"../logback.xml", "js/../../META-INF/MANIFEST.MF", "/etc/passwd",
                "META-INF/services/io.sipcontainer.server.ServerComponent", "js/missing.js", "index.HTML",
                "io/sipcontainer/console/ConsoleHandler.class", "", ".hidden.js"}) {
            assertTrue(files.find(path).isEmpty(), path);
        }
        assertTrue(files.find(null).isEmpty());
    }
}
