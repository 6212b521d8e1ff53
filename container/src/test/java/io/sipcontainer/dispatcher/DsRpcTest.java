package io.sipcontainer.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.sipcontainer.rpc.DefaultRpcRegistry;
import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcParams;

/** The dispatcher.* commands' result shapes and faults (Kamailio's dispatcher.c RPC). */
class DsRpcTest {
    private final AtomicReference<List<String>> file = new AtomicReference<>(List.of(
            "1 sip:10.0.0.1:5060 0 5 duid=a;weight=50",
            "1 sip:10.0.0.2:5060 8 10",
            "2 sip:10.0.0.3"));
    private final DefaultRpcRegistry rpc = new DefaultRpcRegistry();
    private final Dispatcher ds;
    private int listChanges;

    DsRpcTest() throws Exception {
        ds = new Dispatcher(DsSettings.defaults(Path.of("dispatcher.list")),
                () -> ListFile.parse("dispatcher.list", file.get()), new SplittableRandom(1), null);
        ds.reload();
        DsRpc.register(rpc, ds, () -> listChanges++);
    }

    private Object call(String method, Object... params) throws RpcException {
        return rpc.call(method, new RpcParams(List.of(params)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> dests(int setId) throws RpcException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object r : (List<Object>) map(call("dispatcher.list")).get("RECORDS")) {
            Map<String, Object> set = map(map(r).get("SET"));
            if (((Integer) set.get("ID")) == setId) {
                for (Object t : (List<Object>) set.get("TARGETS")) {
                    out.add(map(map(t).get("DEST")));
                }
            }
        }
        return out;
    }

    private static void assertFault(String message, org.junit.jupiter.api.function.Executable call) {
        RpcException e = assertThrows(RpcException.class, call);
        assertEquals(500, e.code());
        assertEquals(message, e.getMessage());
    }

    @Test
    void listHasKamailiosShape() throws Exception {
        Map<String, Object> list = map(call("dispatcher.list"));
        assertEquals(2, list.get("NRSETS"));
        List<Map<String, Object>> set1 = dests(1);
        assertEquals(List.of("sip:10.0.0.2:5060", "sip:10.0.0.1:5060"), set1.stream().map(d -> d.get("URI")).toList(),
                "priority 10 before 5");
        assertEquals("AP", set1.get(0).get("FLAGS"));
        assertEquals(10, set1.get(0).get("PRIORITY"));
        assertTrue(!set1.get(0).containsKey("ATTRS"), "no ATTRS without attributes");
        Map<String, Object> attrs = map(set1.get(1).get("ATTRS"));
        assertEquals(List.of("BODY", "DUID", "MAXLOAD", "WEIGHT", "RWEIGHT", "SOCKET", "SOCKNAME", "OBPROXY"),
                List.copyOf(attrs.keySet()));
        assertEquals("duid=a;weight=50", attrs.get("BODY"));
        assertEquals("a", attrs.get("DUID"));
        assertEquals(50, attrs.get("WEIGHT"));
        assertTrue(!map(dests(1).get(0)).containsKey("LATENCY"), "LATENCY only with ds_ping_latency_stats");
    }

    @Test
    void emptyListFaultsNoDestinationSets() throws Exception {
        file.set(List.of());
        assertEquals("Ok. Dispatcher successfully reloaded.", call("dispatcher.reload"));
        assertFault("No Destination Sets", () -> call("dispatcher.list"));
    }

    @Test
    void setStateChangesOneOrAllAndFaultsAsKamailio() throws Exception {
        assertEquals("Ok. Dispatcher state updated.", call("dispatcher.set_state", "ip", 1, "sip:10.0.0.1:5060"));
        assertEquals("IP", dests(1).get(1).get("FLAGS"));
        assertEquals("Ok. Dispatcher state updated.", call("dispatcher.set_state", "d", 1, "all"));
        assertEquals(List.of("DX", "DX"), dests(1).stream().map(d -> d.get("FLAGS")).toList());
        assertFault("Invalid Parameters", () -> call("dispatcher.set_state", "a", 1));
        assertFault("Unknown State Value", () -> call("dispatcher.set_state", "x", 1, "all"));
        assertFault("State Update Failed", () -> call("dispatcher.set_state", "a", 1, "sip:nowhere"));
        assertFault("State Update Failed", () -> call("dispatcher.set_state", "a", 9, "sip:10.0.0.1:5060"));
    }

    @Test
    void reloadKeepsTheStateOfUnchangedDestinations() throws Exception {
        call("dispatcher.set_state", "i", 1, "sip:10.0.0.1:5060");
        call("dispatcher.set_state", "t", 1, "sip:10.0.0.2:5060");
        file.set(List.of(
                "1 sip:10.0.0.1:5060 0 5 duid=a;weight=50", // unchanged: keeps Inactive
                "1 sip:10.0.0.2:5060 8 20", // priority changed: the file's state again
                "1 sip:10.0.0.4:5060"));
        call("dispatcher.reload");
        assertEquals(1, listChanges);
        List<Map<String, Object>> set1 = dests(1);
        assertEquals(List.of("sip:10.0.0.2:5060", "sip:10.0.0.1:5060", "sip:10.0.0.4:5060"),
                set1.stream().map(d -> d.get("URI")).toList());
        assertEquals(List.of("AP", "IX", "AX"), set1.stream().map(d -> d.get("FLAGS")).toList());
    }

    @Test
    void aBadFileFailsTheReloadAndKeepsTheSets() throws Exception {
        file.set(List.of("1 sip:10.0.0.1 zero"));
        assertFault("Reload Failed", () -> call("dispatcher.reload"));
        assertEquals(2, map(call("dispatcher.list")).get("NRSETS"));
        ConfigException e = assertThrows(ConfigException.class, ds::reload);
        assertEquals("dispatcher.list:1: flags must be a non-negative integer, got 'zero'", e.getMessage());
    }

    @Test
    void addAndRemoveChangeTheListInMemory() throws Exception {
        assertEquals("Ok. Dispatcher destination added.", call("dispatcher.add", 3, "sip:10.0.0.9", 0, 1, "duid=x"));
        assertEquals("sip:10.0.0.9", dests(3).get(0).get("URI"));
        assertEquals("Ok. Dispatcher destination removed.", call("dispatcher.remove", 1, "sip:10.0.0.1:5060"));
        assertEquals(1, dests(1).size());
        assertFault("Invalid Parameters", () -> call("dispatcher.add", 1));
        assertFault("Adding dispatcher dst failed", () -> call("dispatcher.add", 1, "sip:bad:port"));
        assertEquals(2, listChanges, "each change refreshes the statistics; a refused one changes nothing");
    }

    @Test
    void hashGivesKamailiosHashAndSlot() throws Exception {
        assertEquals(Map.of("hashid", 2175018094L, "slot", 1L),
                call("dispatcher.hash", 3, "a84b4c76e66710@pc33.atlanta.com"));
        assertEquals(Map.of("hashid", 1053853112L, "slot", 2L), call("dispatcher.hash", "3", "alice", "atlanta.com"));
        assertFault("Invalid Parameters", () -> call("dispatcher.hash", 3));
    }

    @Test
    void pingActiveReportsAndSwitches() throws Exception {
        assertEquals(Map.of("OldPingState", 1), call("dispatcher.ping_active"));
        assertEquals(Map.of("NewPingState", 0L, "OldPingState", 1), call("dispatcher.ping_active", 0));
        assertTrue(!ds.pingActive());
    }

    @Test
    void markAppliesTheThresholdsAndFailoverCountsTheCall() throws Exception {
        assertTrue(ds.mark(1, "sip:10.0.0.1:5060", "t"));
        assertEquals("IX", dests(1).get(1).get("FLAGS"), "ds_probing_threshold 1: inactive at once");
        assertTrue(!ds.mark(1, "sip:10.0.0.1:5060", "z"));
        assertTrue(!ds.mark(7, "sip:10.0.0.1:5060", "a"));
        ds.failedOver(1, "sip:10.0.0.2:5060", "sip:10.0.0.1:5060", "call-1");
        DestSet set = ds.list().set(1);
        assertEquals(1, set.find("sip:10.0.0.2:5060").failovers.get());
        assertEquals(1, set.find("sip:10.0.0.1:5060").calls.get());
    }
}
