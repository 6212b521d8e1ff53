package io.sipcontainer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.service.LocationService;
import io.sipcontainer.session.SipSessionImpl;

/** Deployment refuses an application that uses the container's internals, and only such an application. */
class ContainerReferenceCheckTest {

    private static final String SERVLET_USING_INTERNALS = """
            package com.example;
            public class Foo extends jakarta.servlet.sip.SipServlet {
                @Override
                protected void doInvite(jakarta.servlet.sip.SipServletRequest request) {
                    if (request.getSession() instanceof io.sipcontainer.session.SipSessionImpl session) {
                        session.invalidate();
                    }
                }
            }
            """;

    @TempDir
    Path dir;

    private final DescriptorLoader loader = new DescriptorLoader(getClass().getClassLoader());

    private Path work() {
        return dir.resolve("work");
    }

    private static String sipXml(String app, String servletClass) {
        return "<sip-app xmlns='http://www.jcp.org/xml/ns/sipservlet'><app-name>" + app + "</app-name>"
                + "<servlet><servlet-name>s</servlet-name><servlet-class>" + servletClass + "</servlet-class></servlet>"
                + "</sip-app>";
    }

    @Test
    void aServletUsingAnInternalClassIsRefusedWithTheClassesNamed() throws Exception {
        Path sar = TestApps.at(dir.resolve("src")).compiledAgainst(SipSessionImpl.class)
                .sipXml(sipXml("app", "com.example.Foo"))
                .source("com.example.Foo", SERVLET_USING_INTERNALS)
                .zipped(dir.resolve("app.sar"));

        DeploymentException e = assertThrows(DeploymentException.class, () -> loader.load(sar, work()));

        assertEquals("app.sar: com.example.Foo uses container internal io.sipcontainer.session.SipSessionImpl;"
                + " applications may use only jakarta.servlet.sip and io.sipcontainer.service", e.getMessage());
        try (Stream<Path> left = Files.list(work())) {
            assertEquals(0, left.count(), "the unpacked copy is removed again");
        }
    }

    @Test
    void aLibraryJarUsingAnInternalClassIsRefusedToo() throws Exception {
        Path app = TestApps.at(dir.resolve("lib.sar")).compiledAgainst(SipSessionImpl.class)
                .sipXml(sipXml("lib", "com.example.Plain"))
                .source("com.example.Plain", "package com.example; public class Plain extends jakarta.servlet.sip.SipServlet {}")
                .libSource("org.thirdparty.Helper", """
                        package org.thirdparty;
                        public class Helper {
                            public static Object session(Object s) { return (io.sipcontainer.session.SipSessionImpl) s; }
                        }
                        """)
                .exploded();

        DeploymentException e = assertThrows(DeploymentException.class, () -> loader.load(app, work()));

        assertTrue(e.getMessage().contains(
                "org.thirdparty.Helper uses container internal io.sipcontainer.session.SipSessionImpl"), e.getMessage());
    }

    @Test
    void servicesAndIoSipcontainerClassesTheArchiveBringsAreAllowed() throws Exception {
        Path app = TestApps.at(dir.resolve("good.sar")).compiledAgainst(LocationService.class)
                .sipXml(sipXml("good", "io.sipcontainer.apps.demo.DemoServlet"))
                .source("io.sipcontainer.apps.demo.DemoServlet", """
                        package io.sipcontainer.apps.demo;
                        public class DemoServlet extends jakarta.servlet.sip.SipServlet {
                            io.sipcontainer.service.LocationService location;
                            Settings settings = new Settings();
                        }
                        """)
                .source("io.sipcontainer.apps.demo.Settings", "package io.sipcontainer.apps.demo; class Settings {}")
                .exploded();

        LoadedApplication loaded = loader.load(app, work());
        try {
            Class<?> servlet = loaded.classLoader().loadClass("io.sipcontainer.apps.demo.DemoServlet");
            assertEquals(LocationService.class, servlet.getDeclaredField("location").getType());
            assertEquals(loaded.classLoader(), servlet.getDeclaredField("settings").getType().getClassLoader());
        } finally {
            loaded.close();
        }
    }
}
