package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sipcontainer.it.RegisterClient.Reply;
import io.sipcontainer.it.support.DigestAnswer;
import io.sipcontainer.it.support.FreePort;
import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.ServerProcess;
import io.sipcontainer.it.support.SipAgent;

/**
 * Several nodes as an operator runs them: each its own JVM ({@link ServerProcess}) with the
 * shipped registrar and proxy and the shipped DAR, joined into one Hazelcast cluster on loopback
 * ({@code cluster.members}). What one node stores, another finds: a user registered through A is
 * called through B; a call set up through one node is torn down by a BYE sent to the other, also
 * after the first was killed with SIGKILL; a digest nonce from A is accepted on B once and its
 * replay refused; a node that joins under load takes traffic. After each test no session is left.
 */
class ClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final String clusterName = "it-" + UUID.randomUUID();
    private final List<Integer> memberPorts = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        for (ServerProcess node : nodes) {
            node.close();
        }
    }

    /** Prepares {@code count} nodes knowing each other (started by the caller). */
    private List<ServerProcess> cluster(int count, String... extra) throws Exception {
        for (int i = 0; i < count; i++) {
            memberPorts.add(FreePort.find());
        }
        List<ServerProcess> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            made.add(node(i, extra));
        }
        return made;
    }

    private ServerProcess node(int index, String... extra) throws Exception {
        List<String> members = memberPorts.stream().map(p -> "127.0.0.1:" + p).toList();
        List<String> cfg = new ArrayList<>(List.of("cluster.name = " + clusterName,
                "cluster.port = " + memberPorts.get(index), "cluster.members = " + String.join(", ", members)));
        cfg.addAll(List.of(extra));
        ServerProcess node = new ServerProcess(dir.resolve("node" + index),
                Files.readString(Path.of("..", "conf", "dar.properties"), StandardCharsets.UTF_8),
                cfg.toArray(String[]::new));
        DefaultProxyTest.deploy("registrar", node.deployDir());
        DefaultProxyTest.deploy("proxy", node.deployDir());
        nodes.add(node);
        return node;
    }

    /** A JSON-RPC command over HTTP (sipctl starts a JVM per call: seconds each on a busy machine). */
    private JsonNode rpc(ServerProcess node, String method, String... params) throws Exception {
        JsonNode reply = JSON.readTree(node.rpc(method, List.of(params)));
        if (reply.has("error")) {
            throw new AssertionError(method + " " + List.of(params) + ": " + reply.get("error"));
        }
        return reply.get("result");
    }

    /** The same command as the operator types it: {@code sipctl rpc ...}. */
    private JsonNode sipctlRpc(ServerProcess node, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("rpc"));
        args.addAll(List.of(command));
        String out = node.sipctl(args.toArray(String[]::new));
        return JSON.readTree(out.substring(out.indexOf(out.strip().charAt(0))));
    }

    /**
     * Starts these nodes at the same time, as an operator starting a cluster would, and returns
     * when each has logged its start (one after another took a JVM start each, 4-10 s).
     */
    private static void startTogether(ServerProcess... toStart) {
        List<java.util.concurrent.CompletableFuture<ServerProcess>> starting = new ArrayList<>();
        for (ServerProcess node : toStart) {
            starting.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return node.start();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        for (java.util.concurrent.CompletableFuture<ServerProcess> s : starting) {
            s.join();
        }
    }

    private void awaitMembers(ServerProcess node, int count) {
        Poll.until(() -> {
            JsonNode members = rpcOrNull(node, "cluster.members");
            JsonNode status = count > 1 ? rpcOrNull(node, "cluster.status") : null;
            return members != null && members.size() == count
                    && (count == 1 || status != null && status.path("had_company").asBoolean());
        }, Duration.ofSeconds(30),
                () -> "members seen by " + node.home() + ": " + safeRpc(node, "cluster.members"));
    }

    /** The command's answer, or null while the node cannot give it (still starting, or gone). */
    private JsonNode rpcOrNull(ServerProcess node, String command) {
        try {
            return rpc(node, command);
        } catch (Exception | AssertionError e) {
            return null;
        }
    }

    private String safeRpc(ServerProcess node, String command) {
        try {
            return rpc(node, command).toString();
        } catch (Exception | AssertionError e) {
            return e.toString();
        }
    }

    /** No application session left anywhere: neither held by a live node nor replicated. */
    private void awaitNoSessions(ServerProcess... live) {
        for (ServerProcess node : live) {
            Poll.until(() -> {
                JsonNode status = rpcOrNull(node, "cluster.status");
                if (status == null) {
                    return false;
                }
                JsonNode sessions = status.path("sessions");
                return sessions.path("local_sessions").asInt(-1) == 0 && sessions.path("cluster_sessions").asInt(-1) == 0;
            }, Duration.ofSeconds(20), () -> "sessions left on " + node.home().getFileName() + ": "
                    + safeRpc(node, "cluster.status") + "\n" + tail(node.output()));
        }
    }

    /** No AOR left in the location table, as each node's ul.dump shows it. */
    private void awaitNoBindings(ServerProcess... live) {
        for (ServerProcess node : live) {
            Poll.until(() -> {
                JsonNode dump = rpcOrNull(node, "ul.dump");
                return dump != null && !dump.toString().contains("\"AoR\"");
            }, Duration.ofSeconds(20), () -> "bindings left on " + node.home().getFileName() + ": "
                    + safeRpc(node, "ul.dump"));
        }
    }

    private static String tail(String output) {
        return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
    }

    private static String bobContact(SipAgent bob) {
        return "Contact: <" + bob.uri("bob") + ">";
    }

    /** An INVITE from alice for bob, sent to {@code node}; bob answers 200; returns alice's 200. */
    private Response call(SipAgent alice, SipAgent bob, ServerProcess node) {
        Request invite = alice.newRequest("INVITE", "sip:bob@127.0.0.1:" + node.sipPort(), "<" + alice.uri("alice") + ">",
                "<sip:bob@127.0.0.1:" + node.sipPort() + ">");
        alice.attachSdp(invite);
        ClientTransaction ct = alice.send(invite);
        RequestEvent arrived = bob.awaitRequest("INVITE", WAIT);
        bob.respond(arrived, 200);
        Response ok = alice.awaitFinalResponse(ct, WAIT);
        assertEquals(200, ok.getStatusCode(), ok.toString());
        assertTrue(ok.getHeader("Record-Route").toString().contains(":" + node.sipPort()),
                "the node record-routes: " + ok);
        alice.sendAck(ok);
        bob.awaitRequest("ACK", WAIT);
        return ok;
    }

    /**
     * Alice's BYE for the call {@code ok} answered, as built for its route set (the Record-Route of
     * the node that set the call up), sent instead to {@code other} from alice's raw socket; bob
     * must get it and his 200 must come back.
     */
    private void byeThrough(SipAgent alice, SipAgent bob, Response ok, ServerProcess other) {
        Request bye = alice.newInDialogRequest(ok, "BYE");
        String text = bye.toString().replaceFirst("(Via: SIP/2.0/UDP 127\\.0\\.0\\.1:)\\d+", "$1" + alice.rawPort());
        alice.sendRaw(text, other.udpAddress());
        RequestEvent arrived = bob.awaitRequest("BYE", Duration.ofSeconds(20));
        bob.respond(arrived, 200);
        String answer = alice.receiveRaw(Duration.ofSeconds(20));
        while (answer.startsWith("SIP/2.0 100")) {
            answer = alice.receiveRaw(Duration.ofSeconds(20));
        }
        assertTrue(answer.startsWith("SIP/2.0 200"), "bob's 200 to the BYE came back through the other node: " + answer);
    }

    @Test
    void aUserRegisteredThroughOneNodeIsCalledThroughTheOtherAndTheByeMayGoToEither() throws Exception {
        List<ServerProcess> two = cluster(2);
        ServerProcess a = two.get(0);
        ServerProcess b = two.get(1);
        startTogether(a, b);
        awaitMembers(a, 2);
        try (SipAgent alice = new SipAgent(); SipAgent bob = new SipAgent();
                RegisterClient registration = new RegisterClient(a.udpAddress())) {
            Reply registered = registration.register("bob", bobContact(bob), "Expires: 600");
            assertEquals(200, registered.status(), registered.text());
            JsonNode dump = rpc(b, "ul.dump");
            assertTrue(dump.toString().contains(bob.uri("bob")), "B's ul.dump shows what A stored: " + dump);

            Response ok = call(alice, bob, b);          // set up through B
            byeThrough(alice, bob, ok, a);              // torn down through A
            awaitNoSessions(a, b);

            Response again = call(alice, bob, a);       // and the other way round
            byeThrough(alice, bob, again, b);
            awaitNoSessions(a, b);

            Reply removed = new RegisterClient(b.udpAddress()).register("bob", bobContact(bob), "Expires: 0");
            assertEquals(200, removed.status(), removed.text());
            awaitNoBindings(a, b);                       // what B removed, A no longer holds
        }
        JsonNode members = sipctlRpc(a, "cluster.members");
        assertEquals(2, members.size(), members.toString());
        for (JsonNode m : members) {
            assertTrue(m.path("sip").size() >= 1, "each member lists its SIP addresses: " + members);
        }
    }

    @Test
    void aCallGoesOnThroughTheOtherNodeAfterItsNodeIsKilled() throws Exception {
        List<ServerProcess> two = cluster(2);
        ServerProcess a = two.get(0);
        ServerProcess b = two.get(1);
        startTogether(a, b);
        awaitMembers(b, 2);
        try (SipAgent alice = new SipAgent(); SipAgent bob = new SipAgent();
                RegisterClient registration = new RegisterClient(b.udpAddress())) {
            assertEquals(200, registration.register("bob", bobContact(bob), "Expires: 600").status());
            Response ok = call(alice, bob, a);          // set up through A
            a.kill();                                   // SIGKILL mid-call
            awaitMembers(b, 1);
            byeThrough(alice, bob, ok, b);              // the BYE for A's Record-Route, sent to B
            awaitNoSessions(b);
            Reply lookup = new RegisterClient(b.udpAddress()).register("bob");
            assertEquals(1, lookup.contacts().size(), "the binding survived its node's death (a backup held it): "
                    + lookup.text());
            assertEquals(200, registration.register("bob", bobContact(bob), "Expires: 0").status());
            awaitNoBindings(b);
        }
    }

    @Test
    void aNonceIssuedByOneNodeIsAcceptedByAnotherOnceAndItsReplayRefused() throws Exception {
        List<ServerProcess> two = cluster(2, "auth.enabled = yes", "auth.qop = auth", "auth.nonce_count = yes",
                "alias = example.com");
        ServerProcess a = two.get(0);
        ServerProcess b = two.get(1);
        startTogether(a, b);
        awaitMembers(a, 2);
        for (ServerProcess node : two) { // each node has its own subscriber table (H2 per node)
            node.sipctl("add", "alice@example.com", "wonderland");
        }
        try (SipAgent alice = new SipAgent()) {
            Response challenge = alice.awaitFinalResponse(alice.send(register(alice, a)), WAIT);
            assertEquals(401, challenge.getStatusCode(), challenge.toString());
            WWWAuthenticateHeader offered = (WWWAuthenticateHeader) challenge.getHeader("WWW-Authenticate");
            Response onB = alice.awaitFinalResponse(alice.send(DigestAnswer.answer(register(alice, b), offered,
                    "alice", "wonderland")), WAIT);
            assertEquals(200, onB.getStatusCode(), "B accepts A's nonce: " + onB);
            Response replayOnA = alice.awaitFinalResponse(alice.send(DigestAnswer.answer(register(alice, a), offered,
                    "alice", "wonderland")), WAIT);
            assertEquals(401, replayOnA.getStatusCode(), "the same nonce count again is a replay, on any node: "
                    + replayOnA);
        }
    }

    /** A REGISTER for alice@example.com routed to {@code node}. */
    private static Request register(SipAgent agent, ServerProcess node) {
        Request r = agent.newRequest("REGISTER", "sip:example.com", "<sip:alice@example.com>", "<sip:alice@example.com>");
        try {
            r.addFirst(javax.sip.SipFactory.getInstance().createHeaderFactory().createHeader("Route",
                    "<sip:127.0.0.1:" + node.sipPort() + ";lr>"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return r;
    }

    @Test
    void aServletTimerSetOnANodeThatDiesFiresOnceOnASurvivor() throws Exception {
        String dar = "MESSAGE: (\"timerapp\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"0\")\n";
        String sipXml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <sip-app xmlns="http://www.jcp.org/xml/ns/sipservlet" version="2.0">
                  <app-name>timerapp</app-name>
                  <servlet>
                    <servlet-name>timer</servlet-name>
                    <servlet-class>org.example.testapps.ClusterTimerServlet</servlet-class>
                    <load-on-startup>1</load-on-startup>
                  </servlet>
                  <listener><listener-class>org.example.testapps.ClusterTimerServlet</listener-class></listener>
                  <servlet-selection><main-servlet>timer</main-servlet></servlet-selection>
                </sip-app>
                """;
        for (int i = 0; i < 2; i++) {
            memberPorts.add(FreePort.find());
        }
        List<ServerProcess> two = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<String> members = memberPorts.stream().map(p -> "127.0.0.1:" + p).toList();
            ServerProcess node = new ServerProcess(dir.resolve("timer" + i), dar, "cluster.name = " + clusterName,
                    "cluster.port = " + memberPorts.get(i), "cluster.members = " + String.join(", ", members));
            io.sipcontainer.it.support.SarBuilder.named("timerapp.sar").sipXml(sipXml)
                    .withClasses(org.example.testapps.ClusterTimerServlet.class).writeTo(node.deployDir());
            nodes.add(node);
            two.add(node);
        }
        ServerProcess a = two.get(0);
        ServerProcess b = two.get(1);
        startTogether(a, b);
        awaitMembers(b, 2);
        try (SipAgent watcher = new SipAgent()) {
            Request arm = watcher.newRequest("MESSAGE", "sip:timer@127.0.0.1:" + a.sipPort(), "<" + watcher.uri("w") + ">",
                    "<sip:timer@127.0.0.1:" + a.sipPort() + ">");
            arm.setContent("4000 " + watcher.uri("watch"), javax.sip.SipFactory.getInstance().createHeaderFactory()
                    .createContentTypeHeader("text", "plain"));
            Response armed = watcher.awaitFinalResponse(watcher.send(arm), WAIT);
            assertEquals(200, armed.getStatusCode(), armed.toString());
            // the session is replicated when the servlet has returned, just after its 200 left
            Poll.until(() -> {
                JsonNode status = rpcOrNull(a, "cluster.status");
                return status != null && status.path("sessions").path("replicated_here").asInt() == 1;
            }, WAIT, () -> "the timer's session was not replicated: " + safeRpc(a, "cluster.status"));
            a.kill(); // before the timer is due
            RequestEvent fired = watcher.pollRequest("OPTIONS", Duration.ofSeconds(40)).orElseThrow(
                    () -> new AssertionError("no OPTIONS from the timer; the survivor said:\n" + tail(b.output())
                            + "\nthe node that died had said:\n" + tail(a.output())));
            watcher.respond(fired, 200);
            assertEquals("fired", new String(fired.getRequest().getRawContent(), StandardCharsets.UTF_8));
            assertTrue(watcher.pollRequest("OPTIONS", Duration.ofSeconds(5)).isEmpty(), "the timer fired once");
        }
        assertTrue(b.output().contains("took over 1 session(s)"), tail(b.output()));
    }

    @Test
    void aThirdNodeJoinsUnderLoadAndTakesTraffic() throws Exception {
        List<ServerProcess> three = cluster(3);
        ServerProcess a = three.get(0);
        ServerProcess b = three.get(1);
        startTogether(a, b);
        awaitMembers(a, 2);
        try (RegisterClient viaA = new RegisterClient(a.udpAddress())) {
            Thread load = new Thread(() -> {
                for (int i = 0; i < 200 && !Thread.currentThread().isInterrupted(); i++) {
                    viaA.register("load" + i, "Contact: <sip:load" + i + "@198.51.100.9:5060>", "Expires: 600");
                }
            });
            load.start();
            ServerProcess c = three.get(2).start();
            load.join(60_000);
            awaitMembers(c, 3);
            try (RegisterClient viaC = new RegisterClient(c.udpAddress());
                    RegisterClient viaB = new RegisterClient(b.udpAddress())) {
                assertEquals(200, viaC.register("carol", "Contact: <sip:carol@198.51.100.10:5060>", "Expires: 600")
                        .status());
                assertEquals(1, viaB.register("carol").contacts().size(), "what C stored, B finds");
                assertEquals(1, viaC.register("load199").contacts().size(), "what A stored under load, C finds");
            }
        }
        JsonNode status = rpc(a, "cluster.status");
        assertEquals(3, status.path("members").asInt(), status.toString());
    }

    /**
     * A member alone writes no replica; a call it set up then is shared when a second member
     * joins, so the BYE may reach the newcomer.
     */
    @Test
    void aCallSetUpOnALoneNodeIsSharedWhenASecondNodeJoins() throws Exception {
        List<ServerProcess> two = cluster(2);
        ServerProcess a = two.get(0).start();
        try (SipAgent alice = new SipAgent(); SipAgent bob = new SipAgent();
                RegisterClient registration = new RegisterClient(a.udpAddress())) {
            assertEquals(200, registration.register("bob", bobContact(bob), "Expires: 600").status());
            Response ok = call(alice, bob, a);
            assertEquals(0, rpc(a, "cluster.status").path("sessions").path("cluster_sessions").asInt(),
                    "no replica while alone");
            ServerProcess b = two.get(1).start();
            awaitMembers(b, 2);
            Poll.until(() -> {
                JsonNode status = rpcOrNull(b, "cluster.status");
                return status != null && status.path("sessions").path("cluster_sessions").asInt() >= 1;
            }, Duration.ofSeconds(30), () -> "the call was not shared: " + safeRpc(b, "cluster.status"));
            byeThrough(alice, bob, ok, b);
            awaitNoSessions(a, b);
        }
    }

    /**
     * Each node in turn stopped (SIGTERM) and started again while registrations go on through the
     * other: every registration made before or during the restarts is found through both nodes
     * at the end.
     */
    @Test
    void aRollingRestartDropsNoRegistration() throws Exception {
        List<ServerProcess> two = cluster(2);
        ServerProcess a = two.get(0);
        ServerProcess b = two.get(1);
        startTogether(a, b);
        awaitMembers(a, 2);
        List<String> users = new ArrayList<>();
        registerMany(a, "before-a", 50, users);
        registerMany(b, "before-b", 50, users);
        for (ServerProcess restarting : two) {
            ServerProcess other = restarting == a ? b : a;
            restarting.sigterm();
            assertEquals(143, restarting.awaitExit(Duration.ofSeconds(60)), "stopped by its SIGTERM handler, not killed");
            registerMany(other, "while-" + (restarting == a ? "a" : "b") + "-down", 25, users);
            assertAllFound(other, users);
            restarting.start();
            awaitMembers(other, 2);
            awaitSafe(other);
        }
        assertAllFound(a, users);
        assertAllFound(b, users);
    }

    /** A node in {@code cluster.mode = client} uses the members' state without holding any itself. */
    @Test
    void aNodeJoinsAsAHazelcastClient() throws Exception {
        ServerProcess a = cluster(1).get(0).start();
        ServerProcess c = new ServerProcess(dir.resolve("client"),
                Files.readString(Path.of("..", "conf", "dar.properties"), StandardCharsets.UTF_8),
                "cluster.name = " + clusterName, "cluster.mode = client",
                "cluster.members = 127.0.0.1:" + memberPorts.get(0));
        DefaultProxyTest.deploy("registrar", c.deployDir());
        DefaultProxyTest.deploy("proxy", c.deployDir());
        nodes.add(c);
        c.start();
        JsonNode status = rpc(c, "cluster.status");
        assertEquals("client", status.path("mode").asText(), status.toString());
        assertEquals(1, status.path("members").asInt(), "a client is not a member: " + status);
        List<String> users = new ArrayList<>();
        registerMany(c, "via-client", 10, users);
        assertAllFound(a, users);
        registerMany(a, "via-member", 10, users);
        assertAllFound(c, users);
        try (SipAgent alice = new SipAgent(); SipAgent bob = new SipAgent();
                RegisterClient registration = new RegisterClient(a.udpAddress())) {
            assertEquals(200, registration.register("bob", bobContact(bob), "Expires: 600").status());
            Response ok = call(alice, bob, c);          // set up through the client node
            byeThrough(alice, bob, ok, a);
        }
    }

    private static void registerMany(ServerProcess node, String prefix, int count, List<String> users) {
        try (RegisterClient client = new RegisterClient(node.udpAddress())) {
            for (int i = 0; i < count; i++) {
                String user = prefix + "-" + i;
                Reply reply = client.register(user, "Contact: <sip:" + user + "@198.51.100.7:5060>", "Expires: 600");
                assertEquals(200, reply.status(), user);
                users.add(user);
            }
        }
    }

    private static void assertAllFound(ServerProcess node, List<String> users) {
        try (RegisterClient client = new RegisterClient(node.udpAddress())) {
            List<String> missing = new ArrayList<>();
            for (String user : users) {
                if (client.register(user).contacts().size() != 1) {
                    missing.add(user);
                }
            }
            assertTrue(missing.isEmpty(), missing.size() + " of " + users.size() + " registrations not found through "
                    + node.home().getFileName() + ": " + missing);
        }
    }

    private void awaitSafe(ServerProcess node) {
        Poll.until(() -> {
            JsonNode status = rpcOrNull(node, "cluster.status");
            return status != null && status.path("members").asInt() == 2 && status.path("safe").asBoolean();
        }, Duration.ofSeconds(60), () -> "cluster not safe: " + safeRpc(node, "cluster.status"));
    }
}
