package io.sipcontainer.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SystemHeadersTest {

    @ParameterizedTest
    @CsvSource({
        "i, Call-ID", "m, Contact", "e, Content-Encoding", "l, Content-Length", "c, Content-Type",
        "f, From", "s, Subject", "k, Supported", "t, To", "v, Via", "o, Event", "u, Allow-Events",
        "r, Refer-To", "b, Referred-By", "x, Session-Expires", "j, Reject-Contact",
        "a, Accept-Contact", "d, Request-Disposition", "y, Identity", "n, Identity-Info",
    })
    void compactFormsMapBothWays(String compact, String full) {
        assertEquals(full, SystemHeaders.canonicalName(compact));
        assertEquals(full, SystemHeaders.canonicalName(compact.toUpperCase()));
        assertEquals(compact, SystemHeaders.compactForm(full));
        assertEquals(compact, SystemHeaders.compactForm(full.toLowerCase()));
        assertEquals(compact, SystemHeaders.compactForm(compact.toUpperCase()));
        assertTrue(SystemHeaders.sameHeader(compact, full.toUpperCase()));
    }

    @Test
    void canonicalNameFixesCaseOfKnownHeadersAndKeepsUnknownOnes() {
        assertEquals("Call-ID", SystemHeaders.canonicalName("CALL-id"));
        assertEquals("CSeq", SystemHeaders.canonicalName("cseq"));
        assertEquals("WWW-Authenticate", SystemHeaders.canonicalName("www-authenticate"));
        assertEquals("Max-Forwards", SystemHeaders.canonicalName("MaX-fOrWaRdS"));
        assertEquals("RAck", SystemHeaders.canonicalName("rack"));
        assertEquals("NewFangledHeader", SystemHeaders.canonicalName("NewFangledHeader"));
        assertEquals("z", SystemHeaders.canonicalName("z"));
        assertNull(SystemHeaders.compactForm("Max-Forwards"));
        assertNull(SystemHeaders.compactForm("X-Unknown"));
        assertFalse(SystemHeaders.sameHeader("To", "From"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Call-ID", "i", "CSeq", "Via", "v", "VIA", "Route", "Record-Route",
        "RAck", "RSeq", "From", "f", "To", "t"})
    void coreHeadersAreSystemInEveryMessage(String name) {
        assertTrue(SystemHeaders.isSystem(name, "INVITE", 0, true));
        assertTrue(SystemHeaders.isSystem(name, "REGISTER", 0, true));
        assertTrue(SystemHeaders.isSystem(name, "REGISTER", 200, false));
        assertTrue(SystemHeaders.isSystem(name, "INVITE", 302, false));
        assertTrue(SystemHeaders.isAlwaysSystem(name));
    }

    @Test
    void pathIsSystemExceptInResponsesToRegisterWhereTheRegistrarEchoesIt() {
        assertTrue(SystemHeaders.isSystem("Path", "REGISTER", 0, true));
        assertTrue(SystemHeaders.isSystem("Path", "INVITE", 0, true));
        assertTrue(SystemHeaders.isSystem("Path", "INVITE", 200, false));
        assertFalse(SystemHeaders.isSystem("Path", "REGISTER", 200, false));
        assertFalse(SystemHeaders.isSystem("path", "REGISTER", 420, false));
        assertFalse(SystemHeaders.isAlwaysSystem("Path"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Subject", "s", "Max-Forwards", "User-Agent", "X-Custom", "Allow", "Supported",
        "P-Asserted-Identity", "Reply-To"})
    void otherHeadersAreNotSystem(String name) {
        assertFalse(SystemHeaders.isSystem(name, "INVITE", 0, true));
        assertFalse(SystemHeaders.isSystem(name, "INVITE", 200, false));
        assertFalse(SystemHeaders.isAlwaysSystem(name));
    }

    /** Each row: method, status (0 for requests), isRequest, Contact is system. */
    @ParameterizedTest
    @CsvSource({
        "INVITE, 0, true, true",
        "SUBSCRIBE, 0, true, true",
        "OPTIONS, 0, true, true",
        "REGISTER, 0, true, false",
        "REGISTER, 200, false, false",
        "REGISTER, 423, false, false",
        "INVITE, 300, false, false",
        "INVITE, 301, false, false",
        "INVITE, 302, false, false",
        "INVITE, 399, false, false",
        "INVITE, 485, false, false",
        "OPTIONS, 200, false, false",
        "OPTIONS, 404, false, true",
        "INVITE, 180, false, true",
        "INVITE, 200, false, true",
        "INVITE, 404, false, true",
        "SUBSCRIBE, 200, false, true",
        "INVITE, 400, false, true",
    })
    void contactIsSystemExceptWhereTheApplicationSuppliesContacts(String method, int status, boolean isRequest,
                                                                  boolean system) {
        assertEquals(system, SystemHeaders.isSystem("Contact", method, status, isRequest));
        assertEquals(system, SystemHeaders.isSystem("m", method, status, isRequest));
        assertEquals(system, SystemHeaders.isContactSystem(method, status, isRequest));
        assertFalse(SystemHeaders.isAlwaysSystem("Contact"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"From", "f", "To", "t", "Contact", "m", "Route", "Record-Route", "Reply-To", "Refer-To",
        "r", "Referred-By", "b", "P-Asserted-Identity", "P-Preferred-Identity", "Path", "Service-Route",
        "Alert-Info", "Call-Info", "Error-Info", "history-info"})
    void addressHeadersAreRecognised(String name) {
        assertTrue(SystemHeaders.isAddressHeader(name));
        assertTrue(SystemHeaders.isParameterableHeader(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Via", "Content-Type", "c", "Accept", "Content-Disposition", "Retry-After", "Event"})
    void nonAddressParameterableHeadersAreRecognised(String name) {
        assertFalse(SystemHeaders.isAddressHeader(name));
        assertTrue(SystemHeaders.isParameterableHeader(name));
    }

    @Test
    void plainHeadersAreNeitherAddressNorParameterable() {
        assertFalse(SystemHeaders.isAddressHeader("Call-ID"));
        assertFalse(SystemHeaders.isParameterableHeader("Call-ID"));
        assertFalse(SystemHeaders.isAddressHeader("Subject"));
        assertFalse(SystemHeaders.isParameterableHeader("CSeq"));
    }

    @Test
    void onlyFromAndToHaveProtectedTags() {
        assertTrue(SystemHeaders.hasProtectedTag("From"));
        assertTrue(SystemHeaders.hasProtectedTag("t"));
        assertTrue(SystemHeaders.hasProtectedTag("TO"));
        assertFalse(SystemHeaders.hasProtectedTag("Contact"));
    }
}
