package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.RegisterClient.Reply;
import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.ServerProcess;

/**
 * What a 200 to a REGISTER promises when the server dies at once (SIGKILL, no shutdown hook):
 * in usrloc db_mode 1 (write-through) the binding is committed to the database before the 200
 * leaves, so every registration answered survives; in db_mode 2 (write-back) changes wait for the
 * timer, so a kill loses those not written yet. The server runs in its own JVM on the default H2
 * file database under its home.
 */
class RegistrarKillTest {
    private static final int CONTACTS = 40;
    private static final Pattern LOADED = Pattern.compile("usrloc started: db_mode (\\d), (\\d+) contact\\(s\\) loaded");

    @TempDir
    Path home;
    private ServerProcess server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Registers user1..userN, one contact each, kills the server after the last 200, restarts it. */
    private int contactsLoadedAfterAKill(String... settings) throws Exception {
        server = new ServerProcess(home, RegisterClient.DAR, settings);
        RegisterClient.deployRegistrar(server.deployDir());
        server.start();
        try (RegisterClient client = new RegisterClient(server.udpAddress())) {
            for (int i = 1; i <= CONTACTS; i++) {
                Reply r = client.register("user" + i, "Contact: <sip:user" + i + "@198.51.100.7:5060>", "Expires: 3600");
                assertEquals(200, r.status(), r.text());
            }
            server.kill(); // right after the last 200, before the client's own (slow) close
        }
        server.start();
        Matcher m = LOADED.matcher(server.output());
        int loaded = -1;
        while (m.find()) {
            loaded = Integer.parseInt(m.group(2)); // the last start's line
        }
        assertTrue(loaded >= 0, "no usrloc start line in:\n" + server.output());
        return loaded;
    }

    @Test
    void writeThroughKeepsEveryAnsweredRegistrationThroughSigkill() throws Exception {
        assertEquals(CONTACTS, contactsLoadedAfterAKill("usrloc.db_mode = 1"), server.output());
        try (RegisterClient client = new RegisterClient(server.udpAddress())) {
            for (String user : new String[] {"user1", "user" + CONTACTS}) {
                Reply query = client.register(user);
                assertEquals(1, query.contacts().size(), user + ": " + query.text());
                assertTrue(query.contacts().get(0).startsWith("<sip:" + user + "@198.51.100.7:5060>"), query.text());
            }
        }
    }

    /**
     * Write-back's promise, bounded by the timer: what the timer has written survives a SIGKILL;
     * only what changed since its last run can be lost. Registers N, waits until {@code ul.dump}
     * shows all N written ({@code CS_SYNC}, Kamailio's state), registers M more, kills the server
     * and restarts it: the first N are all there, the M at most.
     */
    @Test
    void writeBackKeepsThroughSigkillEverythingTheTimerHadWritten() throws Exception {
        int written = 20;
        int more = 10;
        server = new ServerProcess(home, RegisterClient.DAR, "usrloc.db_mode = 2", "usrloc.timer_interval = 4");
        RegisterClient.deployRegistrar(server.deployDir());
        server.start();
        try (RegisterClient client = new RegisterClient(server.udpAddress())) {
            for (int i = 1; i <= written; i++) {
                assertEquals(200, client.register("user" + i, "Contact: <sip:user" + i + "@198.51.100.7:5060>",
                        "Expires: 3600").status());
            }
            Poll.until(() -> states("CS_SYNC") == written, Duration.ofSeconds(20),
                    () -> "the timer did not write the first " + written + ": " + dump());
            for (int i = written + 1; i <= written + more; i++) {
                assertEquals(200, client.register("user" + i, "Contact: <sip:user" + i + "@198.51.100.7:5060>",
                        "Expires: 3600").status());
            }
            server.kill();
        }
        server.start();
        int loaded = lastLoaded();
        assertTrue(loaded >= written && loaded <= written + more, loaded + " loaded: " + server.output());
        String dump = server.rpc("ul.dump");
        for (int i = 1; i <= written; i++) {
            assertTrue(dump.contains("\"sip:user" + i + "@198.51.100.7:5060\""), "user" + i + " survived: " + dump);
        }
    }

    private long states(String state) {
        String dump = dump();
        return dump.split("\"State\":\"" + state + "\"", -1).length - 1;
    }

    private String dump() {
        try {
            return server.rpc("ul.dump");
        } catch (Exception e) {
            throw new AssertionError("ul.dump failed", e);
        }
    }

    private int lastLoaded() {
        Matcher m = LOADED.matcher(server.output());
        int loaded = -1;
        while (m.find()) {
            loaded = Integer.parseInt(m.group(2));
        }
        assertTrue(loaded >= 0, "no usrloc start line in:\n" + server.output());
        return loaded;
    }

    @Test
    void writeBackLosesWhatTheTimerHadNotWrittenYet() throws Exception {
        // the timer writes every hour: nothing of this test's registrations was written before the kill
        int loaded = contactsLoadedAfterAKill("usrloc.db_mode = 2", "usrloc.timer_interval = 3600");
        assertTrue(loaded < CONTACTS, "write-back promises nothing before the timer: " + loaded + " loaded");
    }
}
