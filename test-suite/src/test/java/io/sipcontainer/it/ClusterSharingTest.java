package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sipcontainer.it.support.FreePort;
import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.ServerProcess;
import io.sipcontainer.it.support.SipAgent;

/**
 * What two nodes share beyond sessions and bindings, each node its own JVM with the shipped
 * registrar and proxy and {@code cluster.replicate_early_dialogs = yes}, started once for the class
 * (each test leaves no dialog, session or binding). A call confirmed through A and hung up through
 * B at once (the BYE leaves alice right after her ACK, before B has heard of the dialog from the
 * cluster's entry events): B still routes the BYE to bob, brings his 200 back and ends the dialog
 * module's dialog, which would otherwise stay on A for {@code dialog.default_timeout}. A ringing
 * call through A is listed on B. {@code dispatcher.add} on A and {@code dispatcher.remove} on B
 * change both nodes' lists.
 */
class ClusterSharingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Calls hung up this way in a row: the race is timing, so more than one try at it. */
    private static final int CALLS = 5;
    private static final String GATEWAY = "sip:192.0.2.50:5060";
    private static final String ADDED = "sip:192.0.2.51:5060";

    @TempDir
    static Path dir;
    private static ServerProcess a;
    private static ServerProcess b;

    @BeforeAll
    static void startCluster() throws Exception {
        String name = "it-" + UUID.randomUUID();
        List<Integer> ports = List.of(FreePort.find(), FreePort.find());
        List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        ServerProcess[] two = new ServerProcess[2];
        for (int i = 0; i < 2; i++) {
            two[i] = new ServerProcess(dir.resolve("node" + i),
                    Files.readString(Path.of("..", "conf", "dar.properties"), StandardCharsets.UTF_8),
                    "cluster.name = " + name, "cluster.port = " + ports.get(i),
                    "cluster.members = " + String.join(", ", members), "cluster.replicate_early_dialogs = yes");
            Files.writeString(two[i].home().resolve("conf").resolve("dispatcher.list"), "1 " + GATEWAY + " 0\n");
            DefaultProxyTest.deploy("registrar", two[i].deployDir());
            DefaultProxyTest.deploy("proxy", two[i].deployDir());
        }
        CompletableFuture<ServerProcess> first = CompletableFuture.supplyAsync(() -> start(two[0]));
        b = start(two[1]);
        a = first.join();
        awaitCompany(a);
        awaitCompany(b);
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

    private static JsonNode rpc(ServerProcess node, String method, String... params) throws Exception {
        JsonNode reply = JSON.readTree(node.rpc(method, List.of(params)));
        if (reply.has("error")) {
            throw new AssertionError(method + " " + List.of(params) + ": " + reply.get("error"));
        }
        return reply.get("result");
    }

    /** The command's answer, or null while the node cannot give it. */
    private static JsonNode rpcOrNull(ServerProcess node, String method) {
        try {
            return rpc(node, method);
        } catch (Exception | AssertionError e) {
            return null;
        }
    }

    private static void awaitCompany(ServerProcess node) {
        Poll.until(() -> {
            JsonNode members = rpcOrNull(node, "cluster.members");
            JsonNode status = rpcOrNull(node, "cluster.status");
            // the dialog module starts sharing on a thread of its own once the node has company
            return members != null && members.size() == 2 && status != null
                    && status.path("had_company").asBoolean()
                    && node.output().contains("dialog: shared with the cluster")
                    && node.output().contains("dispatcher: destination states shared with the cluster");
        }, Duration.ofSeconds(40), () -> "members seen by " + node.home() + ": " + rpcOrNull(node, "cluster.members"));
    }

    private static void awaitNothingLeft(ServerProcess... live) {
        for (ServerProcess node : live) {
            Poll.until(() -> {
                JsonNode dialogs = rpcOrNull(node, "dlg.list");
                JsonNode status = rpcOrNull(node, "cluster.status");
                JsonNode dump = rpcOrNull(node, "ul.dump");
                return dialogs != null && dialogs.isEmpty() && status != null
                        && status.path("sessions").path("local_sessions").asInt(-1) == 0
                        && status.path("sessions").path("cluster_sessions").asInt(-1) == 0
                        && dump != null && !dump.toString().contains("\"AoR\"");
            }, Duration.ofSeconds(20), () -> "left on " + node.home().getFileName() + ": dialogs "
                    + rpcOrNull(node, "dlg.list") + ", " + rpcOrNull(node, "cluster.status") + ", "
                    + rpcOrNull(node, "ul.dump"));
        }
    }

    private static String tail(String output) {
        return output.length() > 8000 ? output.substring(output.length() - 8000) : output;
    }

    private static void register(ServerProcess node, String contact, int expires) {
        try (RegisterClient client = new RegisterClient(node.udpAddress())) {
            RegisterClient.Reply reply = client.register("bob", "Contact: <" + contact + ">", "Expires: " + expires);
            assertEquals(200, reply.status(), reply.text());
        }
    }

    @Test
    void aByeSentToTheOtherNodeRightAfterTheAckEndsTheCallEverywhere() throws Exception {
        try (SipAgent alice = new SipAgent(); SipAgent bob = new SipAgent()) {
            register(b, bob.uri("bob"), 600);
            for (int i = 0; i < CALLS; i++) {
                Request invite = alice.newRequest("INVITE", "sip:bob@127.0.0.1:" + a.sipPort(),
                        "<" + alice.uri("alice") + ">", "<sip:bob@127.0.0.1:" + a.sipPort() + ">");
                alice.attachSdp(invite);
                ClientTransaction ct = alice.send(invite);
                bob.respond(bob.awaitRequest("INVITE", WAIT), 200);
                Response ok = alice.awaitFinalResponse(ct, WAIT);
                assertEquals(200, ok.getStatusCode(), ok.toString());
                // the ACK through A (the Record-Route), the BYE to B at once, from alice's raw socket
                alice.sendAck(ok);
                Request bye = alice.newInDialogRequest(ok, "BYE");
                alice.sendRaw(bye.toString().replaceFirst("(Via: SIP/2.0/UDP 127\\.0\\.0\\.1:)\\d+",
                        "$1" + alice.rawPort()), b.udpAddress());

                bob.awaitRequest("ACK", WAIT);
                RequestEvent arrived = bob.awaitRequest("BYE", WAIT);
                bob.respond(arrived, 200);
                String answer = alice.receiveRaw(WAIT);
                while (answer.startsWith("SIP/2.0 100")) {
                    answer = alice.receiveRaw(WAIT);
                }
                int call = i;
                assertTrue(answer.startsWith("SIP/2.0 200"), "call " + call + ": bob's 200 came back through B: " + answer);
                Poll.until(() -> {
                    JsonNode onA = rpcOrNull(a, "dlg.list");
                    JsonNode onB = rpcOrNull(b, "dlg.list");
                    return onA != null && onA.isEmpty() && onB != null && onB.isEmpty();
                }, WAIT, () -> "call " + call + ": the dialog module's dialog was not ended: A " + rpcOrNull(a, "dlg.list")
                        + ", B " + rpcOrNull(b, "dlg.list") + "\nA:\n" + tail(a.output()) + "\nB:\n" + tail(b.output()));
            }
            register(b, bob.uri("bob"), 0);
            awaitNothingLeft(a, b);
        }
    }

    @Test
    void aRingingCallThroughOneNodeIsListedOnTheOther() throws Exception {
        try (SipAgent alice = new SipAgent(); SipAgent bob = new SipAgent()) {
            register(b, bob.uri("bob"), 600);
            Request invite = alice.newRequest("INVITE", "sip:bob@127.0.0.1:" + a.sipPort(),
                    "<" + alice.uri("alice") + ">", "<sip:bob@127.0.0.1:" + a.sipPort() + ">");
            alice.attachSdp(invite);
            ClientTransaction ct = alice.send(invite);
            RequestEvent arrived = bob.awaitRequest("INVITE", WAIT);
            bob.respond(arrived, 180);
            Poll.until(() -> {
                JsonNode onB = rpcOrNull(b, "dlg.list");
                return onB != null && onB.size() == 1 && onB.get(0).path("state").asInt() == 2;
            }, WAIT, () -> "B does not list A's ringing call: " + rpcOrNull(b, "dlg.list"));
            bob.respond(arrived, 486);
            Response busy = alice.awaitFinalResponse(ct, WAIT);
            assertEquals(486, busy.getStatusCode(), busy.toString());
            register(b, bob.uri("bob"), 0);
            awaitNothingLeft(a, b);
        }
    }

    @Test
    void aDestinationAddedOnOneNodeAndRemovedOnTheOtherIsGoneFromBoth() throws Exception {
        rpc(a, "dispatcher.add", "1", ADDED);
        Poll.until(() -> String.valueOf(rpcOrNull(b, "dispatcher.list")).contains(ADDED), WAIT,
                () -> "B's list: " + rpcOrNull(b, "dispatcher.list"));
        rpc(b, "dispatcher.remove", "1", ADDED);
        Poll.until(() -> {
            JsonNode list = rpcOrNull(a, "dispatcher.list");
            return list != null && !list.toString().contains(ADDED) && list.toString().contains(GATEWAY);
        }, WAIT, () -> "A's list: " + rpcOrNull(a, "dispatcher.list"));
    }
}
