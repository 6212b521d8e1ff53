package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sipcontainer.it.support.FreePort;
import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.ServerProcess;
import io.sipcontainer.it.support.SipAgent;

/**
 * The state of the dialog module, the dispatcher and usrloc's database on a cluster of two nodes,
 * each its own JVM with the shipped registrar and proxy, started once for the class (the tests
 * leave it as they found it, with no dialog, binding or session left, the proxy's sessions of the
 * calls the dialog module ended included; the last one kills a node): a call set up through A is listed and
 * ended ({@code dlg.end_dlg}) through B; a destination state set on one node is in force on the
 * other; a binding removed through B stays gone after the whole cluster restarts
 * ({@code usrloc.db_mode = 1}); the dialog of a killed node stays listed on the survivor and times
 * out there once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterStateTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GATEWAY = "sip:192.0.2.50:5060";

    @TempDir
    static Path dir;
    private static ServerProcess a;
    private static ServerProcess b;

    @BeforeAll
    static void startCluster() throws Exception {
        String name = "it-" + UUID.randomUUID();
        List<Integer> ports = List.of(FreePort.find(), FreePort.find());
        List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        List<ServerProcess> two = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ServerProcess node = new ServerProcess(dir.resolve("node" + i),
                    Files.readString(Path.of("..", "conf", "dar.properties"), StandardCharsets.UTF_8),
                    "cluster.name = " + name, "cluster.port = " + ports.get(i),
                    "cluster.members = " + String.join(", ", members), "usrloc.db_mode = 1",
                    "dialog.default_timeout = 12", "dialog.send_bye = yes");
            Files.writeString(node.home().resolve("conf").resolve("dispatcher.list"), "1 " + GATEWAY + " 0\n");
            DefaultProxyTest.deploy("registrar", node.deployDir());
            DefaultProxyTest.deploy("proxy", node.deployDir());
            two.add(node);
        }
        java.util.concurrent.CompletableFuture<ServerProcess> first = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> start(two.get(0)));
        b = start(two.get(1));
        a = first.join();
        awaitMembers(a, 2);
        awaitMembers(b, 2);
    }

    private static ServerProcess start(ServerProcess node) {
        try {
            return node.start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopCluster() {
        for (ServerProcess node : new ServerProcess[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
    }

    /** A JSON-RPC command over HTTP (sipctl starts a JVM per call: too slow to poll with). */
    private static JsonNode rpc(ServerProcess node, String method, String... params) throws Exception {
        JsonNode reply = JSON.readTree(node.rpc(method, List.of(params)));
        if (reply.has("error")) {
            throw new AssertionError(method + " " + List.of(params) + ": " + reply.get("error"));
        }
        return reply.get("result");
    }

    /** The command's answer, or null while the node cannot give it (still starting, or gone). */
    private static JsonNode rpcOrNull(ServerProcess node, String method) {
        try {
            return rpc(node, method);
        } catch (Exception | AssertionError e) {
            return null;
        }
    }

    private static void awaitMembers(ServerProcess node, int count) {
        Poll.until(() -> {
            JsonNode members = rpcOrNull(node, "cluster.members");
            JsonNode status = rpcOrNull(node, "cluster.status");
            return members != null && members.size() == count
                    && (count == 1 || status != null && status.path("had_company").asBoolean());
        }, Duration.ofSeconds(40), () -> "members seen by " + node.home() + ": " + rpcOrNull(node, "cluster.members"));
    }

    private static JsonNode dialogs(ServerProcess node) {
        JsonNode list = rpcOrNull(node, "dlg.list");
        return list == null ? JSON.createArrayNode() : list;
    }

    private static void awaitNoDialogs(ServerProcess... live) {
        for (ServerProcess node : live) {
            Poll.until(() -> {
                JsonNode list = rpcOrNull(node, "dlg.list");
                return list != null && list.isEmpty();
            }, Duration.ofSeconds(20), () -> "dialogs left on " + node.home().getFileName() + ": " + dialogs(node));
        }
    }

    /** Polls until {@code node}'s dlg.list shows the call of {@code callId} in state 4; returns it. */
    private static JsonNode awaitConfirmed(ServerProcess node, String callId) {
        JsonNode[] found = new JsonNode[1];
        Poll.until(() -> {
            for (JsonNode d : dialogs(node)) {
                if (d.path("call-id").asText().equals(callId) && d.path("state").asInt() == 4) {
                    found[0] = d;
                    return true;
                }
            }
            return false;
        }, WAIT, () -> node.home().getFileName() + " does not list " + callId + ": " + dialogs(node));
        return found[0];
    }

    private static JsonNode listed(ServerProcess node, String callId) {
        for (JsonNode d : dialogs(node)) {
            if (d.path("call-id").asText().equals(callId)) {
                return d;
            }
        }
        return JSON.createObjectNode();
    }

    private static int contactsOf(ServerProcess node, String user) {
        try (RegisterClient client = new RegisterClient(node.udpAddress())) {
            return client.register(user).contacts().size();
        }
    }

    private static void awaitNoBindings(ServerProcess... live) {
        for (ServerProcess node : live) {
            Poll.until(() -> {
                JsonNode dump = rpcOrNull(node, "ul.dump");
                return dump != null && !dump.toString().contains("\"AoR\"");
            }, Duration.ofSeconds(20), () -> "bindings left on " + node.home().getFileName() + ": "
                    + rpcOrNull(node, "ul.dump"));
        }
    }

    /** No application session left: neither held by a live node nor replicated. */
    private static void awaitNoSessions(ServerProcess... live) {
        for (ServerProcess node : live) {
            Poll.until(() -> {
                JsonNode status = rpcOrNull(node, "cluster.status");
                return status != null && status.path("sessions").path("local_sessions").asInt(-1) == 0
                        && status.path("sessions").path("cluster_sessions").asInt(-1) == 0;
            }, Duration.ofSeconds(20), () -> "sessions left on " + node.home().getFileName() + ": "
                    + rpcOrNull(node, "cluster.status"));
        }
    }

    private static void register(ServerProcess node, String user, String contact, int expires) {
        try (RegisterClient client = new RegisterClient(node.udpAddress())) {
            RegisterClient.Reply reply = client.register(user, "Contact: <" + contact + ">", "Expires: " + expires);
            assertEquals(200, reply.status(), reply.text());
        }
    }

    /** alice calls bob through {@code node}; bob answers, alice acknowledges; alice's 200. */
    private static Response call(SipAgent alice, SipAgent bob, ServerProcess node) {
        Request invite = alice.newRequest("INVITE", "sip:bob@127.0.0.1:" + node.sipPort(), "<" + alice.uri("alice") + ">",
                "<sip:bob@127.0.0.1:" + node.sipPort() + ">");
        alice.attachSdp(invite);
        ClientTransaction ct = alice.send(invite);
        bob.respond(bob.awaitRequest("INVITE", WAIT), 200);
        Response ok = alice.awaitFinalResponse(ct, WAIT);
        assertEquals(200, ok.getStatusCode(), ok.toString());
        alice.sendAck(ok);
        bob.awaitRequest("ACK", WAIT);
        return ok;
    }

    /** Both sides get the dialog module's BYE, sent by {@code from}, answer it, and get no second one. */
    private static void bothGetOneByeFrom(ServerProcess from, SipAgent alice, SipAgent bob, Duration within) {
        for (SipAgent side : new SipAgent[] {alice, bob}) {
            RequestEvent bye = side.pollRequest("BYE", within).orElseThrow(() -> new AssertionError(
                    "no BYE; " + from.home().getFileName() + " said:\n" + tail(from.output())));
            assertTrue(bye.getRequest().getHeader("Via").toString().contains(":" + from.sipPort()),
                    "the BYE left from " + from.home().getFileName() + ": " + bye.getRequest());
            side.respond(bye, 200);
        }
        assertTrue(alice.pollRequest("BYE", Duration.ofSeconds(1)).isEmpty(), "one BYE only");
        assertTrue(bob.pollRequest("BYE", Duration.ofMillis(100)).isEmpty(), "one BYE only");
    }

    private static String tail(String output) {
        return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
    }

    @Test
    @Order(3)
    void aCallSetUpThroughOneNodeIsListedCountedAndEndedThroughTheOther() throws Exception {
        try (SipAgent alice = new SipAgent(); SipAgent bob = new SipAgent()) {
            register(b, "bob", bob.uri("bob"), 600);
            Response ok = call(alice, bob, a);
            String callId = ((javax.sip.header.CallIdHeader) ok.getHeader("Call-ID")).getCallId();
            JsonNode onA = awaitConfirmed(a, callId);
            JsonNode onB = awaitConfirmed(b, callId);
            assertEquals(onA.path("h_entry"), onB.path("h_entry"));
            assertEquals(onA.path("h_id"), onB.path("h_id"), "one h_entry:h_id for the call on both nodes");
            assertEquals(1, rpc(b, "dlg.stats_active").path("ongoing").asInt(), "B counts A's dialog");

            rpc(b, "dlg.end_dlg", onB.path("h_entry").asText(), onB.path("h_id").asText());
            bothGetOneByeFrom(b, alice, bob, WAIT);
            awaitNoDialogs(a, b);
            register(b, "bob", bob.uri("bob"), 0);
            awaitNoBindings(a, b);
            awaitNoSessions(a, b); // the proxy's, ended with the call the dialog module ended
        }
    }

    @Test
    @Order(1)
    void aDestinationStateSetOnOneNodeIsInForceOnTheOther() throws Exception {
        assertEquals("AX", flagsOf(b), "as the list says");
        rpc(a, "dispatcher.set_state", "ip", "1", GATEWAY);
        Poll.until(() -> "IP".equals(flagsOf(b)), WAIT, () -> "B's dispatcher.list: " + rpcOrNull(b, "dispatcher.list"));
        rpc(b, "dispatcher.set_state", "a", "1", GATEWAY);
        Poll.until(() -> "AX".equals(flagsOf(a)), WAIT, () -> "A's dispatcher.list: " + rpcOrNull(a, "dispatcher.list"));
    }

    /** The FLAGS of the gateway in {@code node}'s dispatcher.list. */
    private static String flagsOf(ServerProcess node) {
        JsonNode list = rpcOrNull(node, "dispatcher.list");
        if (list == null) {
            return null;
        }
        for (JsonNode dest : list.findValues("DEST")) {
            if (GATEWAY.equals(dest.path("URI").asText())) {
                return dest.path("FLAGS").asText();
            }
        }
        return null;
    }

    /** Runs before the calls (a graceful stop waits for sessions, shutdown_timeout). */
    @Test
    @Order(2)
    void aBindingRemovedThroughOneNodeStaysGoneAfterTheWholeClusterRestarts() throws Exception {
        register(a, "bob", "sip:bob@198.51.100.20:5060", 600);
        register(a, "carol", "sip:carol@198.51.100.21:5060", 600);
        register(b, "bob", "sip:bob@198.51.100.20:5060", 0); // removed through the other node
        assertEquals(0, contactsOf(a, "bob"));
        for (ServerProcess node : new ServerProcess[] {b, a}) {
            node.sigterm();
            assertEquals(143, node.awaitExit(Duration.ofSeconds(60)), "stopped by its SIGTERM handler");
        }
        // both at once: the first to start loads its database into the cluster's table, the other
        // joins and rewrites its database from the cluster's (both databases agree: either may be first)
        java.util.concurrent.CompletableFuture<ServerProcess> first = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> start(a));
        start(b);
        first.join();
        awaitMembers(a, 2);
        awaitMembers(b, 2);
        assertEquals(0, contactsOf(a, "bob"), "what B removed did not come back from A's database");
        assertEquals(0, contactsOf(b, "bob"));
        assertEquals(1, contactsOf(b, "carol"), "what was not removed survived the restart");
        register(b, "carol", "sip:carol@198.51.100.21:5060", 0);
        awaitNoBindings(a, b);
    }

    @Test
    @Order(4)
    void theDialogOfAKilledNodeStaysListedAndTimesOutOnceOnTheSurvivor() throws Exception {
        try (SipAgent alice = new SipAgent(); SipAgent bob = new SipAgent()) {
            register(b, "bob", bob.uri("bob"), 600);
            Response ok = call(alice, bob, a);
            String callId = ((javax.sip.header.CallIdHeader) ok.getHeader("Call-ID")).getCallId();
            JsonNode before = awaitConfirmed(b, callId);
            a.kill();
            awaitMembers(b, 1);
            // still listed on B once A is gone (confirmed, or ended by B's timer if that came first)
            JsonNode after = listed(b, callId);
            assertEquals(before.path("h_id"), after.path("h_id"), "listed on B after A died: " + dialogs(b));
            // dialog.default_timeout 12 s after the ACK, with send_bye
            bothGetOneByeFrom(b, alice, bob, Duration.ofSeconds(30));
            awaitNoDialogs(b);
            register(b, "bob", bob.uri("bob"), 0);
            awaitNoBindings(b);
            awaitNoSessions(b); // A's proxy session, taken over by B, ended with the call's timeout
        }
    }
}
