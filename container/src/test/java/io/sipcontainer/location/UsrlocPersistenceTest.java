package io.sipcontainer.location;

import static io.sipcontainer.location.MemoryLocationServiceTest.contact;
import static io.sipcontainer.location.MemoryLocationServiceTest.uris;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.db.Database;
import io.sipcontainer.service.Contact;

/** usrloc's db_mode 1, 2 and 3 against a real H2 file database, restarts included. */
class UsrlocPersistenceTest {
    @TempDir
    Path dir;
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private Database db;
    private Usrloc usrloc;

    private Usrloc start(int dbMode) throws Exception {
        if (db == null) {
            db = new Database("jdbc:h2:file:" + dir.resolve("db/sipcontainer") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        }
        usrloc = Usrloc.open(UsrlocSettings.memory().withDbMode(dbMode), db, clock::get);
        return usrloc;
    }

    /** Stops usrloc and closes the database, as a server stop does. */
    private void restart() {
        usrloc.close();
        db.close();
        db = null;
    }

    @AfterEach
    void close() {
        if (usrloc != null) {
            usrloc.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private long in(int seconds) {
        return clock.get() + seconds * 1000L;
    }

    private long rows() throws Exception {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM location");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void aWriteThroughChangeThatIsNotStoredFailsItsCallerAndTheTimerWritesItLater() throws Exception {
        Usrloc u = start(1);
        execute("ALTER TABLE location RENAME TO location_away"); // every write now fails
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> u.service().save(contact("carol", "sip:carol@10.0.0.4", 1f, in(600))));
        assertTrue(e.getMessage().contains("carol"), e.getMessage());
        execute("ALTER TABLE location_away RENAME TO location");
        assertEquals(0, rows(), "nothing was stored, so nobody was told it was");
        u.flush();
        assertEquals(1, rows(), "the timer's retry writes it");
    }

    @Test
    void writeThroughRowsAreThereAtOnceAndSurviveARestartWithTheirExpiry() throws Exception {
        Usrloc u = start(1);
        Contact full = new Contact("alice", "sip:alice@10.0.0.1:5060", 0.7f, in(3600), "cid-1", 42,
                "sip:192.0.2.1:5070;transport=udp", List.of("<sip:edge1;lr>", "<sip:edge2;lr;x=\"a,b\">"),
                "udp:127.0.0.1:5060", "Phone/1.0", "<urn:uuid:abc>", 1, Contact.methodMask(List.of("INVITE")), 1, 64,
                clock.get(), null);
        u.service().save(full);
        u.service().save(contact("alice", "sip:alice@10.0.0.2", 1f, in(600)));
        u.service().save(contact("bob", "sip:bob@10.0.0.3", Contact.Q_UNSPECIFIED, 0));
        assertEquals(3, rows(), "written before save returned");
        List<Contact> before = u.service().lookup("alice");

        restart();
        clock.addAndGet(10_000);
        Usrloc again = start(1);
        List<Contact> after = again.service().lookup("alice");
        assertEquals(before, after, "every field, ruid and order survive");
        assertEquals(3590, after.get(1).remainingSeconds(clock.get()));
        assertEquals(0, again.service().lookup("bob").get(0).expires(), "permanent stays permanent");
        assertEquals(3, again.service().contactCount());
        assertEquals(2, again.users());
    }

    @Test
    void writeThroughDeletesAndUpdatesRows() throws Exception {
        Usrloc u = start(1);
        u.service().save(contact("carol", "sip:a@h", 1f, in(60)));
        u.service().save(contact("carol", "sip:b@h", 1f, in(60)));
        u.service().save(contact("carol", "sip:a@h", 0.2f, in(120)));
        assertTrue(u.service().remove("carol", "sip:b@h"));
        assertEquals(1, rows());
        restart();
        Usrloc again = start(1);
        List<Contact> c = again.service().lookup("carol");
        assertEquals(List.of("sip:a@h"), uris(c));
        assertEquals(0.2f, c.get(0).q());
        assertEquals(120, c.get(0).remainingSeconds(clock.get()));
    }

    @Test
    void expiredRowsAreNotLoadedAndTheTimerDeletesThem() throws Exception {
        Usrloc u = start(1);
        u.service().save(contact("dave", "sip:short@h", 1f, in(2)));
        u.service().save(contact("dave", "sip:long@h", 1f, in(600)));
        clock.addAndGet(3000);
        u.timer();
        assertEquals(1, rows());
        assertEquals(1, u.expired());
        u.service().save(contact("erin", "sip:e@h", 1f, in(2)));
        restart();
        clock.addAndGet(3000);
        Usrloc again = start(1);
        assertEquals(List.of("dave"), again.service().aors());
        assertEquals(1, rows(), "expired rows are dropped at start");
    }

    @Test
    void writeBackWritesOnTheTimerAndOnStop() throws Exception {
        Usrloc u = start(2);
        u.service().save(contact("frank", "sip:f@h", 1f, in(60)));
        assertEquals(0, rows(), "nothing written before the timer");
        assertEquals("CS_DIRTY", u.state(u.service().lookup("frank").get(0)));
        u.timer();
        assertEquals(1, rows());
        assertEquals("CS_SYNC", u.state(u.service().lookup("frank").get(0)));
        u.service().save(contact("gina", "sip:g@h", 1f, in(60)));
        u.service().removeAll("frank");
        restart(); // close() flushes
        Usrloc again = start(2);
        assertEquals(List.of("gina"), again.service().aors());
    }

    @Test
    void databaseOnlyModeKeepsNothingInMemory() throws Exception {
        Usrloc u = start(3);
        u.service().save(contact("hal", "sip:a@h", 0.5f, in(60)));
        u.service().save(contact("hal", "sip:b@h", 1f, in(60)));
        u.service().save(contact("hal", "sip:c@h", Contact.Q_UNSPECIFIED, in(5)));
        assertEquals(3, rows());
        assertEquals(List.of("sip:b@h", "sip:a@h", "sip:c@h"), uris(u.service().lookup("hal")));
        List<Contact> updated = u.service().update("hal", list -> list.subList(0, 1));
        assertEquals(List.of("sip:b@h"), uris(updated));
        assertEquals(1, rows());
        u.service().save(contact("hal", "sip:c@h", 1f, in(2)));
        clock.addAndGet(2000);
        assertEquals(List.of("sip:b@h"), uris(u.service().lookup("hal")));
        assertEquals(1, u.service().aors().size());
        assertEquals(1, u.service().lookup("hal").size());
        assertEquals(1, ((LocationStore) u.service()).purgeExpired());
        assertEquals(1, u.contacts());
        assertEquals(1, u.users());
    }

    @Test
    void useDomainStoresUserAndDomainColumns() throws Exception {
        db = new Database("jdbc:h2:file:" + dir.resolve("db/d") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        usrloc = Usrloc.open(UsrlocSettings.memory().withDbMode(1).withUseDomain(true), db, clock::get);
        usrloc.service().save(contact("ivy@example.com", "sip:ivy@10.0.0.1", 1f, in(60)));
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("SELECT username, domain FROM location");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertEquals("ivy", rs.getString(1));
            assertEquals("example.com", rs.getString(2));
        }
        usrloc.close();
        usrloc = Usrloc.open(UsrlocSettings.memory().withDbMode(1).withUseDomain(true), db, clock::get);
        assertEquals(List.of("ivy@example.com"), usrloc.service().aors());
    }
}
