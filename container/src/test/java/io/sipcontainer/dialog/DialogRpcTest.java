package io.sipcontainer.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.rpc.DefaultRpcRegistry;
import io.sipcontainer.service.Dialog;
import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.stats.StatisticsRegistry;

/**
 * The {@code dlg.*} commands on a tracker fed with one call: Kamailio's field names and numeric
 * state in {@code dlg.list}, look-ups by Call-ID and by match, the profile commands, and the
 * faults for unknown dialogs, profiles, keys and operators.
 */
class DialogRpcTest {
    private final DialogMessages msgs = new DialogMessages();
    private final DefaultRpcRegistry rpc = new DefaultRpcRegistry();
    private final List<String> sent = new ArrayList<>();
    private DialogTracker tracker;
    private Dialog dialog;

    @BeforeEach
    void oneConfirmedCall() {
        DialogSettings s = new DialogSettings(3600, 30, 20, 300, false, false, 0, 0, 1, 0, 60, 16, Set.of("calls"),
                Set.of("caller"), true);
        tracker = new DialogTracker(s, new DialogStats(new StatisticsRegistry()), DialogStore.NONE,
                (d, method, towardsCaller, f) -> sent.add(method + (towardsCaller ? " caller" : " callee")),
                System::currentTimeMillis);
        DialogRpc.register(rpc, tracker);
        SipServletRequestImpl invite = msgs.invite();
        dialog = tracker.manage(invite);
        tracker.onResponse(msgs.response(invite, 200));
        tracker.onRequest(msgs.inDialog("ACK", 10, false));
        tracker.setProfile(dialog, "calls", null);
        tracker.setProfile(dialog, "caller", "alice");
        dialog.setVariable("account", "42");
    }

    private Object call(String method, Object... params) throws RpcException {
        return rpc.call(method, new RpcParams(List.of(params)));
    }

    @Test
    void listGivesKamailiosFieldsWithTheStateAsANumber() throws Exception {
        List<?> list = (List<?>) call("dlg.list");
        assertEquals(1, list.size());
        Map<?, ?> d = (Map<?, ?>) list.get(0);
        assertEquals(List.of("h_entry", "h_id", "ref", "call-id", "from_uri", "to_uri", "state", "start_ts", "init_ts",
                "end_ts", "duration", "timeout", "lifetime", "dflags", "sflags", "iflags", "caller", "callee", "profiles",
                "variables"), new ArrayList<>(d.keySet()));
        assertEquals(4, d.get("state"));
        assertEquals(DialogMessages.CALL_ID, d.get("call-id"));
        assertEquals("sip:alice@192.0.2.1", d.get("from_uri"));
        assertEquals(Map.of("tag", DialogMessages.CALLER_TAG, "contact", "sip:alice@192.0.2.1:5070", "cseq", "10",
                "route_set", "<sip:192.0.2.5;lr>", "socket", "udp:192.0.2.10:5060"), d.get("caller"));
        assertEquals(List.of(Map.of("account", "42")), d.get("variables"));
        assertEquals(2, ((List<?>) d.get("profiles")).size());
        assertEquals(3600, ((Number) d.get("lifetime")).intValue());
        Map<?, ?> ctx = (Map<?, ?>) ((List<?>) call("dlg.list_ctx")).get(0);
        assertTrue(ctx.containsKey("context"), ctx.toString());
    }

    @Test
    void dialogsAreFoundByCallIdAndByMatch() throws Exception {
        assertEquals(1, ((List<?>) call("dlg.dlg_list", DialogMessages.CALL_ID)).size());
        assertEquals(1, ((List<?>) call("dlg.dlg_list", DialogMessages.CALL_ID, DialogMessages.CALLER_TAG)).size());
        assertEquals(0, ((List<?>) call("dlg.dlg_list", DialogMessages.CALL_ID, "other")).size());
        assertEquals(1, ((List<?>) call("dlg.list_match", "furi", "sw", "sip:alice")).size());
        assertEquals(1, ((List<?>) call("dlg.list_match", "ruri", "re", "bob@")).size());
        assertEquals(0, ((List<?>) call("dlg.list_match", "turi", "eq", "sip:carol@192.0.2.10")).size());
        assertEquals(1, ((List<?>) call("dlg.list_match", "start_ts", "gt", "0")).size());
        assertEquals("Invalid matching key parameter",
                assertThrows(RpcException.class, () -> call("dlg.list_match", "xuri", "eq", "x")).getMessage());
        assertEquals("Invalid matching operator parameter",
                assertThrows(RpcException.class, () -> call("dlg.list_match", "furi", "like", "x")).getMessage());
    }

    @Test
    void profileCommandsCountAndListAndRefuseUnknownProfiles() throws Exception {
        assertEquals(1L, call("dlg.profile_get_size", "calls"));
        assertEquals(1L, call("dlg.profile_get_size", "caller", "alice"));
        assertEquals(0L, call("dlg.profile_get_size", "caller", "bob"));
        assertEquals(1, ((List<?>) call("dlg.profile_list", "caller", "alice")).size());
        RpcException e = assertThrows(RpcException.class, () -> call("dlg.profile_get_size", "nosuch"));
        assertEquals(404, e.code());
        assertEquals("Profile not found: nosuch", e.getMessage());
    }

    @Test
    void statsActiveAndBriefingCountTheDialogs() throws Exception {
        assertEquals(Map.of("starting", 0, "connecting", 0, "answering", 0, "ongoing", 1, "all", 1),
                call("dlg.stats_active"));
        Map<?, ?> brief = (Map<?, ?>) ((List<?>) call("dlg.briefing")).get(0);
        assertEquals(dialog.hashId(), brief.get("h_id"));
        assertEquals(4, brief.get("state"));
    }

    @Test
    void terminateAndEndSendByeBothWaysAndFaultOnUnknownDialogs() throws Exception {
        RpcException unknown = assertThrows(RpcException.class,
                () -> call("dlg.terminate_dlg", DialogMessages.CALL_ID, DialogMessages.CALLER_TAG, "wrong"));
        assertEquals(404, unknown.code());
        assertEquals("Dialog not found", unknown.getMessage());
        assertEquals(404, assertThrows(RpcException.class, () -> call("dlg.end_dlg", 9999, 1)).code());
        RpcException missing = assertThrows(RpcException.class, () -> call("dlg.end_dlg", 1));
        assertEquals(500, missing.code());
        assertEquals("Invalid parameters", missing.getMessage());
        call("dlg.terminate_dlg", DialogMessages.CALL_ID, DialogMessages.CALLER_TAG, DialogMessages.CALLEE_TAG);
        assertEquals(List.of("BYE caller", "BYE callee"), sent);
        assertEquals(5, ((Map<?, ?>) ((List<?>) call("dlg.list")).get(0)).get("state"));
        assertEquals(500, assertThrows(RpcException.class,
                () -> call("dlg.end_dlg", dialog.hashEntry(), dialog.hashId())).code(), "already ended");
    }
}
