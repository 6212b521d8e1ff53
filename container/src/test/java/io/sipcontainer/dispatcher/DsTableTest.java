package io.sipcontainer.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sipcontainer.db.Database;
import io.sipcontainer.service.ConfigException;

/** The dispatcher table in a real H2 database: Kamailio's columns, rows read as list lines. */
class DsTableTest {
    private final Database db = Database.inMemory("dispatcher-" + System.nanoTime());

    @AfterEach
    void close() {
        db.close();
    }

    private void insert(int setId, String destination, int flags, int priority, String attrs) throws Exception {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO dispatcher (setid, destination, flags, priority, attrs, description) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setInt(1, setId);
            ps.setString(2, destination);
            ps.setInt(3, flags);
            ps.setInt(4, priority);
            ps.setString(5, attrs);
            ps.setString(6, "test");
            ps.executeUpdate();
        }
    }

    @Test
    void rowsBecomeDestinationsAndABadRowIsNamed() throws Exception {
        DsTable.create(db, "dispatcher");
        DsTable.create(db, "dispatcher"); // a second start finds the table
        insert(1, "sip:10.0.0.1:5060", 8, 10, "duid=gw1;weight=50");
        insert(1, "10.0.0.2", 0, 0, "");
        List<ListEntry> entries = DsTable.load(db, "dispatcher");
        assertEquals(2, entries.size());
        assertEquals("sip:10.0.0.1:5060", entries.get(0).uri());
        assertEquals(8, entries.get(0).flags());
        assertEquals("gw1", entries.get(0).attrs().duid());
        assertEquals("sip:10.0.0.2", entries.get(1).uri());
        assertEquals("", entries.get(1).attrs().body());
        insert(2, "sip:host:port", 0, 0, "");
        ConfigException e = assertThrows(ConfigException.class, () -> DsTable.load(db, "dispatcher"));
        assertEquals("dispatcher:3: bad SIP URI 'sip:host:port'", e.getMessage());
    }
}
