package io.sipcontainer.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.SipURI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Address parsing, including the address header values of the RFC 4475 torture messages (written
 * out here so the test needs no files; {@link TortureMessagesTest} reads the messages themselves).
 */
class AddressParserTest {

    private static AddressImpl parse(String text) throws ServletParseException {
        return AddressParser.parse(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"Alice\" <sip:alice@atlanta.com>;tag=1928301774",
        "<sip:alice@atlanta.com>",
        "sip:alice@atlanta.com",
        "sip:alice@atlanta.com;tag=88sja8x",
        "Bob <sip:bob@biloxi.com>;tag=a6c85cf",
        "<sip:carol@chicago.com;transport=tcp>;expires=3600;q=0.7",
        "\"\" <sip:anonymous@anonymous.invalid>",
        "<sip:user;par=u%40example.net@example.com>",
        "<sip:+19725552222@gw1.example.net;unknownparam>",
        "sip:+19725552222@gw1.example.net;unknownparam",
        "<sip:user@example.com?Route=%3Csip:sip.example.com%3E>",
        "<sip:[2001:db8::10]:5070;transport=tcp>;+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\"",
        "\"BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007F\" <sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>",
        "token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439\";tag=_token~1'+`*%!-.",
        "\"%Z%45\" <sip:resource@example.com>;tag=f232jadfj23",
        "sip:null-%00-null@example.com;tag=839923423",
        "<sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>",
        "<sip:services.example.com;lr;unknownwith=value;unknown-no-value>",
        "isbn:2983792873",
        "<http://www.example.com>;tag=3234233",
        "<name:John_Smith>",
        "<tel:+1-201-555-0123>;tag=1",
        "<sip:alice@atlanta.com>;flag;param=\"quoted value\"",
        "<sip:alice@atlanta.com>;received=[2001:db8::9]",
        "<sip:alice@pc33.atlanta.com>;+sip.message=\"TRUE\";expires=0",
    })
    void addressPrintsAsWritten(String text) throws ServletParseException {
        AddressImpl address = parse(text);
        assertEquals(text, address.toString());
        AddressImpl again = parse(address.toString());
        assertEquals(address, again);
        assertEquals(address.getDisplayName(), again.getDisplayName());
        assertEquals(text, again.toString());
    }

