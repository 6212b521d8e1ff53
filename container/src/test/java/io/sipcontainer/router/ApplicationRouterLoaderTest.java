package io.sipcontainer.router;

import static io.sipcontainer.router.FakeRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.sip.ar.SipApplicationRouter;
import jakarta.servlet.sip.ar.SipApplicationRoutingDirective;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplicationRouterLoaderTest {

    private static final String SERVICE_FILE =
            "META-INF/services/jakarta.servlet.sip.ar.spi.SipApplicationRouterProvider";

    private final ClassLoader testLoader = getClass().getClassLoader();

    private static Path darFile(Path dir, String name, String app) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "OPTIONS: (\"" + app + "\", \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\")\n");
        return file;
    }

    private static String routeOptions(SipApplicationRouter router, String deployedApp) {
        router.init();
        router.applicationDeployed(List.of(deployedApp));
        var info = router.getNextApplication(request("OPTIONS"), null,
                SipApplicationRoutingDirective.NEW, null, null);
        return info == null ? null : info.getNextApplicationName();
    }

    @Test
    void withoutOtherProvidersTheDefaultRouterReadsTheContainersFile(@TempDir Path dir) throws IOException {
        Path file = darFile(dir, "dar.properties", "options");
        SipApplicationRouter router = new ApplicationRouterLoader(testLoader, name -> null).load(file);
        assertInstanceOf(DefaultApplicationRouter.class, router);
        assertEquals("options", routeOptions(router, "options"));
    }

    @Test
    void configurationSystemPropertyOverridesTheContainersFile(@TempDir Path dir) throws IOException {
        Path containerFile = darFile(dir, "container.properties", "fromContainer");
        Path propertyFile = darFile(dir, "property.properties", "fromProperty");
        Map<String, String> props = Map.of(DefaultApplicationRouter.LEGACY_CONFIGURATION_PROPERTY,
                propertyFile.toUri().toString());
        SipApplicationRouter router = new ApplicationRouterLoader(testLoader, props::get).load(containerFile);
        assertEquals("fromProperty", routeOptions(router, "fromProperty"));
    }

    @Test
    void withNoConfigurationAtAllTheDefaultRouterRoutesNothing() {
        SipApplicationRouter router = new ApplicationRouterLoader(testLoader, name -> null).load(null);
        assertInstanceOf(DefaultApplicationRouter.class, router);
        assertNull(routeOptions(router, "options"));
    }

    @Test
    void providerNamedBySystemPropertyWins() {
        for (String property : new String[] {ApplicationRouterLoader.PROVIDER_PROPERTY,
                ApplicationRouterLoader.LEGACY_PROVIDER_PROPERTY}) {
            Map<String, String> props = Map.of(property, TestRouterProvider.class.getName());
            assertSame(TestRouterProvider.ROUTER,
                    new ApplicationRouterLoader(testLoader, props::get).load(null), property);
        }
    }

    @Test
    void propertyNamingTheDefaultProviderStillGetsTheContainersFile(@TempDir Path dir) throws IOException {
        Path file = darFile(dir, "dar.properties", "options");
        Map<String, String> props = Map.of(ApplicationRouterLoader.PROVIDER_PROPERTY,
                DefaultApplicationRouterProvider.class.getName());
        assertEquals("options", routeOptions(new ApplicationRouterLoader(testLoader, props::get).load(file), "options"));
    }

    @Test
    void badlyNamedProviderFailsWithTheClassAndProperty() {
        Map<String, String> missing = Map.of(ApplicationRouterLoader.PROVIDER_PROPERTY, "com.example.NoSuchProvider");
        IllegalStateException notFound = assertThrows(IllegalStateException.class,
                () -> new ApplicationRouterLoader(testLoader, missing::get).load(null));
        assertTrue(notFound.getMessage().contains("com.example.NoSuchProvider"), notFound.getMessage());
        assertTrue(notFound.getMessage().contains(ApplicationRouterLoader.PROVIDER_PROPERTY), notFound.getMessage());

        Map<String, String> wrongType = Map.of(ApplicationRouterLoader.PROVIDER_PROPERTY, String.class.getName());
        IllegalStateException notProvider = assertThrows(IllegalStateException.class,
                () -> new ApplicationRouterLoader(testLoader, wrongType::get).load(null));
        assertTrue(notProvider.getMessage().contains("does not extend"), notProvider.getMessage());
    }

    @Test
    void installedProviderIsPreferredToTheDefaultOne(@TempDir Path dir) throws IOException {
        Path services = dir.resolve(SERVICE_FILE);
        Files.createDirectories(services.getParent());
        Files.writeString(services, TestRouterProvider.class.getName() + "\n");
        try (URLClassLoader withProvider = new URLClassLoader(new URL[] {dir.toUri().toURL()}, testLoader)) {
            ApplicationRouterLoader loader = new ApplicationRouterLoader(withProvider, name -> null);
            assertInstanceOf(TestRouterProvider.class, loader.findProvider(null));
            assertSame(TestRouterProvider.ROUTER, loader.load(null));
        }
    }

    @Test
    void builtInProviderIsRegisteredAsAService() throws IOException {
        URL registration = testLoader.getResource(SERVICE_FILE);
        assertTrue(registration != null, "service registration present");
        try (var in = registration.openStream()) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(text.contains(DefaultApplicationRouterProvider.class.getName()), text);
        }
    }
}
