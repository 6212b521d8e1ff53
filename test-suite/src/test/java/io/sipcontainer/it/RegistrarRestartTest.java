package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.RegisterClient.Reply;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.service.Contact;
import io.sipcontainer.service.LocationService;

/** Registrations in usrloc db_mode 1 and 2 outlive a server restart, with their remaining expiry. */
class RegistrarRestartTest {
    private static final Pattern EXPIRES = Pattern.compile(";expires=(\\d+)");

    @TempDir
    Path home;
    private ServerFixture fixture;
    private RegisterClient client;

    private void start(String dbMode) throws Exception {
        fixture = new ServerFixture(home).dar(RegisterClient.DAR)
                .configure(b -> b.moduleParam("usrloc.db_mode", dbMode));
        RegisterClient.deployRegistrar(fixture.deployDir());
        fixture.start();
        client = new RegisterClient(fixture.udpAddress());
    }

    private void stop() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (fixture != null) {
            fixture.close();
            fixture = null;
        }
    }

    @AfterEach
    void tearDown() {
        stop();
    }

    private static int expires(String contact) {
        Matcher m = EXPIRES.matcher(contact);
        assertTrue(m.find(), contact);
        return Integer.parseInt(m.group(1));
    }

    private void bindingsSurviveARestart(String dbMode) throws Exception {
        start(dbMode);
        client.register("alice", "Contact: <sip:alice@198.51.100.1:5060>;q=0.8, <sip:alice@198.51.100.2:5060>",
                "Expires: 600");
        client.register("bob", "Contact: <sip:bob@198.51.100.3:5060>", "Expires: 120");
        List<Contact> before = fixture.server().services().get(LocationService.class).lookup("alice");
        stop();

        start(dbMode);
        LocationService location = fixture.server().services().get(LocationService.class);
        assertEquals(before, location.lookup("alice"), "every field, ruid and order kept");
        Reply query = client.register("alice");
        assertEquals(200, query.status());
        assertEquals(2, query.contacts().size(), query.text());
        assertTrue(query.contacts().get(0).startsWith("<sip:alice@198.51.100.1:5060>;q=0.8;expires="));
        int left = expires(query.contacts().get(0));
        assertTrue(left <= 600 && left >= 590, "remaining expiry, not a new one: " + left);
        int bobLeft = expires(client.register("bob").contacts().get(0));
        assertTrue(bobLeft <= 120 && bobLeft >= 110, "bob: " + bobLeft);
    }

    @Test
    void writeThroughBindingsSurviveARestartWithTheirRemainingExpiry() throws Exception {
        bindingsSurviveARestart("1");
    }

    @Test
    void writeBackBindingsAreWrittenOnStopAndSurviveARestart() throws Exception {
        bindingsSurviveARestart("2");
    }

    @Test
    void anUnregisterInWriteThroughModeStaysUnregisteredAfterARestart() throws Exception {
        start("1");
        client.register("carol", "Contact: <sip:carol@198.51.100.4>");
        client.register("carol", "Contact: *", "Expires: 0");
        stop();
        start("1");
        assertTrue(fixture.server().services().get(LocationService.class).lookup("carol").isEmpty());
        assertTrue(client.register("carol").contacts().isEmpty());
    }
}
