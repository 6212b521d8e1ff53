package io.sipcontainer.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UriParserTest {

    /** Each row: input | position of the error | part of the reason. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sip:                          | 4  | missing host",
        "sip:@example.com              | 4  | empty user part",
        "sip:a b@example.com           | 5  | not allowed in the user part",
        "sip:%zzuser@example.com       | 4  | malformed escape",
        "sip:user%4@example.com        | 8  | escape",
        "sip:user@example.com:         | 21 | missing port",
        "sip:user@example.com:99999    | 21 | port out of range",
        "sip:user@example.com:50x      | 23 | unexpected character",
        "sip:user@example.com;         | 21 | empty URI parameter name",
        "sip:user@example.com;maddr=   | 27 | missing value",
        "sip:user@example.com?Subject  | 28 | expected '='",
        "sip:user@example.com?=x       | 21 | empty URI header name",
        "sip:user@example.com>         | 20 | unexpected character",
        "sip:user@[2001:db8::1         | 9  | unterminated IPv6",
        "sip:user@[2001:zz8::1]        | 15 | IPv6",
        "sip:user@example.com; lr      | 21 | empty URI parameter name",
        "<sip:user@example.com>        | 0  | must start with a scheme",
        "example.com                   | 11 | expected ':'",
        "tel:                          | 4  | no digits",
        "tel:+1-201-55x-0123           | 13 | not allowed in a telephone number",
        "tel:+1-201-555-0123;          | 20 | empty tel URL parameter name",
        "http:                         | 5  | empty scheme-specific part",
        "http://example.com/a b        | 20 | not allowed in a URI",
    })
    void invalidUrisAreRejectedWithReasonAndPosition(String text, int position, String reason) {
        ServletParseException e = assertThrows(ServletParseException.class, () -> UriParser.parse(text));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().contains("position " + position + " "), e.getMessage());
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void emptyTextIsRejected() {
        assertThrows(ServletParseException.class, () -> UriParser.parse(""));
        assertThrows(ServletParseException.class, () -> UriParser.parse("   "));
        assertThrows(NullPointerException.class, () -> UriParser.parse(null));
    }

    @Test
    void typedParsersRejectOtherSchemes() {
        assertThrows(ServletParseException.class, () -> UriParser.parseSipURI("tel:+1234"));
        assertThrows(ServletParseException.class, () -> UriParser.parseTelURL("sip:a@b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "tel:+1-201-555-0123",
        "tel:7042;phone-context=example.com",
        "tel:863-1234;phone-context=+1-914-555",
        "tel:+1-212-555-1234;ext=1234;isub=5",
        "tel:*67;phone-context=example.com",
        "tel:+358-555-1234567;postd=pp22",
    })
    void telUrlsPrintExactlyAsWritten(String text) throws ServletParseException {
        TelURLImpl url = UriParser.parseTelURL(text);
        assertEquals(text, url.toString());
        url.setParameter("x", "1");
        url.removeParameter("x");
        assertEquals(text, url.toString(), "formatted from its parts");
    }

    @Test
    void globalTelUrlHasNumberWithoutPlusAndNoContext() throws ServletParseException {
        TelURLImpl url = UriParser.parseTelURL("tel:+1-201-555-0123");
        assertTrue(url.isGlobal());
        assertFalse(url.isSipURI());
        assertEquals("tel", url.getScheme());
        assertEquals("1-201-555-0123", url.getPhoneNumber());
        assertEquals(null, url.getPhoneContext());
    }

    @Test
    void localTelUrlHasPhoneContext() throws ServletParseException {
        TelURLImpl url = UriParser.parseTelURL("tel:7042;phone-context=example.com");
        assertFalse(url.isGlobal());
        assertEquals("7042", url.getPhoneNumber());
        assertEquals("example.com", url.getPhoneContext());
        assertEquals("example.com", url.getParameter("Phone-Context"));
    }

    @Test
    void setPhoneNumberSwitchesBetweenGlobalAndLocal() throws ServletParseException {
        TelURLImpl url = UriParser.parseTelURL("tel:7042;phone-context=example.com;ext=22");
        url.setPhoneNumber("+1-201-555-0123");
        assertTrue(url.isGlobal());
        assertEquals("tel:+1-201-555-0123;ext=22", url.toString());
        url.setPhoneNumber("555-0199", "+1-201");
        assertEquals("tel:555-0199;ext=22;phone-context=+1-201", url.toString());
        assertEquals("+1-201", url.getPhoneContext());
        assertEquals("tel:+33-1-23", TelURLImpl.global("+33-1-23").toString());
        assertEquals("tel:12;phone-context=example.com", TelURLImpl.local("12", "example.com").toString());
    }

    @Test
    void setPhoneNumberRejectsInvalidNumbers() throws ServletParseException {
        TelURLImpl url = UriParser.parseTelURL("tel:+1234");
        assertThrows(IllegalArgumentException.class, () -> url.setPhoneNumber("1234"));
        assertThrows(IllegalArgumentException.class, () -> url.setPhoneNumber("+12a4"));
        assertThrows(IllegalArgumentException.class, () -> url.setPhoneNumber("+"));
        assertThrows(IllegalArgumentException.class, () -> url.setPhoneNumber("12 34", "example.com"));
        assertThrows(IllegalArgumentException.class, () -> url.setPhoneNumber("1234", "not a context"));
        assertEquals("tel:+1234", url.toString());
    }

    // RFC 3966 section 5.
    @Test
    void telUrlsCompareWithoutSeparatorsCaseAndParameterOrder() throws ServletParseException {
        assertEqualTel("tel:+1-201-555-0123", "tel:+1.201.555.0123");
        assertEqualTel("tel:+1-201-555-0123", "tel:+1(201)5550123");
        assertEqualTel("tel:7042;phone-context=EXAMPLE.com", "tel:7042;phone-context=example.com");
        assertEqualTel("tel:+1234;ext=1;isub=2", "tel:+1234;ISUB=2;ext=1");
        assertEqualTel("tel:863-1234;phone-context=+1-914-555", "tel:8631234;phone-context=+1914555");
        assertEqualTel("tel:ABC1;phone-context=example.com", "tel:abc1;phone-context=example.com");
        assertDifferentTel("tel:+1234", "tel:1234;phone-context=example.com");
        assertDifferentTel("tel:+1234", "tel:+1234;ext=1");
        assertDifferentTel("tel:+1234;ext=1", "tel:+1234;ext=2");
        assertDifferentTel("tel:+1234", "tel:+12345");
    }

    private static void assertEqualTel(String a, String b) throws ServletParseException {
        URI x = UriParser.parse(a);
        URI y = UriParser.parse(b);
        assertEquals(x, y, a + " should equal " + b);
        assertEquals(y, x);
        assertEquals(x.hashCode(), y.hashCode());
    }

    private static void assertDifferentTel(String a, String b) throws ServletParseException {
        assertNotEquals(UriParser.parse(a), UriParser.parse(b), a + " should differ from " + b);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://www.example.com",
        "nobodyKnowsThisScheme:totallyopaquecontent",
        "soap.beep://192.0.2.103:3002",
        "isbn:2983792873",
        "name:John_Smith",
        "urn:service:sos",
        "mailto:watson@bell-telephone.com",
        "im:alice@example.com",
    })
    void otherSchemesAreKeptOpaque(String text) throws ServletParseException {
        URI uri = UriParser.parse(text);
        assertTrue(uri instanceof GenericURIImpl, uri.getClass().getName());
        assertFalse(uri.isSipURI());
        assertEquals(text, uri.toString());
        assertEquals(text.substring(0, text.indexOf(':')).toLowerCase(), uri.getScheme());
        assertEquals(uri, UriParser.parse(text));
        assertEquals(uri, uri.clone());
    }

    @Test
    void genericUriParametersAreAppended() throws ServletParseException {
        GenericURIImpl uri = (GenericURIImpl) UriParser.parse("urn:service:sos");
        uri.setParameter("x", "a b");
        assertEquals("urn:service:sos;x=a%20b", uri.toString());
        assertEquals("a b", uri.getParameter("X"));
        assertEquals("service:sos", uri.getSchemeSpecificPart());
        assertNotEquals(uri, UriParser.parse("urn:service:sos"));
        uri.setReadOnly();
        assertThrows(IllegalStateException.class, () -> uri.removeParameter("x"));
    }

    @Test
    void genericUrisCompareSchemeWithoutCaseButTheRestExactly() throws ServletParseException {
        assertEquals(UriParser.parse("HTTP://www.example.com/a"), UriParser.parse("http://www.example.com/a"));
        assertNotEquals(UriParser.parse("http://www.example.com/A"), UriParser.parse("http://www.example.com/a"));
    }
}
