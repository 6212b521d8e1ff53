package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.RegisterClient.Reply;
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

    @Test
    void writeBackLosesWhatTheTimerHadNotWrittenYet() throws Exception {
        // the timer writes every hour: nothing of this test's registrations was written before the kill
        int loaded = contactsLoadedAfterAKill("usrloc.db_mode = 2", "usrloc.timer_interval = 3600");
        assertTrue(loaded < CONTACTS, "write-back promises nothing before the timer: " + loaded + " loaded");
    }
}