    /** Each row: input | normalised output (white space collapsed, angle brackets as written). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "caller<sip:caller@example.com>;tag=323 | caller <sip:caller@example.com>;tag=323",
        "  <sip:a@b>  ;  tag  =  x  | <sip:a@b>;tag=x",
        "sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n | sip:vivekg@chair-dnrc.example.com;tag=1918181833n",
        "A.  G.   Bell <sip:a.g.bell@example.com> | A. G. Bell <sip:a.g.bell@example.com>",
    })
    void whiteSpaceIsNormalised(String text, String expected) throws ServletParseException {
        assertEquals(expected, parse(text).toString());
    }

    @Test
    void foldedLinesAndQuotedPairsAreAccepted() throws ServletParseException {
        // wsinv: from   : "J Rosenberg \\\""       <sip:jdrosen@example.com>CRLF  ;CRLF  tag = 98asjd8
        AddressImpl from = parse("\"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\r\n  ;\r\n  tag = 98asjd8");
        assertEquals("J Rosenberg \\\"", from.getDisplayName());
        assertEquals("98asjd8", from.getParameter("tag"));
        assertEquals("\"J Rosenberg \\\\\\\"\" <sip:jdrosen@example.com>;tag=98asjd8", from.toString());

        // wsinv: m:"Quoted string \"\"" <sip:jdrosen@example.com> ; newparam =CRLF      newvalue ;CRLF  secondparam ; q = 0.33
        AddressImpl contact = parse("\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam =\r\n"
                + "      newvalue ;\r\n  secondparam ; q = 0.33");
        assertEquals("Quoted string \"\"", contact.getDisplayName());
        assertEquals("newvalue", contact.getParameter("newparam"));
        assertEquals("", contact.getParameter("secondparam"));
        assertEquals(0.33f, contact.getQ());
        assertEquals("\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com>;newparam=newvalue;secondparam;q=0.33",
                contact.toString());
    }

    @Test
    void unusualDisplayNamesAndParametersAreUnderstood() throws ServletParseException {
        AddressImpl to = parse("\"BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007F\" "
                + "<sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>");
        assertEquals("BEL:\u0007 NUL:\u0000 DEL:\u007F", to.getDisplayName());
        assertEquals("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", ((SipURI) to.getURI()).getUser());

        AddressImpl from = parse("token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;"
                + "fromParam''~+*_!.-%=\"\u0440\u0430\u0431\";tag=_token~1'+`*%!-.");
        assertEquals("token1~` token2'+_ token3*%!.-", from.getDisplayName());
        assertEquals("\u0440\u0430\u0431", from.getParameter("fromparam''~+*_!.-%"));
        assertEquals("_token~1'+`*%!-.", from.getParameter("tag"));
    }

    @Test
    void displayNameIsNotUnescaped() throws ServletParseException {
        assertEquals("%Z%45", parse("\"%Z%45\" <sip:resource@example.com>").getDisplayName());
    }

    @Test
    void addrSpecParametersBelongToTheAddressNotTheUri() throws ServletParseException {
        AddressImpl bare = parse("sip:+19725552222@gw1.example.net;unknownparam");
        assertEquals("", bare.getParameter("unknownparam"));
        assertFalse(bare.getURI().getParameterNames().hasNext());

        AddressImpl bracketed = parse("<sip:+19725552222@gw1.example.net;unknownparam>");
        assertNull(bracketed.getParameter("unknownparam"));
        assertEquals("", bracketed.getURI().getParameter("unknownparam"));

        AddressImpl userPhone = parse("sip:+16505552222@ss1.example.net;user=phone");
        assertEquals("phone", userPhone.getParameter("user"));
        assertNull(((SipURI) userPhone.getURI()).getUserParam());
    }

    @Test
    void uriHeadersInsideAngleBracketsAreParsed() throws ServletParseException {
        AddressImpl contact = parse("<sip:user@example.com?Route=%3Csip:sip.example.com%3E>");
        assertEquals("<sip:sip.example.com>", ((SipURI) contact.getURI()).getHeader("Route"));
    }

    @Test
    void otherSchemesAreAccepted() throws ServletParseException {
        assertInstanceOf(GenericURIImpl.class, parse("isbn:2983792873").getURI());
        assertEquals("http", parse("<http://www.example.com>;tag=3234233").getURI().getScheme());
        assertInstanceOf(TelURLImpl.class, parse("<tel:+1-201-555-0123>").getURI());
    }

    @Test
    void starIsTheWildcard() throws ServletParseException {
        AddressImpl star = parse(" * ");
        assertTrue(star.isWildcard());
        assertNull(star.getURI());
        assertEquals("*", star.toString());
        assertEquals(star, AddressImpl.wildcard());
        assertFalse(parse("sip:a@b").isWildcard());
    }

    /** Each row: input | position | part of the reason (RFC 4475 3.1.2 cases first). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        // baddn: unquoted display name with a comma
        "Bell, Alexander <sip:a.g.bell@example.com>;tag=43 | 4 | display name",
        // badaspec: white space inside <>
        "'\"Watson, Thomas\" < sip:t.watson@example.org >' | 18 | scheme",
        // quotbal: unterminated quoted string
        "'\"Mr. J. User <sip:j.user@example.com>' | 0 | unterminated quoted string",
        // regbadct: URI headers outside <>
        "sip:user@example.com?Route=%3Csip:sip.example.com%3E | 20 | enclosed in '<' and '>'",
        // badinv01: empty parameters
        "'\"Joe\" <sip:joe@example.org>;;;;' | 28 | empty parameter name",
        "'' | 0 | empty address",
        "<sip:a@b | 0 | missing '>'",
        "'\"Alice\" sip:a@b' | 8 | expected '<'",
        "<sip:a@b>;tag= | 14 | missing value",
        "<sip:a@b> junk | 10 | expected ';'",
        "<sip:a@b>;tag=\"x | 14 | unterminated quoted string",
        "* ;q=1 | 2 | wildcard",
        "sip:a@b,sip:c@d | 7 | enclosed",
        "<sip:a b@c> | 6 | user part",
    })
    void invalidAddressesAreRejectedWithReasonAndPosition(String text, int position, String reason) {
        ServletParseException e = assertThrows(ServletParseException.class, () -> parse(text));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().contains("position " + position + " "), e.getMessage());
    }

    @Test
    void aDisplayNameWithABareCarriageReturnPrintsAsTextThatParsesAgain() throws ServletParseException {
        AddressImpl a = AddressParser.parse("J Rose\r\r more <sip:j@example.com>;tag=1");
        String printed = a.toString();
        assertFalse(printed.contains("\r") || printed.contains("\n"), printed);
        assertEquals(printed, AddressParser.parse(printed).toString());
    }
}
