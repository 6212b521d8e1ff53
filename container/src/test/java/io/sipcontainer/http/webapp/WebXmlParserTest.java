package io.sipcontainer.http.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.DispatcherType;

import org.junit.jupiter.api.Test;

import io.sipcontainer.deploy.DeploymentException;

class WebXmlParserTest {

    private static WebXmlParser.WebXml parse(String xml) throws DeploymentException {
        return WebXmlParser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "app.sar");
    }

    @Test
    void readsServletsMappingsFiltersListenersAndSessionConfig() throws Exception {
        WebXmlParser.WebXml xml = parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="true">
                  <context-param><param-name>mode</param-name><param-value>demo</param-value></context-param>
                  <servlet>
                    <servlet-name>call</servlet-name>
                    <servlet-class>org.example.Call</servlet-class>
                    <init-param><param-name>to</param-name><param-value>sip:x@y</param-value></init-param>
                    <load-on-startup>2</load-on-startup>
                    <async-supported>true</async-supported>
                  </servlet>
                  <servlet-mapping><servlet-name>call</servlet-name><url-pattern>/call</url-pattern>
                    <url-pattern>/dial/*</url-pattern></servlet-mapping>
                  <filter><filter-name>log</filter-name><filter-class>org.example.Log</filter-class></filter>
                  <filter-mapping><filter-name>log</filter-name><servlet-name>call</servlet-name>
                    <dispatcher>FORWARD</dispatcher></filter-mapping>
                  <listener><listener-class>org.example.Sessions</listener-class></listener>
                  <session-config><session-timeout>15</session-timeout></session-config>
                  <welcome-file-list><welcome-file>index.html</welcome-file></welcome-file-list>
                  <mime-mapping><extension>x</extension><mime-type>text/x</mime-type></mime-mapping>
                </web-app>
                """);
        WebApp app = xml.app();
        assertTrue(xml.metadataComplete());
        assertEquals(Map.of("mode", "demo"), app.contextParams());
        assertEquals(List.of(new WebApp.Servlet("call", "org.example.Call", Map.of("to", "sip:x@y"), 2, true)),
                app.servlets());
        assertEquals(List.of("/call", "/dial/*"), app.servletMappings().stream().map(WebApp.ServletMapping::urlPattern).toList());
        assertEquals(Set.of(DispatcherType.FORWARD), app.filterMappings().get(0).dispatchers());
        assertEquals(List.of("call"), app.filterMappings().get(0).servletNames());
        assertEquals(List.of("org.example.Sessions"), app.listenerClasses());
        assertEquals(15, app.sessionTimeoutMinutes());
        assertEquals(List.of("index.html"), app.welcomeFiles());
        assertEquals(4, xml.lineOf("servlet:call"));
    }

    @Test
    void anOldNamespaceFreeWebXmlIsRead() throws Exception {
        WebXmlParser.WebXml xml = parse("<web-app><servlet><servlet-name>a</servlet-name>"
                + "<servlet-class>A</servlet-class><load-on-startup/></servlet></web-app>");
        assertFalse(xml.metadataComplete());
        assertEquals(0, xml.app().servlets().get(0).loadOnStartup());
    }

    private static DeploymentException refused(String xml) {
        return assertThrows(DeploymentException.class, () -> parse(xml));
    }

    @Test
    void problemsNameTheFileTheLineAndTheReason() {
        DeploymentException e = refused("<web-app>\n<servlet>\n<servlet-name>a</servlet-name>\n</servlet>\n</web-app>");
        assertEquals("WEB-INF/web.xml", e.location());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("app.sar") && e.getMessage().contains("servlet-class"), e.getMessage());

        assertEquals(3, refused("<web-app>\n<servlet><servlet-name>a</servlet-name><servlet-class>A</servlet-class></servlet>\n"
                + "<servlet><servlet-name>a</servlet-name><servlet-class>B</servlet-class></servlet></web-app>").line());
        assertEquals(2, refused("<web-app>\n<oops></web-app>").line());
        assertTrue(refused("<sip-app/>").getMessage().contains("<web-app>"));
        assertTrue(refused("<web-app><servlet><servlet-name>a</servlet-name><servlet-class>A</servlet-class>"
                + "<load-on-startup>soon</load-on-startup></servlet></web-app>").getMessage().contains("integer"));
        assertTrue(refused("<web-app><servlet-mapping><servlet-name>a</servlet-name></servlet-mapping></web-app>")
                .getMessage().contains("url-pattern"));
        assertTrue(refused("<web-app><filter-mapping><filter-name>f</filter-name><url-pattern>/*</url-pattern>"
                + "<dispatcher>LATER</dispatcher></filter-mapping></web-app>").getMessage().contains("LATER"));
    }

    @Test
    void securityConstraintsAreRefusedRatherThanIgnored() {
        DeploymentException e = refused("<web-app>\n<security-constraint/></web-app>");
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("not supported"), e.getMessage());
        assertTrue(refused("<web-app><login-config/></web-app>").getMessage().contains("login-config"));
    }

    @Test
    void externalEntitiesAreNeverRead() throws Exception {
        WebXmlParser.WebXml xml = parse("<?xml version=\"1.0\"?><!DOCTYPE web-app [<!ENTITY x SYSTEM "
                + "\"file:///etc/passwd\">]><web-app><context-param><param-name>p</param-name>"
                + "<param-value>&x;</param-value></context-param></web-app>");
        assertEquals("", xml.app().contextParams().get("p"));
    }
}
