package io.sipcontainer.deploy;

import static io.sipcontainer.deploy.AppSources.listener;
import static io.sipcontainer.deploy.AppSources.packageInfo;
import static io.sipcontainer.deploy.AppSources.plainClass;
import static io.sipcontainer.deploy.AppSources.pojo;
import static io.sipcontainer.deploy.AppSources.servlet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.sip.annotation.AnyMethod;
import jakarta.servlet.sip.annotation.BranchResponse;
import jakarta.servlet.sip.annotation.Bye;
import jakarta.servlet.sip.annotation.Invite;
import jakarta.servlet.sip.annotation.SuccessResponse;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotationScannerTest {

    @TempDir
    Path dir;

    private ScanResult scan(Path app) throws Exception {
        SarArchive archive = SarArchive.open(app, dir.resolve("work"));
        try (AppClassLoader loader = new AppClassLoader("t", archive.classPath(), getClass().getClassLoader())) {
            return AnnotationScanner.scan(archive, loader);
        }
    }

    private DeploymentException failure(Path app) {
        return assertThrows(DeploymentException.class, () -> scan(app));
    }

    @Test
    void findsApplicationServletsListenersAndKeyMethod() throws Exception {
        ScanResult result = scan(TestApps.at(dir.resolve("echo.sar"))
                .source("com.example.package-info", packageInfo("com.example",
                        "@jakarta.servlet.sip.annotation.SipApplication(name = \"echo\", mainServlet = \"Echo\")"))
                .source("com.example.Echo", servlet("com.example.Echo", "@SipServlet(loadOnStartup = 1)"))
                .source("com.example.Named", servlet("com.example.Named", "@SipServlet(name = \"other\")"))
                .source("com.example.NotAServlet", servlet("com.example.NotAServlet", ""))
                .source("com.example.Events", listener("com.example.Events"))
                .source("com.example.Keys", plainClass("com.example.Keys",
                        "@SipApplicationKey public static String key(SipServletRequest request) { return \"k\"; }"))
                .exploded());

        assertEquals("echo", result.application().name());
        assertEquals("Echo", result.application().mainServlet());
        assertEquals(List.of(
                new ServletDefinition("Echo", "com.example.Echo", Map.of(), 1),
                new ServletDefinition("other", "com.example.Named", Map.of(), -1)), result.servlets());
        assertEquals(List.of("com.example.Events"), result.listenerClasses());
        assertEquals("key", result.applicationKeyMethod().getName());
        assertTrue(result.declaredApplicationNames().isEmpty());
    }

    @Test
    void sipApplicationMayAnnotateAClass() throws Exception {
        ScanResult result = scan(TestApps.at(dir.resolve("a"))
                .source("com.example.Echo", servlet("com.example.Echo",
                        "@jakarta.servlet.sip.annotation.SipApplication(name = \"on-a-class\") @SipServlet"))
                .exploded());
        assertEquals("on-a-class", result.application().name());
    }

    @Test
    void collectsPojoHandlerMethodsByAnnotation() throws Exception {
        Path app = TestApps.at(dir.resolve("pojo.sar"))
                .source("com.example.Calls", pojo("com.example.Calls", "@SipServlet",
                        "@Invite public void invite(SipServletRequest r) {}\n"
                                + "@Invite @SuccessResponse public void answered(SipServletResponse r) {}\n"
                                + "@Bye public void bye(SipServletRequest r) {}\n"
                                + "@AnyMethod public void any(SipServletRequest r) {}\n"
                                + "@BranchResponse public void branch(SipServletResponse r) {}\n"
                                + "public void helper(SipServletRequest r) {}"))
                .exploded();
        SarArchive archive = SarArchive.open(app, dir.resolve("work"));
        try (AppClassLoader loader = new AppClassLoader("t", archive.classPath(), getClass().getClassLoader())) {
            Class<?> calls = loader.loadClass("com.example.Calls");
            Map<Class<? extends java.lang.annotation.Annotation>, List<Method>> handlers =
                    PojoHandlerMethods.find(calls, "pojo.sar");

            assertEquals(List.of("answered", "invite"), names(handlers.get(Invite.class)));
            assertEquals(List.of("answered"), names(handlers.get(SuccessResponse.class)));
            assertEquals(List.of("bye"), names(handlers.get(Bye.class)));
            assertEquals(List.of("any"), names(handlers.get(AnyMethod.class)));
            assertEquals(List.of("branch"), names(handlers.get(BranchResponse.class)));
            assertEquals(5, handlers.size(), "helper has no handler annotation");
            assertEquals(List.of(new ServletDefinition("Calls", "com.example.Calls", Map.of(), -1)),
                    AnnotationScanner.scan(archive, loader).servlets());
        }
    }

    private static List<String> names(List<Method> methods) {
        return methods.stream().map(Method::getName).toList();
    }

    @Test
    void scansJarsInWebInfLib() throws Exception {
        ScanResult result = scan(TestApps.at(dir.resolve("lib.sar"))
                .libSource("org.lib.LibServlet", servlet("org.lib.LibServlet", "@SipServlet"))
                .libSource("org.lib.LibListener", listener("org.lib.LibListener"))
                .exploded());
        assertEquals("org.lib.LibServlet", result.servlets().get(0).className());
        assertEquals(List.of("org.lib.LibListener"), result.listenerClasses());
    }

    @Test
    void skipsClassesThatFailToLoad() throws Exception {
        Path app = TestApps.at(dir.resolve("broken.sar"))
                .source("com.example.Missing", "package com.example; public class Missing {}")
                .source("com.example.Broken", "package com.example; @jakarta.servlet.sip.annotation.SipListener"
                        + " public class Broken extends Missing implements java.util.EventListener {}")
                .source("com.example.Echo", servlet("com.example.Echo", "@SipServlet"))
                .exploded();
        Files.delete(app.resolve("WEB-INF/classes/com/example/Missing.class"));

        ScanResult result = scan(app);
        assertTrue(result.listenerClasses().isEmpty());
        assertEquals("Echo", result.servlets().get(0).name());
    }

    @Test
    void recordsDeclaredApplicationNames() throws Exception {
        ScanResult result = scan(TestApps.at(dir.resolve("n"))
                .source("com.example.Echo", servlet("com.example.Echo", "@SipServlet(applicationName = \"x\")"))
                .exploded());
        assertEquals(Map.of("com.example.Echo", "x"), result.declaredApplicationNames());
        assertNull(result.application());
    }

    @Test
    void twoServletsWithOneNameAreRejected() throws Exception {
        DeploymentException e = failure(TestApps.at(dir.resolve("dup"))
                .source("com.example.A", servlet("com.example.A", "@SipServlet(name = \"x\")"))
                .source("com.example.B", servlet("com.example.B", "@SipServlet(name = \"x\")"))
                .exploded());
        assertTrue(e.reason().contains("two @SipServlet classes are named 'x'"), e.reason());
    }

    @Test
    void twoSipApplicationsAreRejected() throws Exception {
        DeploymentException e = failure(TestApps.at(dir.resolve("two"))
                .source("com.a.package-info", packageInfo("com.a", "@jakarta.servlet.sip.annotation.SipApplication(name = \"a\")"))
                .source("com.b.package-info", packageInfo("com.b", "@jakarta.servlet.sip.annotation.SipApplication(name = \"b\")"))
                .exploded());
        assertTrue(e.reason().contains("more than one @SipApplication"), e.reason());
    }

    @Test
    void annotatedClassThatIsNeitherServletNorPojoIsRejected() throws Exception {
        DeploymentException e = failure(TestApps.at(dir.resolve("p"))
                .source("com.example.Nothing", pojo("com.example.Nothing", "@SipServlet", "public void x() {}"))
                .exploded());
        assertTrue(e.reason().contains("neither extends jakarta.servlet.sip.SipServlet nor has handler methods"),
                e.reason());
    }

    @Test
    void handlerTakingTheWrongParameterIsRejected() throws Exception {
        DeploymentException e = failure(TestApps.at(dir.resolve("p"))
                .source("com.example.Bad", pojo("com.example.Bad", "@SipServlet",
                        "@Invite public void invite(String text) {}"))
                .exploded());
        assertTrue(e.reason().contains("handler com.example.Bad.invite must take exactly one SipServletRequest"
                + " or SipServletResponse"), e.reason());
    }

    @Test
    void responseFilterOnARequestHandlerIsRejected() throws Exception {
        DeploymentException e = failure(TestApps.at(dir.resolve("p"))
                .source("com.example.Bad", pojo("com.example.Bad", "@SipServlet",
                        "@Invite @SuccessResponse public void invite(SipServletRequest r) {}"))
                .exploded());
        assertTrue(e.reason().contains("is annotated @SuccessResponse so it must take a SipServletResponse"), e.reason());
    }

    @Test
    void nonPublicHandlerIsRejected() throws Exception {
        DeploymentException e = failure(TestApps.at(dir.resolve("p"))
                .source("com.example.Bad", pojo("com.example.Bad", "@SipServlet",
                        "@Invite void invite(SipServletRequest r) {}"))
                .exploded());
        assertTrue(e.reason().contains("must be a public instance method"), e.reason());
    }

    @Test
    void abstractServletClassIsRejected() throws Exception {
        DeploymentException e = failure(TestApps.at(dir.resolve("p"))
                .source("com.example.Base", "package com.example; @jakarta.servlet.sip.annotation.SipServlet"
                        + " public abstract class Base extends jakarta.servlet.sip.SipServlet {}")
                .exploded());
        assertTrue(e.reason().contains("is not a concrete class"), e.reason());
    }

    @Test
    void applicationKeyWithWrongSignatureIsRejected() throws Exception {
        DeploymentException e = failure(TestApps.at(dir.resolve("k"))
                .source("com.example.Keys", plainClass("com.example.Keys",
                        "@SipApplicationKey public String key(SipServletRequest request) { return \"k\"; }"))
                .exploded());
        assertTrue(e.reason().contains("must be public static String key(SipServletRequest)"), e.reason());
    }

    @Test
    void twoApplicationKeyMethodsAreRejected() throws Exception {
        DeploymentException e = failure(TestApps.at(dir.resolve("k"))
                .source("com.example.Keys", plainClass("com.example.Keys",
                        "@SipApplicationKey public static String a(SipServletRequest r) { return \"a\"; }\n"
                                + "@SipApplicationKey public static String b(SipServletRequest r) { return \"b\"; }"))
                .exploded());
        assertTrue(e.reason().contains("more than one @SipApplicationKey method"), e.reason());
    }
}
