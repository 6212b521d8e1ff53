package io.sipcontainer.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import jakarta.servlet.sip.SipServletRequest;

import org.junit.jupiter.api.Test;

import io.sipcontainer.message.AddressParser;
import io.sipcontainer.message.UriParser;

/** Algorithm 7's template and the auth user of algorithm 5, read from a request. */
class PvTemplateTest {

    /** A request answering only what the template reads; anything else fails the test. */
    private static SipServletRequest request(Map<String, String> headers) {
        return (SipServletRequest) java.lang.reflect.Proxy.newProxyInstance(PvTemplateTest.class.getClassLoader(),
                new Class<?>[] {SipServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getCallId" -> "c1@host";
                    case "getMethod" -> "INVITE";
                    case "getFrom" -> AddressParser.parse("<sip:alice@atlanta.com>;tag=1");
                    case "getTo" -> AddressParser.parse("<sip:bob@biloxi.com:5070>");
                    case "getRequestURI" -> UriParser.parse("sip:9123@gw.example.com");
                    case "getRemoteAddr" -> "192.0.2.7";
                    case "getRemotePort" -> 5062;
                    case "getHeader" -> headers.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void expandsTheSupportedVariables() {
        SipServletRequest req = request(Map.of("X-Account", "acme",
                "Proxy-Authorization", "Digest username=\"carol@example.com\", realm=\"example.com\""));
        assertEquals("alice@biloxi.com", PvTemplate.compile("$fU@$td").expand(req));
        assertEquals("c1@host|INVITE|9123|gw.example.com|acme|192.0.2.7:5062|carol",
                PvTemplate.compile("$ci|$rm|$rU|$rd|$hdr(X-Account)|$si:$sp|$au").expand(req));
        assertEquals("sip:alice@atlanta.com sip:bob@biloxi.com:5070 sip:9123@gw.example.com",
                PvTemplate.compile("$fu $tu $ru").expand(req));
        assertEquals("", PvTemplate.compile("$hdr(Missing)").expand(req), "no value, nothing written");
    }

    @Test
    void refusesVariablesItCannotRead() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PvTemplate.compile("$avp(x)"));
        assertEquals("unsupported variable at '$avp(x)' (supported: $ci $fu $fU $fd $tu $tU $td $ru $rU $rd $au $rm "
                + "$si $sp $hdr(Name))", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PvTemplate.compile("$hdr(X"));
    }

    @Test
    void authUserComesFromProxyAuthorizationFirst() {
        assertEquals("bob", SipRequestKeys.authUser(request(Map.of(
                "Authorization", "Digest username=\"alice\"", "Proxy-Authorization", "Digest username=\"bob\""))));
        assertEquals("alice", SipRequestKeys.authUser(request(Map.of("Authorization", "Digest realm=\"r\", username=\"alice\""))));
        assertNull(SipRequestKeys.authUser(request(Map.of())));
    }
}
