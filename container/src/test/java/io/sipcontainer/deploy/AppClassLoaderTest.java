package io.sipcontainer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppClassLoaderTest {

    @TempDir
    Path dir;

    private URLClassLoader container;
    private AppClassLoader app;

    private static String named(String className, String text) {
        int dot = className.lastIndexOf('.');
        return "package " + className.substring(0, dot) + "; public class " + className.substring(dot + 1)
                + " { public String toString() { return \"" + text + "\"; } }";
    }

    /** A "container" loader and an application loader below it, both defining some classes. */
    @BeforeEach
    void setUp() throws Exception {
        Path containerClasses = dir.resolve("container");
        TestApps.compile(Map.of(
                "org.example.Greeting", named("org.example.Greeting", "container"),
                "org.example.OnlyInContainer", named("org.example.OnlyInContainer", "container"),
                "io.sipcontainer.demo.Internal", named("io.sipcontainer.demo.Internal", "container"),
                "io.sipcontainer.demo.OnlyInContainer", named("io.sipcontainer.demo.OnlyInContainer", "container"),
                "io.sipcontainer.service.DemoService", named("io.sipcontainer.service.DemoService", "container"),
                "javax.demo.Api", named("javax.demo.Api", "container")), containerClasses);
        Files.writeString(containerClasses.resolve("config.properties"), "container");
        Files.createDirectories(containerClasses.resolve("io/sipcontainer/service"));
        Files.writeString(containerClasses.resolve("io/sipcontainer/defaults.txt"), "container");
        Files.writeString(containerClasses.resolve("io/sipcontainer/internal.txt"), "container");
        Files.writeString(containerClasses.resolve("io/sipcontainer/service/doc.txt"), "container");
        container = new URLClassLoader(new URL[] {containerClasses.toUri().toURL()}, getClass().getClassLoader());

        Path appClasses = dir.resolve("app");
        TestApps.compile(Map.of(
                "org.example.Greeting", named("org.example.Greeting", "app"),
                "org.example.OnlyInApp", named("org.example.OnlyInApp", "app"),
                "io.sipcontainer.demo.Internal", named("io.sipcontainer.demo.Internal", "app"),
                "io.sipcontainer.service.DemoService", named("io.sipcontainer.service.DemoService", "app"),
                "javax.demo.Api", named("javax.demo.Api", "app")), appClasses);
        Files.writeString(appClasses.resolve("config.properties"), "app");
        Files.createDirectories(appClasses.resolve("io/sipcontainer/service"));
        Files.writeString(appClasses.resolve("io/sipcontainer/defaults.txt"), "app");
        Files.writeString(appClasses.resolve("io/sipcontainer/service/doc.txt"), "app");
        app = new AppClassLoader("demo", new URL[] {appClasses.toUri().toURL()}, container);
    }

    @AfterEach
    void tearDown() throws Exception {
        app.close();
        container.close();
    }

    private String instanceText(String className) throws Exception {
        return app.loadClass(className).getConstructor().newInstance().toString();
    }

    @Test
    void applicationClassesWinOverTheContainersCopy() throws Exception {
        assertEquals("app", instanceText("org.example.Greeting"));
        assertSame(app, app.loadClass("org.example.Greeting").getClassLoader());
    }

    @Test
    void servicesAndApiPackagesAlwaysComeFromTheParent() throws Exception {
        assertEquals("container", instanceText("io.sipcontainer.service.DemoService"));
        assertEquals("container", instanceText("javax.demo.Api"));
        assertSame(jakarta.servlet.sip.SipServletRequest.class, app.loadClass("jakarta.servlet.sip.SipServletRequest"));
        assertSame(org.slf4j.Logger.class, app.loadClass("org.slf4j.Logger"));
        assertSame(String.class, app.loadClass("java.lang.String"));
    }

    @Test
    void theContainersOtherClassesAreNotVisible() throws Exception {
        ClassNotFoundException e = assertThrows(ClassNotFoundException.class,
                () -> app.loadClass("io.sipcontainer.demo.OnlyInContainer"));
        assertTrue(e.getMessage().contains("io.sipcontainer.demo.OnlyInContainer is internal to the container"),
                e.getMessage());
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.sipcontainer.demo.OnlyInContainer", false, app));
        // An application may bring a class of that name itself: then it is its own.
        assertEquals("app", instanceText("io.sipcontainer.demo.Internal"));
        assertSame(app, app.loadClass("io.sipcontainer.demo.Internal").getClassLoader());
    }

    @Test
    void theRealContainersInternalsAreHiddenAndItsServicesShared() throws Exception {
        try (AppClassLoader real = new AppClassLoader("real", new URL[0], getClass().getClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> real.loadClass("io.sipcontainer.session.SipSessionImpl"));
            assertThrows(ClassNotFoundException.class, () -> real.loadClass(AppClassLoader.class.getName()));
            assertSame(io.sipcontainer.service.LocationService.class,
                    real.loadClass("io.sipcontainer.service.LocationService"));
            assertSame(io.sipcontainer.service.ModuleParams.class, real.loadClass("io.sipcontainer.service.ModuleParams"));
        }
    }

    @Test
    void applicationCodeCompiledAgainstAnInternalFailsWhenItRuns() throws Exception {
        // Compiled with the container on the class path, as a careless build would: the reference
        // resolves only when the code runs, and then not to the container's class.
        Path sneaky = dir.resolve("sneaky");
        TestApps.compile(Map.of("com.example.Sneaky", """
                package com.example;
                public class Sneaky implements java.util.function.Supplier<String> {
                    public String get() { return io.sipcontainer.session.SipSessionImpl.class.getName(); }
                }
                """), sneaky, List.of(io.sipcontainer.session.SipSessionImpl.class));
        try (AppClassLoader loader = new AppClassLoader("sneaky", new URL[] {sneaky.toUri().toURL()},
                getClass().getClassLoader())) {
            @SuppressWarnings("unchecked")
            java.util.function.Supplier<String> code = (java.util.function.Supplier<String>)
                    loader.loadClass("com.example.Sneaky").getConstructor().newInstance();
            NoClassDefFoundError e = assertThrows(NoClassDefFoundError.class, code::get);
            assertTrue(e.getMessage().contains("io/sipcontainer/session/SipSessionImpl"), e.getMessage());
        }
    }

    @Test
    void classesMissingFromTheApplicationComeFromTheParent() throws Exception {
        assertEquals("container", instanceText("org.example.OnlyInContainer"));
        assertSame(container, app.loadClass("org.example.OnlyInContainer").getClassLoader());
        assertThrows(ClassNotFoundException.class, () -> app.loadClass("org.example.Nowhere"));
    }

    @Test
    void loadingTheSameClassTwiceGivesTheSameClass() throws Exception {
        assertSame(app.loadClass("org.example.OnlyInApp"), app.loadClass("org.example.OnlyInApp"));
    }

    @Test
    void resourcesAreChildFirstExceptInSharedPackages() throws Exception {
        assertEquals("app", read(app.getResource("config.properties")));
        assertEquals("container", read(app.getResource("io/sipcontainer/service/doc.txt")));
        assertEquals("app", read(app.getResource("io/sipcontainer/defaults.txt")));
        assertNull(app.getResource("io/sipcontainer/internal.txt"), "the container's own files are not visible");
        assertEquals(List.of("app"), Collections.list(app.getResources("io/sipcontainer/defaults.txt")).stream()
                .map(AppClassLoaderTest::read).toList());
        List<URL> all = Collections.list(app.getResources("config.properties"));
        assertEquals(List.of("app", "container"), all.stream().map(AppClassLoaderTest::read).toList());
        try (InputStream in = app.getResourceAsStream("config.properties")) {
            assertEquals("app", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void sharedPackagesAreRecognisedByPrefix() {
        assertTrue(AppClassLoader.isShared("jakarta.servlet.sip.SipServlet"));
        assertTrue(AppClassLoader.isShared("io.sipcontainer.service.LocationService"));
        assertFalse(AppClassLoader.isShared("io.sipcontainer.session.Anything"));
        assertTrue(AppClassLoader.isContainerInternal("io.sipcontainer.session.Anything"));
        assertFalse(AppClassLoader.isContainerInternal("io.sipcontainer.service.Contact"));
        assertFalse(AppClassLoader.isContainerInternal("org.example.Greeting"));
        assertFalse(AppClassLoader.isShared("org.example.Greeting"));
        assertFalse(AppClassLoader.isShared("javaxx.Thing"));
    }

    @Test
    void aClosedLoaderLoadsNoNewClasses() throws Exception {
        app.close();
        assertThrows(ClassNotFoundException.class, () -> app.loadClass("org.example.OnlyInApp"));
    }

    @Test
    void loaderIsNamedAfterTheApplication() {
        assertEquals("sip-app:demo", app.getName());
        assertEquals("demo", app.applicationName());
    }

    private static String read(URL url) {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
