package io.sipcontainer.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.sip.ar.SipApplicationRoutingRegionType;
import jakarta.servlet.sip.ar.SipRouteModifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DarParserTest {

    private static DarFile parse(String text) {
        return DarParser.parse(text, "dar.properties");
    }

    private static DarParseException failure(String text) {
        return assertThrows(DarParseException.class, () -> parse(text));
    }

    private static void assertFailsAt(int line, String reasonPart, String text) {
        DarParseException e = failure(text);
        assertEquals("dar.properties", e.sourceName());
        assertEquals(line, e.lineNumber(), e.getMessage());
        assertTrue(e.reason().contains(reasonPart), e.getMessage());
        assertTrue(e.getMessage().startsWith("dar.properties line " + line + ": "), e.getMessage());
    }

    @Test
    void specExampleGivesOrderedTuplesWithAllFields() {
        DarFile dar = parse("INVITE: (\"app1\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"0\"),"
                + " (\"app2\", \"DAR:To\", \"TERMINATING\", \"\", \"NO_ROUTE\", \"1\")");

        List<DarEntry> invite = dar.entriesFor("INVITE");
        assertEquals(2, invite.size());
        DarEntry first = invite.get(0);
        assertEquals("app1", first.applicationName());
        assertEquals("DAR:From", first.subscriberIdentity());
        assertEquals("From", first.subscriberHeader());
        assertEquals(SipApplicationRoutingRegionType.ORIGINATING, first.regionType());
        assertEquals("", first.route());
        assertEquals(SipRouteModifier.NO_ROUTE, first.routeModifier());
        assertEquals("0", first.stateInfo());
        assertEquals(1, first.lineNumber());
        assertEquals("app2", invite.get(1).applicationName());
        assertEquals(SipApplicationRoutingRegionType.TERMINATING, invite.get(1).regionType());
        assertEquals("To", invite.get(1).subscriberHeader());
    }

    @Test
    void commentsAndBlankLinesAreIgnoredAndLineNumbersKept() {
        DarFile dar = parse("""
                # a comment
                ! another comment style

                OPTIONS: ("options", "DAR:To", "NEUTRAL", "", "NO_ROUTE", "0")
                """);
        assertEquals(Set.of("OPTIONS"), dar.methods());
        assertEquals(4, dar.entriesFor("OPTIONS").get(0).lineNumber());
    }

    @Test
    void methodLookupIgnoresCaseAndUnknownMethodHasNoEntries() {
        DarFile dar = parse("options = (\"options\", \"x\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\")");
        assertEquals(1, dar.entriesFor("OPTIONS").size());
        assertEquals(1, dar.entriesFor("options").size());
        assertEquals(List.of(), dar.entriesFor("INVITE"));
    }

    @Test
    void quotingAndBlankVariationsAreTolerated() {
        DarFile dar = parse("INVITE=( 'a' ,DAR:from,originating,,no_route,0 )(  \"b\",\"lit\" , "
                + "\"Terminating\" , \"<sip:p.example.com;lr>\",\"route_back\",\"1\"),");
        List<DarEntry> invite = dar.entriesFor("INVITE");
        assertEquals(2, invite.size());
        assertEquals("a", invite.get(0).applicationName());
        assertEquals("from", invite.get(0).subscriberHeader());
        assertEquals(SipApplicationRoutingRegionType.ORIGINATING, invite.get(0).regionType());
        assertEquals(SipRouteModifier.NO_ROUTE, invite.get(0).routeModifier());
        assertNull(invite.get(1).subscriberHeader());
        assertEquals("lit", invite.get(1).subscriberIdentity());
        assertEquals("<sip:p.example.com;lr>", invite.get(1).route());
        assertEquals(SipRouteModifier.ROUTE_BACK, invite.get(1).routeModifier());
    }

    @Test
    void methodWithoutSeparatorOrTuplesHasEmptyList() {
        DarFile dar = parse("INVITE  (\"a\", \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\")\nMESSAGE:\n");
        assertEquals(1, dar.entriesFor("INVITE").size());
        assertEquals(List.of(), dar.entriesFor("MESSAGE"));
        assertTrue(dar.methods().contains("MESSAGE"));
    }

    @Test
    void quotedFieldMayContainCommasParenthesesAndEscapedQuotes() {
        DarFile dar = parse("INVITE: (\"a\", \"x, (y) \\\"z\\\"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\")");
        assertEquals("x, (y) \"z\"", dar.entriesFor("INVITE").get(0).subscriberIdentity());
    }

    @Test
    void backslashContinuationJoinsLinesAndErrorsNameThePhysicalLine() {
        String text = """
                INVITE: ("a", "DAR:From", "ORIGINATING", "", "NO_ROUTE", "0"), \\
                        ("b", "DAR:To", "TERMINATING", "", "NO_ROUTE", "1")
                """;
        List<DarEntry> invite = parse(text).entriesFor("INVITE");
        assertEquals(2, invite.size());
        assertEquals(1, invite.get(0).lineNumber());
        assertEquals(2, invite.get(1).lineNumber());

        assertFailsAt(2, "expected 6 fields in tuple, got 2", """
                INVITE: ("a", "DAR:From", "ORIGINATING", "", "NO_ROUTE", "0"), \\
                        ("b", "DAR:To")
                """);
    }

    @Test
    void continuationBackslashMayBeFollowedByBlanks() {
        String text = "INVITE: (\"a\", \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\"), \\   \n"
                + "  (\"b\", \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"1\")\n";
        assertEquals(2, parse(text).entriesFor("INVITE").size());
    }

    @Test
    void lineStartingWithParenthesisContinuesThePreviousMethod() {
        DarFile dar = parse("""
                INVITE: ("a", "DAR:From", "ORIGINATING", "", "NO_ROUTE", "0"),
                # the terminating side
                        ("b", "DAR:To", "TERMINATING", "", "NO_ROUTE", "1")
                OPTIONS: ("o", "", "NEUTRAL", "", "NO_ROUTE", "0")
                """);
        assertEquals(List.of("a", "b"),
                dar.entriesFor("INVITE").stream().map(DarEntry::applicationName).toList());
        assertEquals(3, dar.entriesFor("INVITE").get(1).lineNumber());
        assertEquals(1, dar.entriesFor("OPTIONS").size());
    }

    @Test
    void routeModifierEntryMayOmitTheApplication() {
        DarEntry entry = parse("INFO: (\"\", \"\", \"NEUTRAL\", \"sip:proxy.example.com;lr\", \"ROUTE\", \"0\")")
                .entriesFor("INFO").get(0);
        assertTrue(entry.isPureRoute());
        assertEquals("sip:proxy.example.com;lr", entry.route());
    }

    @Test
    void byteOrderMarkAtStartIsIgnored() {
        assertEquals(1, parse("\uFEFFOPTIONS: (\"o\", \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\")")
                .entriesFor("OPTIONS").size());
    }

    @Test
    void tooFewFieldsIsReportedWithLineAndCount() {
        assertFailsAt(3, "expected 6 fields in tuple, got 4", """
                # header
                OPTIONS: ("o", "", "NEUTRAL", "", "NO_ROUTE", "0")
                INVITE: ("a", "DAR:From", "ORIGINATING", "")
                """);
    }

    @Test
    void tooManyAndZeroFieldsAreReported() {
        assertFailsAt(1, "expected 6 fields in tuple, got 7",
                "INVITE: (\"a\", \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\", \"extra\")");
        assertFailsAt(1, "expected 6 fields in tuple, got 0", "INVITE: ()");
    }

    @Test
    void unknownRegionIsReported() {
        assertFailsAt(2, "unknown routing region 'INBOUND'", "\nINVITE: (\"a\", \"\", \"INBOUND\", \"\", \"NO_ROUTE\", \"0\")");
    }

    @Test
    void unknownModifierIsReported() {
        assertFailsAt(1, "unknown route modifier 'REROUTE'", "INVITE: (\"a\", \"\", \"NEUTRAL\", \"\", \"REROUTE\", \"0\")");
    }

    @Test
    void routeThatIsNotASipUriIsReported() {
        assertFailsAt(1, "route 'http://x' is not a sip: or sips: URI",
                "INVITE: (\"a\", \"\", \"NEUTRAL\", \"http://x\", \"ROUTE\", \"0\")");
    }

    @Test
    void routeModifierWithoutRouteIsReported() {
        assertFailsAt(1, "route modifier ROUTE needs a route", "INVITE: (\"a\", \"\", \"NEUTRAL\", \"\", \"ROUTE\", \"0\")");
        assertFailsAt(1, "route modifier ROUTE_BACK needs a route", "INVITE: (\"a\", \"\", \"NEUTRAL\", \"\", \"ROUTE_BACK\", \"0\")");
    }

    @Test
    void emptyApplicationWithoutRouteModifierIsReported() {
        assertFailsAt(1, "application name is empty", "INVITE: (\"\", \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\")");
    }

    @Test
    void headerDirectiveWithoutHeaderIsReported() {
        assertFailsAt(1, "must name a header after DAR:", "INVITE: (\"a\", \"DAR:\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\")");
    }

    @Test
    void duplicateMethodIsReportedWithFirstLine() {
        assertFailsAt(3, "method invite is configured twice (first on line 1)", """
                INVITE: ("a", "", "NEUTRAL", "", "NO_ROUTE", "0")
                OPTIONS: ("o", "", "NEUTRAL", "", "NO_ROUTE", "0")
                invite: ("b", "", "NEUTRAL", "", "NO_ROUTE", "0")
                """);
    }

    @Test
    void invalidMethodNameIsReported() {
        assertFailsAt(1, "'IN\"VITE' is not a SIP method name", "IN\"VITE: (\"a\", \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\")");
    }

    @Test
    void tupleBeforeAnyMethodIsReported() {
        assertFailsAt(2, "tuple before any method name", "# c\n(\"a\", \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\")");
    }

    @Test
    void textOutsideTuplesIsReported() {
        assertFailsAt(1, "expected '(' to start a tuple, found 'a'", "INVITE: app1");
        assertFailsAt(1, "expected ',' or ')' after field 1, found 'x'",
                "INVITE: (\"a\" x, \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\")");
    }

    @Test
    void unclosedTupleAndQuoteAreReportedAtTheirStart() {
        assertFailsAt(2, "tuple is not closed with ')'", "OPTIONS:\nINVITE: (\"a\", \"\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\"");
        assertFailsAt(1, "quoted field is not closed", "INVITE: (\"a\", \"b)\n");
    }

    @Test
    void parsingAFileUsesItsPathAsSourceName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dar.properties");
        Files.writeString(file, "INVITE: (\"a\", \"\", \"NEUTRAL\")\n");
        DarParseException e = assertThrows(DarParseException.class, () -> DarParser.parse(file));
        assertEquals(file.toString(), e.sourceName());
        assertEquals(1, e.lineNumber());
    }

    @Test
    void shippedSampleConfigurationParses() throws IOException {
        Path sample = Path.of("..", "conf", "dar.properties");
        DarFile dar = DarParser.parse(sample);
        assertEquals("registrar", dar.entriesFor("REGISTER", DarFile.Origin.NETWORK).get(0).applicationName());
        assertEquals("proxy", dar.entriesFor("INVITE", DarFile.Origin.NETWORK).get(0).applicationName());
        assertEquals("proxy", dar.entriesFor("OPTIONS", DarFile.Origin.NETWORK).get(0).applicationName());
        Set<String> methods = Set.of("REGISTER", "INVITE", "ACK", "BYE", "OPTIONS", "MESSAGE", "INFO", "UPDATE",
                "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH", "REFER");
        assertEquals(methods.stream().map(m -> m + "@network").collect(java.util.stream.Collectors.toSet()),
                dar.methods(), "the shipped routing takes requests from the network only");
        for (String m : methods) {
            assertTrue(dar.entriesFor(m, DarFile.Origin.APPLICATION).isEmpty(),
                    m + " an application sends itself goes to its target");
        }
    }

    @Test
    void aMethodMayHaveOneListPerOrigin() {
        DarFile dar = DarParser.parse("""
                MESSAGE@network: ("proxy", "DAR:To", "NEUTRAL", "", "NO_ROUTE", "0")
                message@APP: ("timer", "DAR:From", "ORIGINATING", "", "NO_ROUTE", "0")
                MESSAGE: ("both", "DAR:To", "NEUTRAL", "", "NO_ROUTE", "0")
                """, "test");
        assertEquals("proxy", dar.entriesFor("MESSAGE", DarFile.Origin.NETWORK).get(0).applicationName());
        assertEquals("timer", dar.entriesFor("MESSAGE", DarFile.Origin.APPLICATION).get(0).applicationName());
        assertEquals("both", dar.entriesFor("MESSAGE").get(0).applicationName());
    }

    @Test
    void anUnknownOriginIsRefusedWithItsLine() {
        DarParseException e = org.junit.jupiter.api.Assertions.assertThrows(DarParseException.class,
                () -> DarParser.parse("\nINVITE@elsewhere: (\"a\", \"DAR:To\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\")\n",
                        "test"));
        assertTrue(e.getMessage().contains("2") && e.getMessage().contains("'network'"), e.getMessage());
    }
}
