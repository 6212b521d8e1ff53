package io.sipcontainer.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.SipURI;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AddressImplTest {

    private static AddressImpl parse(String text) throws ServletParseException {
        return AddressParser.parse(text);
    }

    @Test
    void createdAddressUsesAddrSpecOnlyWhenSafe() throws ServletParseException {
        assertEquals("sip:alice@atlanta.com", new AddressImpl(SipURIImpl.create("alice", "atlanta.com")).toString());
        assertEquals("<sip:alice@atlanta.com;transport=tcp>",
                new AddressImpl(UriParser.parse("sip:alice@atlanta.com;transport=tcp")).toString());
        assertEquals("<sip:alice@atlanta.com?Subject=x>",
                new AddressImpl(UriParser.parse("sip:alice@atlanta.com?Subject=x")).toString());
        assertEquals("<sip:a;b@atlanta.com>", new AddressImpl(SipURIImpl.create("a;b", "atlanta.com")).toString());
        assertEquals("<sip:a,b@atlanta.com>", new AddressImpl(SipURIImpl.create("a,b", "atlanta.com")).toString());
        assertEquals("\"Alice\" <sip:alice@atlanta.com>",
                new AddressImpl("Alice", SipURIImpl.create("alice", "atlanta.com")).toString());
    }

    @Test
    void uriParametersAddedLaterSwitchToNameAddrForm() throws ServletParseException {
        AddressImpl address = parse("sip:alice@atlanta.com;tag=1");
        ((SipURI) address.getURI()).setTransportParam("tcp");
        assertEquals("<sip:alice@atlanta.com;transport=tcp>;tag=1", address.toString());
        assertEquals("tcp", ((SipURI) parse(address.toString()).getURI()).getTransportParam());
    }

    @Test
    void displayNameIsQuotedAndEscapedWhenSetByTheApplication() throws ServletParseException {
        AddressImpl address = parse("sip:alice@atlanta.com");
        address.setDisplayName("Al \"the pal\" \\o/");
        assertEquals("\"Al \\\"the pal\\\" \\\\o/\" <sip:alice@atlanta.com>", address.toString());
        assertEquals("Al \"the pal\" \\o/", parse(address.toString()).getDisplayName());
        address.setDisplayName(null);
        assertNull(address.getDisplayName());
        assertEquals("sip:alice@atlanta.com", address.toString());
        assertThrows(IllegalArgumentException.class, () -> address.setDisplayName("x\r\nVia: evil"));
    }

    @Test
    void qParameterIsReadAndWritten() throws ServletParseException {
        AddressImpl address = parse("<sip:a@b>");
        assertEquals(-1.0f, address.getQ());
        address.setQ(0.5f);
        assertEquals("<sip:a@b>;q=0.5", address.toString());
        address.setQ(1.0f);
        assertEquals("1.0", address.getParameter("q"));
        address.setQ(0.0f);
        assertEquals("0.0", address.getParameter("q"));
        address.setQ(0.333f);
        assertEquals("0.333", address.getParameter("q"));
        assertEquals(0.333f, address.getQ());
        address.setQ(0.1234f);
        assertEquals("0.123", address.getParameter("q"));
        assertThrows(IllegalArgumentException.class, () -> address.setQ(1.5f));
        assertThrows(IllegalArgumentException.class, () -> address.setQ(-0.5f));
        assertThrows(IllegalArgumentException.class, () -> address.setQ(Float.NaN));
        address.setQ(-1.0f);
        assertNull(address.getParameter("q"));
        assertEquals(-1.0f, parse("<sip:a@b>;q=abc").getQ());
    }

    @Test
    void expiresParameterIsReadAndWritten() throws ServletParseException {
        AddressImpl address = parse("<sip:a@b>;expires=3600");
        assertEquals(3600, address.getExpires());
        address.setExpires(0);
        assertEquals("<sip:a@b>;expires=0", address.toString());
        address.setExpires(-1);
        assertEquals(-1, address.getExpires());
        assertEquals("<sip:a@b>", address.toString());
        assertEquals(Integer.MAX_VALUE, parse("<sip:a@b>;expires=4294967295").getExpires());
        assertEquals(-1, parse("<sip:a@b>;expires=soon").getExpires());
    }

    @Test
    void parametersAreCaseInsensitiveAndOrdered() throws ServletParseException {
        AddressImpl address = parse("<sip:a@b>;Tag=1;Foo=bar;flag");
        assertEquals("1", address.getParameter("TAG"));
        assertEquals("", address.getParameter("FLAG"));
        List<String> names = new ArrayList<>();
        address.getParameterNames().forEachRemaining(names::add);
        assertEquals(List.of("Tag", "Foo", "flag"), names);
        assertEquals(names, new ArrayList<>(address.getParameterNameSet()));
        List<String> entries = new ArrayList<>();
        for (Map.Entry<String, String> e : address.getParameters()) {
            entries.add(e.getKey() + "=" + e.getValue());
        }
        assertEquals(List.of("Tag=1", "Foo=bar", "flag="), entries);
        address.setParameter("foo", "baz");
        address.setParameter("new", "a b");
        address.setParameter("flag", null);
        assertEquals("<sip:a@b>;Tag=1;Foo=baz;new=\"a b\"", address.toString());
        address.removeParameter("TAG");
        assertEquals("<sip:a@b>;Foo=baz;new=\"a b\"", address.toString());
        assertThrows(IllegalArgumentException.class, () -> address.setParameter("bad name", "x"));
        assertThrows(NullPointerException.class, () -> address.setParameter(null, "x"));
        assertThrows(UnsupportedOperationException.class, () -> address.getParameters().clear());
    }

    @Test
    void protectedTagCannotBeSetOrRemovedButOtherPartsCanChange() throws ServletParseException {
        AddressImpl from = parse("\"Alice\" <sip:alice@atlanta.com>;tag=1928301774");
        from.protectTag();
        assertTrue(from.isTagProtected());
        assertThrows(IllegalStateException.class, () -> from.setParameter("tag", "other"));
        assertThrows(IllegalStateException.class, () -> from.setParameter("TAG", "other"));
        assertThrows(IllegalStateException.class, () -> from.setParameter("tag", null));
        assertThrows(IllegalStateException.class, () -> from.removeParameter("Tag"));
        from.setDisplayName("Alice Smith");
        from.setParameter("x", "1");
        ((SipURI) from.getURI()).setUser("alice.smith");
        assertEquals("\"Alice Smith\" <sip:alice.smith@atlanta.com>;tag=1928301774;x=1", from.toString());
    }

    @Test
    void containerCanAssignTheTagOfAProtectedOrReadOnlyAddress() throws ServletParseException {
        AddressImpl to = parse("<sip:bob@biloxi.com>");
        to.protectTag();
        to.setReadOnly();
        to.assignTag("a6c85cf");
        assertEquals("<sip:bob@biloxi.com>;tag=a6c85cf", to.toString());
    }

    @Test
    void readOnlyAddressRejectsEveryModificationIncludingItsUri() throws ServletParseException {
        AddressImpl address = parse("\"Bob\" <sip:bob@biloxi.com>;tag=a6c85cf");
        address.setReadOnly();
        assertTrue(address.isReadOnly());
        List<Runnable> mutations = List.of(
            () -> address.setDisplayName("x"), () -> address.setURI(SipURIImpl.create("x", "y")),
            () -> address.setParameter("a", "b"), () -> address.removeParameter("tag"),
            () -> address.setQ(0.5f), () -> address.setExpires(10),
            () -> address.setValue("<sip:x@y>"),
            () -> ((SipURI) address.getURI()).setUser("mallory"),
            () -> address.getURI().setParameter("transport", "tcp"));
        for (Runnable mutation : mutations) {
            assertThrows(IllegalStateException.class, mutation::run);
        }
        assertEquals("\"Bob\" <sip:bob@biloxi.com>;tag=a6c85cf", address.toString());
    }

    @Test
    void cloneIsADeepWritableCopy() throws ServletParseException {
        AddressImpl address = parse("\"Bob\" <sip:bob@biloxi.com>;tag=a6c85cf");
        address.protectTag();
        address.setReadOnly();
        AddressImpl copy = address.clone();
        assertEquals(address, copy);
        assertFalse(copy.isReadOnly());
        assertFalse(copy.isTagProtected());
        copy.setParameter("tag", "new");
        ((SipURI) copy.getURI()).setUser("robert");
        copy.setDisplayName("Robert");
        assertEquals("\"Robert\" <sip:robert@biloxi.com>;tag=new", copy.toString());
        assertEquals("\"Bob\" <sip:bob@biloxi.com>;tag=a6c85cf", address.toString());
    }

    @Test
    void equalityIgnoresDisplayNamesAndParametersPresentOnOneSideOnly() throws ServletParseException {
        assertEquals(parse("\"Alice\" <sip:alice@atlanta.com>"), parse("Al <sip:alice@AtLanTa.com>"));
        assertEquals(parse("<sip:alice@atlanta.com>;tag=1"), parse("sip:alice@atlanta.com"));
        assertEquals(parse("<sip:alice@atlanta.com>;tag=ABC"), parse("<sip:alice@atlanta.com>;TAG=abc"));
        assertNotEquals(parse("<sip:alice@atlanta.com>;tag=1"), parse("<sip:alice@atlanta.com>;tag=2"));
        assertNotEquals(parse("<sip:alice@atlanta.com>"), parse("<sip:bob@atlanta.com>"));
        assertEquals(parse("<sip:alice@atlanta.com>").hashCode(), parse("Alice <sip:alice@ATLANTA.com>;q=1").hashCode());
        assertNotEquals(AddressImpl.wildcard(), parse("<sip:alice@atlanta.com>"));
    }

    @Test
    void getValueAndSetValueCoverDisplayNameAndUriButNotParameters() throws ServletParseException {
        AddressImpl address = parse("\"Alice\" <sip:alice@atlanta.com>;tag=1");
        assertEquals("\"Alice\" <sip:alice@atlanta.com>", address.getValue());
        address.protectTag();
        address.setValue("Bob <sip:bob@biloxi.com>");
        assertEquals("Bob <sip:bob@biloxi.com>;tag=1", address.toString());
        assertThrows(IllegalArgumentException.class, () -> address.setValue("<sip:x@y>;tag=2"));
        assertThrows(IllegalArgumentException.class, () -> address.setValue("not an address"));
        assertThrows(IllegalArgumentException.class, () -> address.setValue("*"));
        assertEquals("Bob <sip:bob@biloxi.com>;tag=1", address.toString());
    }

    @Test
    void wildcardIsReadOnlyWithoutUri() {
        AddressImpl star = AddressImpl.wildcard();
        assertTrue(star.isWildcard());
        assertNull(star.getURI());
        assertEquals("*", star.toString());
        assertEquals("*", star.getValue());
        assertThrows(IllegalStateException.class, () -> star.setURI(SipURIImpl.create("a", "b")));
        assertThrows(IllegalStateException.class, () -> star.setDisplayName("x"));
        assertTrue(star.clone().isWildcard());
    }

    @Test
    void setUriReplacesTheUri() throws ServletParseException {
        AddressImpl address = parse("Alice <sip:alice@atlanta.com>;tag=1");
        address.setURI(UriParser.parse("tel:+1-201-555-0123"));
        assertEquals("Alice <tel:+1-201-555-0123>;tag=1", address.toString());
        assertThrows(NullPointerException.class, () -> address.setURI(null));
    }
}
