package io.sipcontainer.deploy;

import static io.sipcontainer.deploy.AppSources.listener;
import static io.sipcontainer.deploy.AppSources.packageInfo;
import static io.sipcontainer.deploy.AppSources.plainClass;
import static io.sipcontainer.deploy.AppSources.pojo;
import static io.sipcontainer.deploy.AppSources.servlet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.sip.annotation.Invite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescriptorLoaderTest {

    private static final String SIP_APP = "<sip-app xmlns='http://www.jcp.org/xml/ns/sipservlet'>";
    private static final String ECHO_APPLICATION = "@jakarta.servlet.sip.annotation.SipApplication("
            + "name = \"echo-app\", displayName = \"Echo\", sessionTimeout = 7, distributable = true)";

    @TempDir
    Path dir;

    private final DescriptorLoader loader = new DescriptorLoader(getClass().getClassLoader());

    private Path work() {
        return dir.resolve("work");
    }

    private DeploymentException failure(Path app) {
        return assertThrows(DeploymentException.class, () -> loader.load(app, work()));
    }

    private static String servletXml(String name, String className) {
        return "<servlet><servlet-name>" + name + "</servlet-name><servlet-class>" + className
                + "</servlet-class></servlet>";
    }

    @Test
    void annotatedSarIsUnpackedDescribedAndReleased() throws Exception {
        Path sar = TestApps.at(dir.resolve("src"))
                .source("com.example.package-info", packageInfo("com.example", ECHO_APPLICATION))
                .source("com.example.EchoServlet", servlet("com.example.EchoServlet", "@SipServlet(loadOnStartup = 2)"))
                .source("com.example.Events", listener("com.example.Events"))
                .source("com.example.Keys", plainClass("com.example.Keys",
                        "@SipApplicationKey public static String key(SipServletRequest r) { return \"k\"; }"))
                .source("com.example.Helper", "package com.example; public class Helper {}")
                .zipped(dir.resolve("echo.sar"));

        LoadedApplication app = loader.load(sar, work());
        SipAppDescriptor descriptor = app.descriptor();

        assertEquals("echo-app", descriptor.applicationName());
        assertEquals("Echo", descriptor.displayName());
        assertEquals(7, descriptor.sessionTimeoutMinutes());
        assertTrue(descriptor.distributable());
        assertEquals("EchoServlet", descriptor.mainServlet(), "a single servlet is the main servlet");
        assertTrue(descriptor.hasMainServlet());
        assertTrue(descriptor.mappings().isEmpty());
        ServletDescriptor echo = descriptor.servlet("EchoServlet").orElseThrow();
        assertEquals(2, echo.loadOnStartup());
        assertFalse(echo.isPojo());
        assertSame(app.classLoader(), echo.servletClass().getClassLoader());
        assertEquals(List.of("com.example.Events"), descriptor.listenerClasses());
        assertEquals("key", descriptor.applicationKeyMethod().getName());
        assertTrue(app.root().startsWith(work().toAbsolutePath().normalize()));

        // The dropped file is not needed by the running application: it can be replaced.
        Files.delete(sar);
        assertEquals("com.example.Helper", app.classLoader().loadClass("com.example.Helper").getName());

        app.close();
        assertFalse(Files.exists(app.root()), "the unpacked copy is removed on close");
    }

    @Test
    void pojoServletCarriesItsHandlerMethods() throws Exception {
        Path app = TestApps.at(dir.resolve("calls.sar"))
                .source("com.example.Calls", pojo("com.example.Calls", "@SipServlet(name = \"calls\")",
                        "@Invite public void invite(SipServletRequest r) {}\n"
                                + "@Invite @SuccessResponse public void answered(SipServletResponse r) {}"))
                .exploded();
        try (LoadedApplication loaded = loader.load(app, work())) {
            ServletDescriptor calls = loaded.descriptor().servlet("calls").orElseThrow();
            assertTrue(calls.isPojo());
            assertEquals(2, calls.pojoMethods().get(Invite.class).size());
            assertEquals("calls", loaded.descriptor().applicationName());
            assertEquals("calls", loaded.descriptor().mainServlet());
        }
        assertTrue(Files.exists(app), "closing never deletes an exploded directory");
    }

    @Test
    void applicationNameFallsBackToTheArchiveName() throws Exception {
        Path app = TestApps.at(dir.resolve("plain.sar"))
                .source("com.example.Echo", servlet("com.example.Echo", "@SipServlet"))
                .exploded();
        try (LoadedApplication loaded = loader.load(app, work())) {
            SipAppDescriptor descriptor = loaded.descriptor();
            assertEquals("plain", descriptor.applicationName());
            assertEquals("plain", descriptor.displayName());
            assertEquals(SipAppDescriptor.DEFAULT_SESSION_TIMEOUT_MINUTES, descriptor.sessionTimeoutMinutes());
            assertFalse(descriptor.distributable());
            assertNull(descriptor.applicationKeyMethod());
        }
    }

    @Test
    void sipXmlWinsOverAnnotations() throws Exception {
        Path app = TestApps.at(dir.resolve("merge.sar"))
                .sipXml(SIP_APP + "<app-name>from-xml</app-name>"
                        + "<servlet><servlet-name>echo</servlet-name><servlet-class>com.example.XmlEcho</servlet-class>"
                        + "<init-param><param-name>mode</param-name><param-value>xml</param-value></init-param>"
                        + "</servlet><session-config><session-timeout>0</session-timeout></session-config></sip-app>")
                .source("com.example.package-info", packageInfo("com.example", ECHO_APPLICATION))
                .source("com.example.XmlEcho", servlet("com.example.XmlEcho", ""))
                .source("com.example.AnnotatedEcho", servlet("com.example.AnnotatedEcho", "@SipServlet(name = \"echo\")"))
                .exploded();
        try (LoadedApplication loaded = loader.load(app, work())) {
            SipAppDescriptor descriptor = loaded.descriptor();
            assertEquals("from-xml", descriptor.applicationName());
            assertEquals("Echo", descriptor.displayName(), "annotation fills what sip.xml leaves out");
            assertEquals(0, descriptor.sessionTimeoutMinutes());
            assertEquals(1, descriptor.servlets().size());
            ServletDescriptor echo = descriptor.servlets().get(0);
            assertEquals("com.example.XmlEcho", echo.className());
            assertEquals(Map.of("mode", "xml"), echo.initParams());
        }
    }

    @Test
    void mappingRulesSelectAmongSeveralServlets() throws Exception {
        Path app = TestApps.at(dir.resolve("rules.sar"))
                .sipXml(SIP_APP + servletXml("registrar", "com.example.Registrar")
                        + "<servlet-selection><servlet-mapping><servlet-name>registrar</servlet-name><pattern>"
                        + "<equal><var>request.method</var><value>REGISTER</value></equal></pattern></servlet-mapping>"
                        + "<servlet-mapping><servlet-name>proxy</servlet-name><pattern>"
                        + "<exists><var>request.method</var></exists></pattern></servlet-mapping>"
                        + "</servlet-selection></sip-app>")
                .source("com.example.Registrar", servlet("com.example.Registrar", ""))
                .source("com.example.Proxy", servlet("com.example.Proxy", "@SipServlet(name = \"proxy\")"))
                .exploded();
        try (LoadedApplication loaded = loader.load(app, work())) {
            SipAppDescriptor descriptor = loaded.descriptor();
            assertFalse(descriptor.hasMainServlet());
            assertEquals(List.of("registrar", "proxy"),
                    descriptor.mappings().stream().map(ServletMapping::servletName).toList());
            assertEquals(List.of("registrar", "proxy"),
                    descriptor.servlets().stream().map(ServletDescriptor::name).toList());
        }
    }

    @Test
    void metadataCompleteSkipsAnnotations() throws Exception {
        Path app = TestApps.at(dir.resolve("complete.sar"))
                .sipXml("<sip-app metadata-complete='true'>" + servletXml("only", "com.example.Only") + "</sip-app>")
                .source("com.example.Only", servlet("com.example.Only", ""))
                .source("com.example.Ignored", servlet("com.example.Ignored", "@SipServlet"))
                .source("com.example.Events", listener("com.example.Events"))
                .exploded();
        try (LoadedApplication loaded = loader.load(app, work())) {
            assertEquals(List.of("only"), loaded.descriptor().servlets().stream().map(ServletDescriptor::name).toList());
            assertTrue(loaded.descriptor().listenerClasses().isEmpty());
        }
    }

    @Test
    void missingServletClassIsRejected() throws Exception {
        DeploymentException e = failure(TestApps.at(dir.resolve("missing.sar"))
                .sipXml(SIP_APP + servletXml("ghost", "com.example.Ghost") + "</sip-app>").exploded());
        assertEquals("missing.sar", e.archiveName());
        assertTrue(e.reason().contains("servlet 'ghost': class com.example.Ghost is not in WEB-INF/classes"), e.reason());
    }

    @Test
    void classThatIsNeitherSipServletNorPojoIsRejected() throws Exception {
        DeploymentException e = failure(TestApps.at(dir.resolve("x.sar"))
                .sipXml(SIP_APP + servletXml("plain", "com.example.Plain") + "</sip-app>")
                .source("com.example.Plain", plainClass("com.example.Plain", ""))
                .exploded());
        assertTrue(e.reason().contains("servlet 'plain' (com.example.Plain) neither extends"), e.reason());
    }

    @Test
    void annotatedMainServletTogetherWithXmlMappingsIsRejected() throws Exception {
        DeploymentException e = failure(TestApps.at(dir.resolve("x.sar"))
                .sipXml(SIP_APP + servletXml("a", "com.example.A") + "<servlet-mapping><servlet-name>a</servlet-name>"
                        + "<pattern><exists><var>request.method</var></exists></pattern></servlet-mapping></sip-app>")
                .source("com.example.package-info", packageInfo("com.example",
                        "@jakarta.servlet.sip.annotation.SipApplication(name = \"x\", mainServlet = \"a\")"))
                .source("com.example.A", servlet("com.example.A", ""))
                .exploded());
        assertTrue(e.reason().contains("both a main servlet"), e.reason());
    }

    @Test
    void unknownMainServletIsRejected() throws Exception {
        DeploymentException e = failure(TestApps.at(dir.resolve("x.sar"))
                .sipXml(SIP_APP + "<servlet-selection><main-servlet>ghost</main-servlet></servlet-selection>"
                        + servletXml("a", "com.example.A") + "</sip-app>")
                .source("com.example.A", servlet("com.example.A", ""))
                .exploded());
        assertTrue(e.reason().contains("main servlet 'ghost' is not a servlet of the application; servlets: [a]"),
                e.reason());
    }

    @Test
    void mappingToUnknownServletIsRejected() throws Exception {
        DeploymentException e = failure(TestApps.at(dir.resolve("x.sar"))
                .sipXml(SIP_APP + servletXml("a", "com.example.A") + "<servlet-mapping><servlet-name>b</servlet-name>"
                        + "<pattern><exists><var>request.method</var></exists></pattern></servlet-mapping></sip-app>")
                .source("com.example.A", servlet("com.example.A", ""))
                .exploded());
        assertTrue(e.reason().contains("servlet-mapping names unknown servlet 'b'"), e.reason());
    }

    @Test
    void severalServletsWithoutSelectionAreRejected() throws Exception {
        DeploymentException e = failure(TestApps.at(dir.resolve("x.sar"))
                .source("com.example.A", servlet("com.example.A", "@SipServlet"))
                .source("com.example.B", servlet("com.example.B", "@SipServlet"))
                .exploded());
        assertTrue(e.reason().contains("2 servlets [A, B] and no main servlet"), e.reason());
    }

    @Test
    void applicationWithoutServletIsRejected() throws Exception {
        DeploymentException e = failure(TestApps.at(dir.resolve("empty.sar"))
                .source("com.example.Helper", "package com.example; public class Helper {}").exploded());
        assertTrue(e.reason().contains("defines no servlet"), e.reason());
    }

    @Test
    void servletOfAnotherApplicationIsRejected() throws Exception {
        DeploymentException e = failure(TestApps.at(dir.resolve("mine.sar"))
                .source("com.example.A", servlet("com.example.A", "@SipServlet(applicationName = \"theirs\")"))
                .exploded());
        assertTrue(e.reason().contains("com.example.A declares applicationName 'theirs' but this archive's"
                + " application is 'mine'"), e.reason());
    }

    @Test
    void listenerImplementingNoListenerInterfaceIsRejected() throws Exception {
        DeploymentException e = failure(TestApps.at(dir.resolve("x.sar"))
                .sipXml(SIP_APP + servletXml("a", "com.example.A")
                        + "<listener><listener-class>com.example.A</listener-class></listener></sip-app>")
                .source("com.example.A", servlet("com.example.A", ""))
                .exploded());
        assertTrue(e.reason().contains("listener com.example.A implements no listener interface"), e.reason());
    }

    @Test
    void sipXmlErrorsCarryTheLine() throws Exception {
        DeploymentException e = failure(TestApps.at(dir.resolve("x.sar"))
                .sipXml("<sip-app>\n<servlet>\n<servlet-name>a</servlet-name>\n</servlet>\n</sip-app>").exploded());
        assertEquals(2, e.line());
        assertEquals("x.sar: WEB-INF/sip.xml line 2: servlet 'a' lacks <servlet-class>", e.getMessage());
    }

    @Test
    void failedDeploymentLeavesNoUnpackedCopy() throws Exception {
        Path sar = TestApps.at(dir.resolve("src"))
                .source("com.example.Helper", "package com.example; public class Helper {}")
                .zipped(dir.resolve("broken.sar"));
        assertThrows(DeploymentException.class, () -> loader.load(sar, work()));
        try (var left = Files.list(work())) {
            assertEquals(0, left.count());
        }
    }
}
