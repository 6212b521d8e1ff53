package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.http.HttpInfo;
import io.sipcontainer.http.JsonBodies;
import io.sipcontainer.it.RegisterClient.Reply;
import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.service.Contact;
import io.sipcontainer.service.LocationService;
import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.service.Statistics;

/**
 * The registrar application deployed from its real .sar on a real server, driven by raw REGISTERs
 * over UDP: Kamailio's replies, headers and statistics, read back through the location service
 * and the {@code ul.*} commands.
 */
class RegistrarEndToEndTest {
    @TempDir
    Path home;
    private ServerFixture fixture;
    private RegisterClient client;

    private void start(UnaryOperator<ServerConfig.Builder> settings) throws Exception {
        fixture = new ServerFixture(home).dar(RegisterClient.DAR).configure(settings);
        RegisterClient.deployRegistrar(fixture.deployDir());
        fixture.start();
        assertTrue(fixture.server().applications().names().contains("registrar"));
        client = new RegisterClient(fixture.udpAddress());
    }

    private void start() throws Exception {
        start(b -> b);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private String contact(String user) {
        return "<sip:" + user + "@127.0.0.1:" + client.port() + ">";
    }

    private LocationService location() {
        return fixture.server().services().get(LocationService.class);
    }

    private Object rpc(String method, Object... params) throws RpcException {
        return fixture.server().services().get(RpcRegistry.class).call(method, new RpcParams(List.of(params)));
    }

    private long stat(String name) {
        return fixture.server().services().get(Statistics.class).snapshot(name).getOrDefault(name, -1L);
    }

    @Test
    void registerReRegisterAndUnregisterWithKamailioReplies() throws Exception {
        start();
        Reply r = client.register("alice", "Contact: " + contact("alice"), "Expires: 600");
        assertEquals(200, r.status(), r.text());
        assertEquals("OK", r.reason());
        assertEquals(List.of(contact("alice") + ";expires=600"), r.contacts());

        @SuppressWarnings("unchecked")
        Map<String, Object> lookup = (Map<String, Object>) rpc("ul.lookup", "location", "alice");
        assertEquals("alice", lookup.get("AoR"));
        @SuppressWarnings("unchecked")
        Map<String, Object> c = (Map<String, Object>) ((Map<String, Object>) ((List<?>) lookup.get("Contacts"))
                .get(0)).get("Contact");
        assertEquals("sip:alice@127.0.0.1:" + client.port(), c.get("Address"));
        assertEquals(client.callId(), c.get("Call-ID"));
        assertEquals(1, c.get("CSeq"));

        r = client.register("alice", "Contact: " + contact("alice") + ";expires=1200");
        assertEquals(List.of(contact("alice") + ";expires=1200"), r.contacts());
        assertEquals(1, location().lookup("alice").size());

        r = client.register("alice", "Contact: " + contact("alice"), "Expires: 0");
        assertEquals(200, r.status());
        assertTrue(r.contacts().isEmpty(), r.text());
        assertTrue(location().lookup("alice").isEmpty());
        assertEquals(3, stat("registrar:accepted_regs"));
        assertEquals(0, stat("registrar:rejected_regs"));
    }

    /** POSTs a JSON-RPC call to /RPC, with the bearer token the server wrote on start when {@code token} is set. */
    private HttpResponse<String> rpcOverHttp(String method, boolean token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(fixture.server().services().get(HttpInfo.class).uri("http", "/RPC"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":[],\"id\":7}"))
                .header("Content-Type", "application/json");
        if (token) {
            b.header("Authorization", "Bearer " + Files.readString(home.resolve("data/rpc.token")).strip());
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void ulDumpOverHttpListsTheRegisteredAorsAndContacts() throws Exception {
        start();
        assertEquals(200, client.register("alice", "Contact: " + contact("alice"), "Expires: 600").status());
        assertEquals(200, client.register("bob", "Contact: " + contact("bob"), "Expires: 600").status());

        assertEquals(401, rpcOverHttp("ul.dump", false).statusCode(), "the RPC endpoint requires its token");
        HttpResponse<String> r = rpcOverHttp("ul.dump", true);
        assertEquals(200, r.statusCode(), r.body());
        Map<?, ?> envelope = (Map<?, ?>) JsonBodies.parseReply(r.body());
        assertEquals(7L, envelope.get("id"));
        Map<?, ?> domain = (Map<?, ?>) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) envelope.get("result")).get("Domains"))
                .get(0)).get("Domain");
        assertEquals("location", domain.get("Domain"));
        Map<String, List<Object>> contactsByAor = new TreeMap<>();
        for (Object entry : (List<?>) domain.get("AoRs")) {
            Map<?, ?> info = (Map<?, ?>) ((Map<?, ?>) entry).get("Info");
            List<Object> addresses = new ArrayList<>();
            for (Object c : (List<?>) info.get("Contacts")) {
                addresses.add(((Map<?, ?>) ((Map<?, ?>) c).get("Contact")).get("Address"));
            }
            contactsByAor.put((String) info.get("AoR"), addresses);
        }
        assertEquals(Map.of("alice", List.of("sip:alice@127.0.0.1:" + client.port()),
                "bob", List.of("sip:bob@127.0.0.1:" + client.port())), contactsByAor, r.body());
        assertEquals(2L, ((Map<?, ?>) domain.get("Stats")).get("Records"));
    }

    @Test
    void expiresIsRaisedToMinExpiresAndCappedAtMaxExpires() throws Exception {
        start();
        Reply r = client.register("bob", "Contact: " + contact("bob") + ";expires=10");
        assertEquals(List.of(contact("bob") + ";expires=60"), r.contacts());
        r = client.register("bob", "Contact: " + contact("bob"), "Expires: 86400");
        assertEquals(List.of(contact("bob") + ";expires=3600"), r.contacts());
        r = client.register("bob", "Contact: " + contact("bob"));
        assertEquals(List.of(contact("bob") + ";expires=3600"), r.contacts(), "default_expires 3600");
    }

    @Test
    void anUnparsableContactIsRefusedWith400AndNothingIsStored() throws Exception {
        start();
        // the stack used to drop the header, so the REGISTER became a query and got 200
        Reply bad = client.register("dave", "Contact: garbage<<", "Expires: 60");
        assertEquals(400, bad.status(), bad.text());
        assertEquals("Bad Request (Bad Contact header)", bad.reason(), "one line, no bare LF from a parser message");
        assertTrue(location().lookup("dave").isEmpty());
        assertEquals(200, client.register("dave", "Contact: " + contact("dave")).status(), "the next REGISTER is served");
        assertEquals(1, location().lookup("dave").size());
    }

    @Test
    void starWithExpiresZeroRemovesEveryBindingAndOtherwiseIsRefused() throws Exception {
        start();
        client.register("carol", "Contact: <sip:carol@198.51.100.1>, <sip:carol@198.51.100.2>");
        assertEquals(2, location().lookup("carol").size());
        Reply bad = client.register("carol", "Contact: *", "Expires: 60");
        assertEquals(400, bad.status());
        assertEquals("Bad Request", bad.reason());
        assertEquals("* used in contact and expires is not zero", bad.header("P-Registrar-Error"));
        Reply mixed = client.register("carol", "Contact: *", "Contact: <sip:carol@198.51.100.3>", "Expires: 0");
        assertEquals(400, mixed.status());
        assertEquals("* used in contact and more than 1 contact", mixed.header("P-Registrar-Error"));
        Reply star = client.register("carol", "Contact: *", "Expires: 0");
        assertEquals(200, star.status());
        assertNull(star.header("Contact"));
        assertTrue(location().lookup("carol").isEmpty());
        assertEquals(2, stat("registrar:rejected_regs"));
    }

    @Test
    void registerWithoutContactIsAQueryListingTheBindings() throws Exception {
        start();
        client.register("dave", "Contact: <sip:dave@198.51.100.1>;q=0.5");
        Reply q = client.register("dave");
        assertEquals(200, q.status());
        assertEquals(List.of("<sip:dave@198.51.100.1>;q=0.5;expires=3600"), q.contacts());
        assertEquals(1, location().lookup("dave").size());
    }

    @Test
    void minExpiresModeAnswers423WithMinExpires() throws Exception {
        start(b -> b.moduleParam("registrar.min_expires_mode", "1").moduleParam("registrar.min_expires", "120"));
        Reply r = client.register("erin", "Contact: " + contact("erin"), "Expires: 30");
        assertEquals(423, r.status());
        assertEquals("Interval Too Brief", r.reason());
        assertEquals("120", r.header("Min-Expires"));
        assertEquals("Interval too brief", r.header("P-Registrar-Error"));
        assertTrue(location().lookup("erin").isEmpty());
        assertEquals(200, client.register("erin", "Contact: " + contact("erin"), "Expires: 120").status());
    }

    @Test
    void maxContactsAnswers503WithRetryAfterAndKeepsTheBindings() throws Exception {
        start(b -> b.moduleParam("registrar.max_contacts", "2").moduleParam("registrar.retry_after", "30"));
        assertEquals(200, client.register("frank", "Contact: <sip:f1@198.51.100.1>, <sip:f2@198.51.100.2>").status());
        Reply r = client.register("frank", "Contact: <sip:f3@198.51.100.3>");
        assertEquals(503, r.status());
        assertEquals("Service Unavailable", r.reason());
        assertEquals("Too many registered contacts", r.header("P-Registrar-Error"));
        assertEquals("30", r.header("Retry-After"));
        assertEquals(2, r.contacts().size(), "Kamailio lists the bindings in the error reply too");
        assertEquals(2, location().lookup("frank").size());
        // replacing one contact by another in one REGISTER stays within the limit
        Reply swap = client.register("frank", "Contact: <sip:f1@198.51.100.1>;expires=0, <sip:f3@198.51.100.3>");
        assertEquals(200, swap.status(), swap.text());
        assertEquals(List.of("sip:f2@198.51.100.2", "sip:f3@198.51.100.3"),
                location().lookup("frank").stream().map(Contact::uri).toList());
    }

    @Test
    void olderCSeqForTheSameCallIdIsRefusedWith400() throws Exception {
        start();
        assertEquals(200, client.registerWith("gina", 10, "Contact: " + contact("gina")).status());
        Reply r = client.registerWith("gina", 9, "Contact: " + contact("gina"));
        assertEquals(400, r.status());
        assertEquals("Invalid CSeq number", r.header("P-Registrar-Error"));
        assertEquals(10, location().lookup("gina").get(0).cseq());
        assertEquals(200, client.registerWith("gina", 11, "Contact: " + contact("gina")).status());
    }

    @Test
    void theReplyListsBindingsByQDescendingWithoutQLast() throws Exception {
        start();
        Reply r = client.register("hal", "Contact: <sip:a@198.51.100.1>, <sip:b@198.51.100.2>;q=0.5",
                "Contact: <sip:c@198.51.100.3>;q=1.0, <sip:d@198.51.100.4>;q=0.5, <sip:e@198.51.100.5>;q=0.25", "Expires: 300");
        assertEquals(List.of("<sip:c@198.51.100.3>;q=1;expires=300", "<sip:b@198.51.100.2>;q=0.5;expires=300",
                "<sip:d@198.51.100.4>;q=0.5;expires=300", "<sip:e@198.51.100.5>;q=0.25;expires=300",
                "<sip:a@198.51.100.1>;expires=300"), r.contacts());
        assertEquals(1, r.headers().get("contact").size(), "one Contact header, as Kamailio");
    }

    @Test
    void pathIsEchoedOnlyWhenTheClientSupportsIt() throws Exception {
        start(b -> b.moduleParam("registrar.path_mode", "1"));
        String path = "Path: <sip:edge.example.com;lr>";
        Reply with = client.register("ivy", "Contact: " + contact("ivy"), path, "Supported: path");
        assertEquals(200, with.status());
        assertEquals("<sip:edge.example.com;lr>", with.header("Path"));
        assertEquals(List.of("<sip:edge.example.com;lr>"), location().lookup("ivy").get(0).path());
        Reply without = client.register("ivy", "Contact: " + contact("ivy"), path);
        assertEquals(200, without.status());
        assertNull(without.header("Path"));
    }

    @Test
    void strictPathModeAnswers420WithoutSupportedPath() throws Exception {
        start(b -> b.moduleParam("registrar.path_mode", "2"));
        Reply r = client.register("jack", "Contact: " + contact("jack"), "Path: <sip:edge.example.com;lr>");
        assertEquals(420, r.status());
        assertEquals("Bad Extension", r.reason());
        assertEquals("path", r.header("Unsupported"));
        assertEquals("<sip:edge.example.com;lr>", r.header("Path"));
        assertEquals("No support for found Path indicated", r.header("P-Registrar-Error"));
    }

    @Test
    void gruusAreInTheReplyWhenTheClientSupportsGruu() throws Exception {
        start(b -> b.moduleParam("registrar.gruu_enabled", "1"));
        String instance = "<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>";
        Reply r = client.register("kim", "Contact: " + contact("kim") + ";+sip.instance=\"" + instance + "\"",
                "Supported: gruu");
        assertEquals(200, r.status(), r.text());
        String c = r.contacts().get(0);
        assertTrue(c.contains(";pub-gruu=\"sip:kim@127.0.0.1;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6\""),
                c);
        String ruid = location().lookup("kim").get(0).ruid();
        assertTrue(c.matches(".*;temp-gruu=\"sip:" + ruid + "-[0-9a-f]+@127\\.0\\.0\\.1;gr\".*"), c);
        assertTrue(c.endsWith(";+sip.instance=\"" + instance + "\""), c);
        Reply plain = client.register("kim", "Contact: " + contact("kim") + ";+sip.instance=\"" + instance + "\"");
        assertTrue(!plain.contacts().get(0).contains("gruu"), "no GRUU without Supported: gruu");
    }

    @Test
    void aPrivateContactGetsTheSourceAsReceived() throws Exception {
        start();
        Reply r = client.register("lea", "Contact: <sip:lea@192.168.1.20:5060>");
        assertEquals(List.of("<sip:lea@192.168.1.20:5060>;expires=3600;received=\"sip:127.0.0.1:" + client.port()
                + "\""), r.contacts());
        Contact c = location().lookup("lea").get(0);
        assertEquals("sip:127.0.0.1:" + client.port(), c.received());
        assertEquals(192, c.cflags(), "FLB_NATB and FLB_NATSIPPING, as the default cfg");
    }

    @Test
    void maxForwardsZeroIsAnsweredTooManyHops() throws Exception {
        start();
        Reply r = client.register("max", "Contact: " + contact("max"), "Max-Forwards: 0");
        assertEquals(483, r.status());
        assertEquals("Too Many Hops", r.reason());
        assertTrue(location().lookup("max").isEmpty());
    }

    @Test
    void expiredBindingsVanishWithoutRestart() throws Exception {
        start(b -> b.moduleParam("registrar.min_expires", "1").moduleParam("usrloc.timer_interval", "1"));
        Reply r = client.register("nina", "Contact: " + contact("nina"), "Expires: 2");
        assertEquals(List.of(contact("nina") + ";expires=2"), r.contacts());
        assertEquals(1, stat("usrloc:location-contacts"));
        Poll.until(() -> location().lookup("nina").isEmpty(), Duration.ofSeconds(5), () -> "still registered");
        Poll.until(() -> stat("usrloc:location-contacts") == 0, Duration.ofSeconds(5),
                () -> "the timer did not purge: " + stat("usrloc:location-contacts"));
        assertEquals(1, stat("usrloc:location-expires"));
        assertTrue(client.register("nina").contacts().isEmpty());
    }

    @Test
    void ulAddRmContactAndRmWork() throws Exception {
        start();
        rpc("ul.add", "location", "olga", "sip:olga@198.51.100.9", 600, 0.7, ".", 0, 0, -1);
        Reply q = client.register("olga");
        assertEquals(List.of("<sip:olga@198.51.100.9>;q=0.7;expires=600"), q.contacts());
        RpcException missing = org.junit.jupiter.api.Assertions.assertThrows(RpcException.class,
                () -> rpc("ul.rm_contact", "location", "olga", "sip:other@198.51.100.9"));
        assertEquals(404, missing.code());
        assertEquals("Contact not found", missing.getMessage());
        rpc("ul.rm_contact", "location", "olga", "sip:olga@198.51.100.9");
        RpcException gone = org.junit.jupiter.api.Assertions.assertThrows(RpcException.class,
                () -> rpc("ul.lookup", "location", "olga"));
        assertEquals("AOR not found in location table", gone.getMessage());
        rpc("ul.add", "location", "olga", "sip:olga@198.51.100.9", 0, 1, ".", 0, 0, -1);
        @SuppressWarnings("unchecked")
        Map<String, Object> dump = (Map<String, Object>) rpc("ul.dump", "brief");
        assertTrue(dump.toString().contains("AoR=olga"), dump.toString());
        rpc("ul.rm", "location", "olga");
        assertTrue(location().lookup("olga").isEmpty());
    }
}
