package io.sipcontainer.deploy;

import static io.sipcontainer.deploy.FakeRequests.address;
import static io.sipcontainer.deploy.FakeRequests.request;
import static io.sipcontainer.deploy.FakeRequests.sipUri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SipXmlParserTest {

    private static final String SIP_APP_11 = "<sip-app xmlns='http://www.jcp.org/xml/ns/sipservlet'"
            + " xmlns:javaee='http://java.sun.com/xml/ns/javaee' version='1.1'>\n";

    static SipXml parse(String xml) throws DeploymentException {
        return SipXmlParser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "app.sar");
    }

    private static DeploymentException failure(String xml) {
        return assertThrows(DeploymentException.class, () -> parse(xml));
    }

    @Test
    void readsEveryElementOfASipServlet11Descriptor() throws Exception {
        SipXml xml = parse(SIP_APP_11
                + "<app-name>com.example.Echo</app-name>\n"
                + "<javaee:display-name>Echo service</javaee:display-name>\n"
                + "<javaee:context-param><javaee:param-name>greeting</javaee:param-name>"
                + "<javaee:param-value>hello</javaee:param-value></javaee:context-param>\n"
                + "<listener><javaee:listener-class>com.example.Startup</javaee:listener-class></listener>\n"
                + "<servlet-selection><main-servlet>echo</main-servlet></servlet-selection>\n"
                + "<servlet><javaee:servlet-name>echo</javaee:servlet-name>"
                + "<javaee:servlet-class>com.example.EchoServlet</javaee:servlet-class>"
                + "<javaee:init-param><javaee:param-name>delay</javaee:param-name>"
                + "<javaee:param-value>5</javaee:param-value></javaee:init-param>"
                + "<javaee:load-on-startup>1</javaee:load-on-startup></servlet>\n"
                + "<servlet><javaee:servlet-name>lazy</javaee:servlet-name>"
                + "<javaee:servlet-class>com.example.Lazy</javaee:servlet-class></servlet>\n"
                + "<proxy-config><proxy-timeout>30</proxy-timeout></proxy-config>\n"
                + "<session-config><javaee:session-timeout>10</javaee:session-timeout></session-config>\n"
                + "<javaee:distributable/>\n"
                + "</sip-app>");

        assertEquals("com.example.Echo", xml.appName());
        assertEquals("Echo service", xml.displayName());
        assertEquals(Map.of("greeting", "hello"), xml.contextParams());
        assertEquals(List.of("com.example.Startup"), xml.listenerClasses());
        assertEquals("echo", xml.mainServlet());
        assertTrue(xml.mappings().isEmpty());
        assertEquals(List.of(
                new ServletDefinition("echo", "com.example.EchoServlet", Map.of("delay", "5"), 1),
                new ServletDefinition("lazy", "com.example.Lazy", Map.of(), -1)), xml.servlets());
        assertEquals(10, xml.sessionTimeoutMinutes());
        assertTrue(xml.distributable());
        assertFalse(xml.metadataComplete());
    }

    @Test
    void readsASipServlet10DescriptorWithoutFetchingItsDtd() throws Exception {
        // The DTD's host does not resolve here; parsing must not even try to load it.
        SipXml xml = parse("<?xml version='1.0'?>\n"
                + "<!DOCTYPE sip-app PUBLIC \"-//Java Community Process//DTD SIP Application 1.0//EN\""
                + " \"http://dtd.invalid/sip-app_1_0.dtd\">\n"
                + "<sip-app>\n"
                + "<display-name>Registrar</display-name>\n"
                + "<servlet><servlet-name>registrar</servlet-name><servlet-class>r.Registrar</servlet-class></servlet>\n"
                + "<servlet><servlet-name>other</servlet-name><servlet-class>r.Other</servlet-class></servlet>\n"
                + "<servlet-mapping><servlet-name>registrar</servlet-name><pattern>"
                + "<equal><var>request.method</var><value>REGISTER</value></equal></pattern></servlet-mapping>\n"
                + "<servlet-mapping><servlet-name>other</servlet-name><pattern>"
                + "<exists><var>request.method</var></exists></pattern></servlet-mapping>\n"
                + "</sip-app>");

        assertNull(xml.appName());
        assertNull(xml.mainServlet());
        assertNull(xml.sessionTimeoutMinutes());
        assertEquals(List.of("registrar", "other"), xml.mappings().stream().map(ServletMapping::servletName).toList());
        var register = request("REGISTER", sipUri(null, "example.com"), address(null, sipUri("a", "example.com"), "1"),
                address(null, sipUri("a", "example.com"), null));
        assertTrue(xml.mappings().get(0).matches(register));
    }

    @Test
    void neverExpandsExternalEntities(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "top-secret");
        SipXml xml = parse("<?xml version='1.0'?>\n"
                + "<!DOCTYPE sip-app [<!ENTITY leak SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<sip-app><display-name>x&leak;</display-name></sip-app>");
        assertFalse(String.valueOf(xml.displayName()).contains("top-secret"));
    }

    @Test
    void readsMetadataCompleteAndEmptyLoadOnStartup() throws Exception {
        SipXml xml = parse("<sip-app metadata-complete='true'><servlet><servlet-name>a</servlet-name>"
                + "<servlet-class>x.A</servlet-class><load-on-startup/></servlet></sip-app>");
        assertTrue(xml.metadataComplete());
        assertEquals(0, xml.servlets().get(0).loadOnStartup());
    }

    @Test
    void malformedXmlIsReportedWithItsLine() {
        DeploymentException e = failure("<sip-app>\n<servlet>\n<servlet-name>a</servlet-name>\n</sip-app>");
        assertEquals(4, e.line());
        assertEquals("app.sar", e.archiveName());
        assertEquals("WEB-INF/sip.xml", e.location());
        assertTrue(e.getMessage().startsWith("app.sar: WEB-INF/sip.xml line 4: malformed XML"), e.getMessage());
    }

    @Test
    void rootMustBeSipApp() {
        DeploymentException e = failure("<web-app/>");
        assertTrue(e.reason().contains("expected <sip-app>"), e.reason());
    }

    @Test
    void rootInAForeignNamespaceIsRejected() {
        DeploymentException e = failure("<sip-app xmlns='http://example.com/other'/>");
        assertTrue(e.reason().contains("namespace"), e.reason());
    }

    @Test
    void servletWithoutClassIsRejectedWithItsLine() {
        DeploymentException e = failure(SIP_APP_11 + "\n<servlet>\n<servlet-name>a</servlet-name>\n</servlet></sip-app>");
        assertEquals(3, e.line());
        assertTrue(e.reason().contains("servlet 'a' lacks <servlet-class>"), e.reason());
    }

    @Test
    void servletWithoutNameIsRejected() {
        DeploymentException e = failure("<sip-app><servlet><servlet-class>x.A</servlet-class></servlet></sip-app>");
        assertTrue(e.reason().contains("lacks <servlet-name>"), e.reason());
    }

    @Test
    void duplicateServletNamesAreRejected() {
        DeploymentException e = failure("<sip-app>"
                + "<servlet><servlet-name>a</servlet-name><servlet-class>x.A</servlet-class></servlet>\n"
                + "<servlet><servlet-name>a</servlet-name><servlet-class>x.B</servlet-class></servlet></sip-app>");
        assertEquals(2, e.line());
        assertTrue(e.reason().contains("servlet 'a' is declared twice"), e.reason());
    }

    @Test
    void mainServletTogetherWithMappingIsRejected() {
        DeploymentException e = failure("<sip-app><servlet-selection><main-servlet>a</main-servlet>"
                + "<servlet-mapping><servlet-name>a</servlet-name><pattern><exists><var>request.method</var>"
                + "</exists></pattern></servlet-mapping></servlet-selection></sip-app>");
        assertTrue(e.reason().contains("both <main-servlet> and <servlet-mapping>"), e.reason());
    }

    @Test
    void mainServletTogetherWithTopLevelMappingIsRejected() {
        DeploymentException e = failure("<sip-app><servlet-selection><main-servlet>a</main-servlet>"
                + "</servlet-selection><servlet-mapping><servlet-name>a</servlet-name><pattern><exists>"
                + "<var>request.method</var></exists></pattern></servlet-mapping></sip-app>");
        assertTrue(e.reason().contains("both <main-servlet> and <servlet-mapping>"), e.reason());
    }

    @Test
    void emptyServletSelectionIsRejected() {
        DeploymentException e = failure("<sip-app><servlet-selection/></sip-app>");
        assertTrue(e.reason().contains("needs a <main-servlet> or <servlet-mapping>"), e.reason());
    }

    @Test
    void mappingWithoutPatternIsRejected() {
        DeploymentException e = failure("<sip-app><servlet-mapping><servlet-name>a</servlet-name>"
                + "</servlet-mapping></sip-app>");
        assertTrue(e.reason().contains("lacks <pattern>"), e.reason());
    }

    @Test
    void nonNumericLoadOnStartupIsRejected() {
        DeploymentException e = failure("<sip-app><servlet><servlet-name>a</servlet-name>"
                + "<servlet-class>x.A</servlet-class><load-on-startup>soon</load-on-startup></servlet></sip-app>");
        assertTrue(e.reason().contains("<load-on-startup> must be an integer, not 'soon'"), e.reason());
    }

    @Test
    void nonNumericSessionTimeoutIsRejected() {
        DeploymentException e = failure("<sip-app><session-config><session-timeout>ten</session-timeout>"
                + "</session-config></sip-app>");
        assertTrue(e.reason().contains("<session-timeout> must be an integer"), e.reason());
    }

    @Test
    void duplicateContextParamIsRejected() {
        DeploymentException e = failure("<sip-app>"
                + "<context-param><param-name>a</param-name><param-value>1</param-value></context-param>"
                + "<context-param><param-name>a</param-name><param-value>2</param-value></context-param></sip-app>");
        assertTrue(e.reason().contains("'a' is given twice"), e.reason());
    }

    @Test
    void emptyAppNameIsRejected() {
        DeploymentException e = failure("<sip-app><app-name> </app-name></sip-app>");
        assertTrue(e.reason().contains("<app-name> is empty"), e.reason());
    }

    @Test
    void unknownConditionIsRejectedWithItsLine() {
        DeploymentException e = failure(pattern("\n<matches><var>request.method</var><value>.*</value></matches>"));
        assertEquals(2, e.line());
        assertTrue(e.reason().contains("unknown condition <matches>"), e.reason());
    }

    @Test
    void unknownVariableIsRejected() {
        DeploymentException e = failure(pattern("<equal><var>request.via</var><value>x</value></equal>"));
        assertTrue(e.reason().contains("unknown variable 'request.via'"), e.reason());
    }

    @Test
    void patternWithTwoConditionsIsRejected() {
        DeploymentException e = failure(pattern("<exists><var>request.method</var></exists>"
                + "<exists><var>request.uri</var></exists>"));
        assertTrue(e.reason().contains("<pattern> must hold exactly one condition, found 2"), e.reason());
    }

    @Test
    void notWithTwoConditionsIsRejected() {
        DeploymentException e = failure(pattern("<not><exists><var>request.method</var></exists>"
                + "<exists><var>request.uri</var></exists></not>"));
        assertTrue(e.reason().contains("<not> must hold exactly one condition"), e.reason());
    }

    @Test
    void emptyAndIsRejected() {
        DeploymentException e = failure(pattern("<and/>"));
        assertTrue(e.reason().contains("<and> needs at least one condition"), e.reason());
    }

    @Test
    void equalWithoutValueIsRejected() {
        DeploymentException e = failure(pattern("<equal><var>request.method</var></equal>"));
        assertTrue(e.reason().contains("<equal> lacks <value>"), e.reason());
    }

    @Test
    void existsWithoutVarIsRejected() {
        DeploymentException e = failure(pattern("<exists/>"));
        assertTrue(e.reason().contains("<exists> lacks <var>"), e.reason());
    }

    @Test
    void invalidIgnoreCaseIsRejected() {
        DeploymentException e = failure(pattern(
                "<equal ignore-case='yes'><var>request.method</var><value>x</value></equal>"));
        assertTrue(e.reason().contains("ignore-case must be true or false, not 'yes'"), e.reason());
    }

    @Test
    void missingFileIsReported(@TempDir Path dir) {
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> SipXmlParser.parse(dir.resolve("sip.xml"), "gone.sar"));
        assertTrue(e.getMessage().startsWith("gone.sar: WEB-INF/sip.xml: cannot read"), e.getMessage());
    }

    private static String pattern(String conditions) {
        return "<sip-app><servlet-mapping><servlet-name>a</servlet-name><pattern>" + conditions
                + "</pattern></servlet-mapping></sip-app>";
    }
}
