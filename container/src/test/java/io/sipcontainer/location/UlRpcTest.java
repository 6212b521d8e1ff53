package io.sipcontainer.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.sipcontainer.rpc.DefaultRpcRegistry;
import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcParams;

/** The ul.* commands' parameters, faults and result shapes (Kamailio's ul_rpc.c). */
class UlRpcTest {
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final DefaultRpcRegistry rpc = new DefaultRpcRegistry();

    UlRpcTest() throws Exception {
        Usrloc usrloc = Usrloc.open(UsrlocSettings.memory(), null, clock::get);
        UlRpc.register(rpc, usrloc);
    }

    private Object call(String method, Object... params) throws RpcException {
        return rpc.call(method, new RpcParams(List.of(params)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void addThenLookupGivesKamailioContactFields() throws Exception {
        call("ul.add", "location", "alice@example.com", "sip:alice@192.0.2.1", 600, 0.5, "<sip:p;lr>", 1, 64, 15,
                "sip:198.51.100.1:5060", ".");
        Map<String, Object> result = map(call("ul.lookup", "location", "alice"));
        assertEquals("alice", result.get("AoR"), "without use_domain the domain is dropped");
        Map<String, Object> c = map(map(((List<?>) result.get("Contacts")).get(0)).get("Contact"));
        assertEquals(List.of("Address", "Expires", "Q", "Call-ID", "CSeq", "User-Agent", "Received", "Path", "State",
                "Flags", "CFlags", "Socket", "Methods", "Ruid", "Instance", "Reg-Id", "Server-Id", "Tcpconn-Id",
                "Keepalive", "Last-Keepalive", "KA-Roundtrip", "Last-Modified"), List.copyOf(c.keySet()));
        assertEquals("sip:alice@192.0.2.1", c.get("Address"));
        assertEquals(600, c.get("Expires"));
        assertEquals(0.5, c.get("Q"));
        assertEquals(UlRpc.ADD_CALL_ID, c.get("Call-ID"));
        assertEquals("SIP Router MI Server", c.get("User-Agent"));
        assertEquals("sip:198.51.100.1:5060", c.get("Received"));
        assertEquals("<sip:p;lr>", c.get("Path"));
        assertEquals("CS_NEW", c.get("State"));
        assertEquals("[not set]", c.get("Socket"));
        assertEquals("[not set]", c.get("Instance"));
        assertEquals(15, c.get("Methods"));
        assertEquals(64, c.get("CFlags"));
    }

    @Test
    void dumpHasDomainsWithAorsContactsAndStats() throws Exception {
        call("ul.add", "location", "bob", "sip:bob@192.0.2.2", 0, -1, "0", 0, 0, -1);
        call("ul.add", "location", "carol", "sip:carol@192.0.2.3", 5, 1, ".", 0, 0, -1);
        clock.addAndGet(6000);
        Map<String, Object> domain = map(map(((List<?>) map(call("ul.dump")).get("Domains")).get(0)).get("Domain"));
        assertEquals("location", domain.get("Domain"));
        assertEquals(1024, domain.get("Size"));
        assertEquals(Map.of("Records", 2, "Max-Slots", 1), Map.copyOf(map(domain.get("Stats"))));
        String text = domain.get("AoRs").toString();
        assertTrue(text.contains("Expires=permanent") && text.contains("Expires=expired") && text.contains("Q=-0.001"),
                text);
        Map<String, Object> brief = map(call("ul.dump", "brief"));
        assertTrue(brief.toString().contains("AoRs=[{AoR="), brief.toString());
    }

    @Test
    void faultsUseKamailioCodesAndTexts() throws Exception {
        assertEquals("Domain not found",
                assertThrows(RpcException.class, () -> call("ul.lookup", "other", "x")).getMessage());
        RpcException none = assertThrows(RpcException.class, () -> call("ul.lookup", "location", "nobody"));
        assertEquals(500, none.code());
        assertEquals("AOR not found in location table", none.getMessage());
        RpcException aor = assertThrows(RpcException.class,
                () -> call("ul.rm_contact", "location", "nobody", "sip:x@y"));
        assertEquals(404, aor.code());
        assertEquals("AOR not found", aor.getMessage());
        assertEquals("Not enough parameters or wrong format",
                assertThrows(RpcException.class, () -> call("ul.add", "location", "a", "sip:a@b")).getMessage());
        call("ul.rm", "location", "nobody"); // no such AOR: not an error, as Kamailio
        call("ul.flush");
    }
}
