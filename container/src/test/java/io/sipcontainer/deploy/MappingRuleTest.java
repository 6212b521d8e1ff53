package io.sipcontainer.deploy;

import static io.sipcontainer.deploy.FakeRequests.address;
import static io.sipcontainer.deploy.FakeRequests.request;
import static io.sipcontainer.deploy.FakeRequests.sipUri;
import static io.sipcontainer.deploy.FakeRequests.telUrl;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.URI;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MappingRuleTest {

    private static final SipServletRequest INVITE_TO_BOB = request("INVITE",
            sipUri("sip", "bob", "sip.Example.com", -1, "transport", "tcp", "lr", ""),
            address("Alice", sipUri("alice", "atlanta.com"), "1234"),
            address(null, sipUri("bob", "example.com"), null));

    /** Compiles a rule the way a deployment does: as the pattern of a servlet-mapping in sip.xml. */
    static Condition rule(String condition) throws DeploymentException {
        String sipXml = "<sip-app xmlns='http://www.jcp.org/xml/ns/sipservlet'>"
                + "<servlet><servlet-name>s</servlet-name><servlet-class>x.S</servlet-class></servlet>"
                + "<servlet-selection><servlet-mapping><servlet-name>s</servlet-name><pattern>"
                + condition + "</pattern></servlet-mapping></servlet-selection></sip-app>";
        SipXml parsed = SipXmlParser.parse(
                new ByteArrayInputStream(sipXml.getBytes(StandardCharsets.UTF_8)), "rules.sar");
        return parsed.mappings().get(0).condition();
    }

    private static String equal(String var, String value) {
        return "<equal><var>" + var + "</var><value>" + value + "</value></equal>";
    }

    private static SipServletRequest toUri(URI requestUri) {
        return request("MESSAGE", requestUri, address(null, sipUri("a", "b.com"), "1"),
                address(null, sipUri("c", "d.com"), null));
    }

    @Test
    void equalComparesExactlyByDefault() throws Exception {
        assertTrue(rule(equal("request.method", "INVITE")).matches(INVITE_TO_BOB));
        assertFalse(rule(equal("request.method", "invite")).matches(INVITE_TO_BOB));
        assertFalse(rule(equal("request.method", "BYE")).matches(INVITE_TO_BOB));
    }

    @Test
    void equalWithIgnoreCaseIgnoresCase() throws Exception {
        assertTrue(rule("<equal ignore-case='true'><var>request.method</var><value>invite</value></equal>")
                .matches(INVITE_TO_BOB));
        assertTrue(rule("<equal ignore-case='true'><var>request.uri.host</var><value>SIP.EXAMPLE.COM</value></equal>")
                .matches(INVITE_TO_BOB));
    }

    @Test
    void valueIsTrimmedOfSurroundingWhitespace() throws Exception {
        assertTrue(rule("<equal><var> request.method </var><value>\n  INVITE\n</value></equal>").matches(INVITE_TO_BOB));
    }

    @Test
    void existsIsTrueOnlyForDefinedVariables() throws Exception {
        assertTrue(rule("<exists><var>request.uri.user</var></exists>").matches(INVITE_TO_BOB));
        assertTrue(rule("<exists><var>request.uri.param.lr</var></exists>").matches(INVITE_TO_BOB));
        assertFalse(rule("<exists><var>request.uri.param.maddr</var></exists>").matches(INVITE_TO_BOB));
        assertFalse(rule("<exists><var>request.to.display-name</var></exists>").matches(INVITE_TO_BOB));
        assertFalse(rule("<exists><var>request.uri.user</var></exists>").matches(toUri(telUrl("12125550100", true))));
    }

    @Test
    void containsLooksForASubstringWithOptionalIgnoreCase() throws Exception {
        assertTrue(rule("<contains><var>request.from</var><value>tag=1234</value></contains>").matches(INVITE_TO_BOB));
        assertFalse(rule("<contains><var>request.from</var><value>ALICE@</value></contains>").matches(INVITE_TO_BOB));
        assertTrue(rule("<contains ignore-case='true'><var>request.from</var><value>ALICE@</value></contains>")
                .matches(INVITE_TO_BOB));
        assertFalse(rule("<contains ignore-case='true'><var>request.from</var><value>carol</value></contains>")
                .matches(INVITE_TO_BOB));
    }

    @Test
    void subdomainOfMatchesTheDomainAndItsSubdomainsOnly() throws Exception {
        Condition exampleCom = rule("<subdomain-of><var>request.uri.host</var><value>example.com</value></subdomain-of>");
        assertTrue(exampleCom.matches(INVITE_TO_BOB), "sip.Example.com, regardless of case");
        assertTrue(exampleCom.matches(toUri(sipUri("x", "example.com"))));
        assertFalse(exampleCom.matches(toUri(sipUri("x", "badexample.com"))));
        assertFalse(exampleCom.matches(toUri(sipUri("x", "example.com.evil.org"))));
        assertFalse(exampleCom.matches(toUri(telUrl("123", true))), "a tel URL has no host");
    }

    @Test
    void subdomainOfAnIpAddressIsOnlyThatAddress() throws Exception {
        Condition ip = rule("<subdomain-of><var>request.uri.host</var><value>0.0.1</value></subdomain-of>");
        assertFalse(ip.matches(toUri(sipUri("x", "10.0.0.1"))));
        assertTrue(rule("<subdomain-of><var>request.uri.host</var><value>10.0.0.1</value></subdomain-of>")
                .matches(toUri(sipUri("x", "10.0.0.1"))));
    }

    @Test
    void andOrNotNest() throws Exception {
        Condition inviteFromAtlantaNotToCarol = rule("<and>" + equal("request.method", "INVITE")
                + "<or>" + equal("request.from.uri.host", "biloxi.com") + equal("request.from.uri.host", "atlanta.com")
                + "</or><not>" + equal("request.to.uri.user", "carol") + "</not></and>");
        assertTrue(inviteFromAtlantaNotToCarol.matches(INVITE_TO_BOB));

        SipServletRequest toCarol = request("INVITE", sipUri("carol", "example.com"),
                address("Alice", sipUri("alice", "atlanta.com"), "1"), address(null, sipUri("carol", "example.com"), null));
        assertFalse(inviteFromAtlantaNotToCarol.matches(toCarol));

        SipServletRequest fromElsewhere = request("INVITE", sipUri("bob", "example.com"),
                address(null, sipUri("eve", "evil.org"), "1"), address(null, sipUri("bob", "example.com"), null));
        assertFalse(inviteFromAtlantaNotToCarol.matches(fromElsewhere));
    }

    @Test
    void addressVariablesReadDisplayNameUriAndWholeHeader() throws Exception {
        assertTrue(rule(equal("request.from.display-name", "Alice")).matches(INVITE_TO_BOB));
        assertTrue(rule(equal("request.from.uri", "sip:alice@atlanta.com")).matches(INVITE_TO_BOB));
        assertTrue(rule(equal("request.from.uri.user", "alice")).matches(INVITE_TO_BOB));
        assertTrue(rule(equal("request.to", "&lt;sip:bob@example.com&gt;")).matches(INVITE_TO_BOB));
        assertTrue(rule(equal("request.to.uri.scheme", "sip")).matches(INVITE_TO_BOB));
    }

    @Test
    void uriVariablesReadSchemeUserHostParameter() throws Exception {
        assertTrue(rule(equal("request.uri.scheme", "sip")).matches(INVITE_TO_BOB));
        assertTrue(rule(equal("request.uri.user", "bob")).matches(INVITE_TO_BOB));
        assertTrue(rule(equal("request.uri.param.transport", "tcp")).matches(INVITE_TO_BOB));
        assertTrue(rule(equal("request.uri", "sip:bob@example.com:5070;transport=udp"))
                .matches(toUri(sipUri("sip", "bob", "example.com", 5070, "transport", "udp"))));
    }

    @Test
    void portDefaultsToTheSchemesPort() throws Exception {
        Condition port5060 = rule(equal("request.uri.port", "5060"));
        assertTrue(port5060.matches(toUri(sipUri("sip", "a", "h.com", -1))));
        assertTrue(port5060.matches(toUri(sipUri("sip", "a", "h.com", 5060))));
        assertFalse(port5060.matches(toUri(sipUri("sip", "a", "h.com", 5080))));
        assertTrue(rule(equal("request.uri.port", "5061")).matches(toUri(sipUri("sips", "a", "h.com", -1))));
    }

    @Test
    void telVariableNormalisesTelUrlsAndUserPhoneSipUris() throws Exception {
        Condition number = rule(equal("request.uri.tel", "+12125550100"));
        assertTrue(number.matches(toUri(telUrl("1-212-555-0100", true))));
        assertTrue(number.matches(toUri(sipUri("sip", "+1.212.555.0100", "gw.com", -1, "user", "phone"))));
        assertFalse(number.matches(toUri(sipUri("sip", "+12125550100", "gw.com", -1))), "user=phone is required");
        assertFalse(number.matches(toUri(telUrl("12125550100", false))), "a local number has no +");
    }
}
