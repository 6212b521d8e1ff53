package io.sipcontainer.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.SipURI;
import jakarta.servlet.sip.URI;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SipURIImplTest {

    private static SipURIImpl sip(String text) throws ServletParseException {
        return UriParser.parseSipURI(text);
    }

    private static List<String> list(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sip:alice@atlanta.com",
        "sips:alice@atlanta.com",
        "sip:atlanta.com",
        "sip:alice:secretword@atlanta.com;transport=tcp",
        "sips:alice@atlanta.com?subject=project%20x&priority=urgent",
        "sip:+1-212-555-1212:1234@gateway.com;user=phone",
        "sip:alice@192.0.2.4",
        "sip:alice@192.0.2.4:5070",
        "sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com",
        "sip:alice;day=tuesday@atlanta.com",
        "sip:user;par=u%40example.net@example.com",
        "sip:sips%3Auser%40example.com@example.net",
        "sip:I%20have%20spaces@example.net",
        "sip:null-%00-null@example.com",
        "sip:user@example.com?Route=%3Csip:example.com%3E",
        "sip:[2001:db8::10]",
        "sip:alice@[2001:db8::10]:5070;transport=tcp;lr",
        "sip:services.example.com;lr;unknownwith=value;unknown-no-value",
        "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com",
        "sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31",
        "sip:host.example.com:0",
        "sip:user@host_with_underscore.example.com",
    })
    void parsedUriPrintsExactlyAsWritten(String text) throws ServletParseException {
        SipURIImpl uri = sip(text);
        assertEquals(text, uri.toString());
        assertEquals(uri, sip(uri.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31",
        "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com",
        "sip:user;par=u%40example.net@example.com",
        "sip:null-%00-null@example.com",
        "sips:alice@atlanta.com?subject=project%20x&priority=urgent",
        "sip:alice@[2001:db8::10]:5070;transport=tcp;lr",
    })
    void reformattedUriParsesBackToAnEqualUri(String text) throws ServletParseException {
        SipURIImpl uri = sip(text);
        uri.setPort(uri.getPort()); // forces formatting from the parts
        String formatted = uri.toString();
        SipURIImpl again = sip(formatted);
        assertEquals(uri, again);
        assertEquals(uri.getUser(), again.getUser());
        assertEquals(uri.getUserPassword(), again.getUserPassword());
        assertEquals(formatted, again.toString());
    }

    @Test
    void unmodifiedUriReturnsTheParsedTextWithoutFormatting() throws ServletParseException {
        String text = "sip:alice@atlanta.com;transport=tcp";
        assertSame(text, sip(text).toString());
    }

    @Test
    void componentsAreExposed() throws ServletParseException {
        SipURIImpl uri = sip("sips:alice:pw@Atlanta.COM:5061;transport=tls;ttl=15;maddr=239.255.255.1;method=INVITE;user=phone;lr?Subject=hi&Priority=urgent");
        assertTrue(uri.isSecure());
        assertTrue(uri.isSipURI());
        assertEquals("sips", uri.getScheme());
        assertEquals("alice", uri.getUser());
        assertEquals("pw", uri.getUserPassword());
        assertEquals("Atlanta.COM", uri.getHost());
        assertEquals(5061, uri.getPort());
        assertEquals("tls", uri.getTransportParam());
        assertEquals(15, uri.getTTLParam());
        assertEquals("239.255.255.1", uri.getMAddrParam());
        assertEquals("INVITE", uri.getMethodParam());
        assertEquals("phone", uri.getUserParam());
        assertTrue(uri.getLrParam());
        assertEquals("", uri.getParameter("lr"));
        assertEquals("hi", uri.getHeader("subject"));
        assertEquals(List.of("Subject", "Priority"), list(uri.getHeaderNames()));
        assertEquals(List.of("transport", "ttl", "maddr", "method", "user", "lr"), list(uri.getParameterNames()));
        assertEquals(List.of("transport", "ttl", "maddr", "method", "user", "lr"), new ArrayList<>(uri.getParameterNameSet()));
        assertEquals(List.of("Subject", "Priority"), uri.getHeaderNameList());
        assertThrows(UnsupportedOperationException.class, () -> uri.getHeaderNameList().clear());
        assertThrows(UnsupportedOperationException.class, () -> uri.getParameterNameSet().clear());
    }

    @Test
    void absentComponentsHaveTheirDefaults() throws ServletParseException {
        SipURIImpl uri = sip("sip:example.com");
        assertNull(uri.getUser());
        assertNull(uri.getUserPassword());
        assertEquals(-1, uri.getPort());
        assertEquals(-1, uri.getTTLParam());
        assertFalse(uri.getLrParam());
        assertNull(uri.getTransportParam());
        assertNull(uri.getHeader("Subject"));
        assertFalse(uri.getParameterNames().hasNext());
        assertFalse(uri.getHeaderNames().hasNext());
    }

    @Test
    void getUserReturnsTheUnescapedUserPart() throws ServletParseException {
        assertEquals("user", sip("sip:%75se%72@example.com").getUser());
        assertEquals("I have spaces", sip("sip:I%20have%20spaces@example.net").getUser());
        assertEquals("sips:user@example.com", sip("sip:sips%3Auser%40example.com@example.net").getUser());
        assertEquals("user;par=u@example.net", sip("sip:user;par=u%40example.net@example.com").getUser());
        assertEquals("null-\u0000-null", sip("sip:null-%00-null@example.com").getUser());
        assertEquals("jos\u00e9", sip("sip:jos%C3%A9@example.com").getUser());
    }

    @Test
    void escapedParametersAreUnescaped() throws ServletParseException {
        SipURIImpl uri = sip("sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31");
        assertEquals("caller", uri.getUser());
        assertTrue(uri.getLrParam());
        assertEquals("value%41", uri.getParameter("name"));
    }

    @Test
    void uriHeadersAreUnescaped() throws ServletParseException {
        SipURIImpl uri = sip("sip:user@example.com?Route=%3Csip:example.com%3E");
        assertEquals("<sip:example.com>", uri.getHeader("Route"));
        assertEquals("<sip:example.com>", uri.getHeader("route"));
    }

    @Test
    void userPartCanHoldSemicolonQuestionMarkAndPassword() throws ServletParseException {
        SipURIImpl uri = sip("sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com");
        assertEquals("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", uri.getUser());
        assertEquals("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", uri.getUserPassword());
        assertEquals("example.com", uri.getHost());
        assertFalse(uri.getParameterNames().hasNext());
    }

    @Test
    void ipv6HostsKeepTheirBrackets() throws ServletParseException {
        SipURIImpl uri = sip("sip:alice@[2001:db8::10]:5070");
        assertEquals("[2001:db8::10]", uri.getHost());
        assertEquals(5070, uri.getPort());
        SipURIImpl created = SipURIImpl.create(null, "::1");
        assertEquals("[::1]", created.getHost());
        assertEquals("sip:[::1]", created.toString());
        created.setHost("[fe80::1]");
        created.setPort(5060);
        assertEquals("sip:[fe80::1]:5060", created.toString());
    }

    @Test
    void createSplitsHostAndPortAsOtherContainersDo() {
        // issue 16 #4: "127.0.0.1:5191" was taken for an IPv6 address and bracketed
        SipURIImpl v4 = SipURIImpl.create("user", "127.0.0.1:5191");
        assertEquals("127.0.0.1", v4.getHost());
        assertEquals(5191, v4.getPort());
        assertEquals("sip:user@127.0.0.1:5191", v4.toString());
        SipURIImpl name = SipURIImpl.create("user", "proxy.example.com:5080");
        assertEquals("sip:user@proxy.example.com:5080", name.toString());
        SipURIImpl v6 = SipURIImpl.create("user", "[2001:db8::1]:5070");
        assertEquals("[2001:db8::1]", v6.getHost());
        assertEquals(5070, v6.getPort());
        assertEquals("sip:user@[2001:db8::1]", SipURIImpl.create("user", "2001:db8::1").toString());
        assertEquals("sip:[::ffff:192.0.2.1]", SipURIImpl.create(null, "::ffff:192.0.2.1").toString());
        v4.setHost("192.0.2.7:5062");
        assertEquals("sip:user@192.0.2.7:5062", v4.toString());
    }

    @Test
    void createRefusesWhatIsNeitherAHostNorAHostAndPort() {
        for (String bad : new String[] {"127.0.0.1:", "127.0.0.1:70000", "127.0.0.1:50a", "a:b:c", "1:2::3::4",
                "[2001:db8::1", "[proxy.example.com]", "1.2.3.999", "-bad.example.com", "a..b", ":5060",
                "2001:db8:0:0:0:0:0:0:1", "[::1]x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SipURIImpl.create("user", bad), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void createBuildsAndEscapesTheUserPart() {
        assertEquals("sip:alice@atlanta.com", SipURIImpl.create("alice", "atlanta.com").toString());
        assertEquals("sip:atlanta.com", SipURIImpl.create(null, "atlanta.com").toString());
        assertEquals("sip:I%20have%20spaces@example.net", SipURIImpl.create("I have spaces", "example.net").toString());
        assertEquals("sip:user;par=u%40example.net@example.com",
                SipURIImpl.create("user;par=u@example.net", "example.com").toString());
        assertEquals("sip:jos%C3%A9@example.com", SipURIImpl.create("jos\u00e9", "example.com").toString());
        assertEquals("sip:100%25@example.com", SipURIImpl.create("100%", "example.com").toString());
    }

    @Test
    void settersRebuildTheStringWithEscaping() {
        SipURIImpl uri = SipURIImpl.create("bob", "biloxi.com");
        uri.setSecure(true);
        uri.setUserPassword("p@ss word");
        uri.setPort(5061);
        uri.setTransportParam("tcp");
        uri.setParameter("x", "a b;c");
        uri.setLrParam(true);
        uri.setTTLParam(5);
        uri.setMAddrParam("239.1.1.1");
        uri.setMethodParam("REGISTER");
        uri.setUserParam("phone");
        uri.setHeader("Subject", "next meeting");
        uri.setHeader("Route", "<sip:a@b;lr>");
        assertEquals("sips:bob:p%40ss%20word@biloxi.com:5061;transport=tcp;x=a%20b%3Bc;lr;ttl=5"
                + ";maddr=239.1.1.1;method=REGISTER;user=phone"
                + "?Subject=next%20meeting&Route=%3Csip:a%40b%3Blr%3E", uri.toString());
        assertEquals("a b;c", uri.getParameter("x"));
    }

    @Test
    void settersWithNullOrNegativeRemoveTheComponent() throws ServletParseException {
        SipURIImpl uri = sip("sip:alice:pw@atlanta.com:5060;transport=udp;lr;ttl=3;maddr=x;method=INVITE;user=ip?a=b");
        uri.setPort(-5);
        uri.setTransportParam(null);
        uri.setLrParam(false);
        uri.setTTLParam(-1);
        uri.setMAddrParam(null);
        uri.setMethodParam(null);
        uri.setUserParam(null);
        uri.removeHeader("A");
        uri.setUser(null);
        assertEquals("sip:atlanta.com", uri.toString());
        assertEquals(-1, uri.getPort());
    }

    @Test
    void parameterNamesAreCaseInsensitiveAndKeepTheirSpellingAndOrder() throws ServletParseException {
        SipURIImpl uri = sip("sip:a@b;Transport=TCP;Foo=1");
        assertEquals("TCP", uri.getParameter("transport"));
        assertEquals("TCP", uri.getTransportParam());
        uri.setParameter("FOO", "2");
        assertEquals(List.of("Transport", "Foo"), list(uri.getParameterNames()));
        assertEquals("sip:a@b;Transport=TCP;Foo=2", uri.toString());
        uri.removeParameter("TRANSPORT");
        assertEquals("sip:a@b;Foo=2", uri.toString());
    }

    @Test
    void parameterNamesIteratorIsASnapshot() throws ServletParseException {
        SipURIImpl uri = sip("sip:a@b;x=1;y=2");
        java.util.Iterator<String> names = uri.getParameterNames();
        while (names.hasNext()) {
            uri.removeParameter(names.next());
        }
        assertEquals("sip:a@b", uri.toString());
    }

    @Test
    void setParameterRejectsNulls() {
        SipURIImpl uri = SipURIImpl.create("a", "b");
        assertThrows(NullPointerException.class, () -> uri.setParameter(null, "x"));
        assertThrows(NullPointerException.class, () -> uri.setParameter("x", null));
        assertThrows(NullPointerException.class, () -> uri.getParameter(null));
    }

    @Test
    void settersRejectInvalidValues() {
        SipURIImpl uri = SipURIImpl.create("a", "b");
        assertThrows(IllegalArgumentException.class, () -> uri.setHost("bad host"));
        assertThrows(IllegalArgumentException.class, () -> uri.setHost("a@b"));
        assertThrows(IllegalArgumentException.class, () -> uri.setHost(""));
        assertThrows(IllegalArgumentException.class, () -> uri.setPort(70000));
        assertThrows(IllegalArgumentException.class, () -> uri.setTTLParam(256));
        assertThrows(IllegalArgumentException.class, () -> uri.setUser("a\r\nVia: x"));
        assertThrows(IllegalArgumentException.class, () -> uri.setHeader("Subject", "x\ny"));
        assertEquals("sip:a@b", uri.toString());
    }

    @Test
    void readOnlyUriRejectsEveryModification() throws ServletParseException {
        SipURIImpl uri = sip("sip:alice@atlanta.com;transport=tcp?a=b");
        uri.setReadOnly();
        assertTrue(uri.isReadOnly());
        List<Runnable> mutations = List.of(
            () -> uri.setUser("bob"), () -> uri.setHost("x.com"), () -> uri.setPort(1),
            () -> uri.setSecure(true), () -> uri.setUserPassword("p"), () -> uri.setParameter("a", "b"),
            () -> uri.removeParameter("transport"), () -> uri.setTransportParam("udp"),
            () -> uri.setLrParam(true), () -> uri.setTTLParam(1), () -> uri.setMAddrParam("m"),
            () -> uri.setMethodParam("BYE"), () -> uri.setUserParam("phone"),
            () -> uri.setHeader("x", "y"), () -> uri.removeHeader("a"));
        for (Runnable mutation : mutations) {
            assertThrows(IllegalStateException.class, mutation::run);
        }
        assertEquals("sip:alice@atlanta.com;transport=tcp?a=b", uri.toString());
    }

    @Test
    void lockedContactUriKeepsHostPortButAllowsUserAndParameters() throws ServletParseException {
        String text = "sip:alice@192.0.2.1:5070;transport=tcp";
        SipURIImpl contact = sip(text);
        contact.lockHostPort();
        assertTrue(contact.isHostPortLocked());
        List<Runnable> refused = List.of(
            () -> contact.setHost("evil.example.com"), () -> contact.setPort(5080), () -> contact.setSecure(true),
            () -> contact.setTransportParam("udp"), () -> contact.removeParameter("Transport"),
            () -> contact.setMAddrParam("192.0.2.9"), () -> contact.setParameter("MADDR", "x"));
        for (Runnable change : refused) {
            assertThrows(IllegalStateException.class, change::run);
        }
        assertSame(text, contact.toString(), "refused changes leave the text untouched");
        contact.setUser("bob");
        contact.setParameter("ob", "");
        contact.setHeader("Subject", "x");
        assertEquals("sip:bob@192.0.2.1:5070;transport=tcp;ob?Subject=x", contact.toString());
        SipURIImpl copy = contact.clone();
        assertFalse(copy.isHostPortLocked());
        copy.setPort(5080);
        assertEquals(5080, copy.getPort());
    }

    @Test
    void cloneIsIndependentAndWritable() throws ServletParseException {
        SipURIImpl uri = sip("sip:alice@atlanta.com;transport=tcp?a=b");
        uri.setReadOnly();
        SipURIImpl copy = uri.clone();
        assertEquals(uri, copy);
        assertEquals(uri.toString(), copy.toString());
        copy.setUser("bob");
        copy.setParameter("transport", "udp");
        copy.setHeader("a", "c");
        assertEquals("sip:bob@atlanta.com;transport=udp?a=c", copy.toString());
        assertEquals("sip:alice@atlanta.com;transport=tcp?a=b", uri.toString());
        assertEquals("alice", uri.getUser());
    }

    @Test
    void parseDispatchesOnTheScheme() throws ServletParseException {
        assertInstanceOf(SipURIImpl.class, UriParser.parse("SIP:alice@atlanta.com"));
        assertInstanceOf(SipURIImpl.class, UriParser.parse("sIpS:alice@atlanta.com"));
        assertInstanceOf(TelURLImpl.class, UriParser.parse("tel:+1-201-555-0123"));
        assertInstanceOf(GenericURIImpl.class, UriParser.parse("http://www.example.com"));
        URI sips = UriParser.parse("SIPS:alice@atlanta.com");
        assertEquals("sips", sips.getScheme());
        assertTrue(((SipURI) sips).isSecure());
    }

    @Test
    void surroundingWhiteSpaceIsIgnored() throws ServletParseException {
        assertEquals("sip:a@b", UriParser.parse("  sip:a@b \t").toString());
    }

    // RFC 3261 19.1.4, the examples of equivalent URIs.
    @Test
    void rfc3261EquivalentUrisAreEqual() throws ServletParseException {
        assertEqualUris("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp");
        assertEqualUris("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5");
        assertEqualUris("sip:carol@chicago.com", "sip:carol@chicago.com;security=on");
        assertEqualUris("sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on");
        assertEqualUris("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
                "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com");
        assertEqualUris("sip:alice@atlanta.com?subject=project%20x&priority=urgent",
                "sip:alice@atlanta.com?priority=urgent&subject=project%20x");
    }

    // RFC 3261 19.1.4, the examples of non-equivalent URIs, and the rules behind them.
    @Test
    void rfc3261NonEquivalentUrisDiffer() throws ServletParseException {
        assertDifferentUris("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP");
        assertDifferentUris("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060");
        assertDifferentUris("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp");
        assertDifferentUris("sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp");
        assertDifferentUris("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting");
        assertDifferentUris("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4");
        assertDifferentUris("sip:bob@biloxi.com", "sips:bob@biloxi.com");
        assertDifferentUris("sip:bob:a@biloxi.com", "sip:bob:A@biloxi.com");
        assertDifferentUris("sip:bob@biloxi.com;security=on", "sip:bob@biloxi.com;security=off");
        assertDifferentUris("sip:bob@biloxi.com", "sip:bob@biloxi.com;user=phone");
        assertDifferentUris("sip:bob@biloxi.com", "sip:bob@biloxi.com;ttl=1");
        assertDifferentUris("sip:bob@biloxi.com", "sip:bob@biloxi.com;method=INVITE");
        assertDifferentUris("sip:bob@biloxi.com", "sip:bob@biloxi.com;maddr=239.1.1.1");
    }

    @Test
    void lrParameterInOneUriOnlyIsIgnored() throws ServletParseException {
        assertEqualUris("sip:proxy.example.com", "sip:proxy.example.com;lr");
    }

    private static void assertEqualUris(String a, String b) throws ServletParseException {
        SipURIImpl x = sip(a);
        SipURIImpl y = sip(b);
        assertEquals(x, y, a + " should equal " + b);
        assertEquals(y, x, b + " should equal " + a);
        assertEquals(x.hashCode(), y.hashCode(), "hash codes of " + a + " and " + b);
    }

    private static void assertDifferentUris(String a, String b) throws ServletParseException {
        SipURIImpl x = sip(a);
        SipURIImpl y = sip(b);
        assertNotEquals(x, y, a + " should differ from " + b);
        assertNotEquals(y, x, b + " should differ from " + a);
    }
}
