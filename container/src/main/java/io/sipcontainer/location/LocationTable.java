package io.sipcontainer.location;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.sipcontainer.db.Database;
import io.sipcontainer.service.Contact;

/**
 * Kamailio's {@code location} table (usrloc schema version 9: same columns and defaults) and the
 * statements usrloc runs on it. Times are stored as UTC; an expiry of 1970-01-01 00:00:00 means
 * permanent. The Path values of a contact are stored joined by commas, as Kamailio does.
 */
final class LocationTable {
    static final String COMPONENT = "usrloc";
    static final List<String> SCHEMA = List.of("""
            CREATE TABLE location (
              id INT AUTO_INCREMENT PRIMARY KEY,
              ruid VARCHAR(64) DEFAULT '' NOT NULL,
              username VARCHAR(64) DEFAULT '' NOT NULL,
              domain VARCHAR(64) DEFAULT NULL,
              contact VARCHAR(512) DEFAULT '' NOT NULL,
              received VARCHAR(128) DEFAULT NULL,
              path VARCHAR(512) DEFAULT NULL,
              expires TIMESTAMP DEFAULT TIMESTAMP '2030-05-28 21:32:15' NOT NULL,
              q REAL DEFAULT 1.0 NOT NULL,
              callid VARCHAR(255) DEFAULT 'Default-Call-ID' NOT NULL,
              cseq INT DEFAULT 1 NOT NULL,
              last_modified TIMESTAMP DEFAULT TIMESTAMP '2000-01-01 00:00:01' NOT NULL,
              flags INT DEFAULT 0 NOT NULL,
              cflags INT DEFAULT 0 NOT NULL,
              user_agent VARCHAR(255) DEFAULT '' NOT NULL,
              socket VARCHAR(64) DEFAULT NULL,
              methods INT DEFAULT NULL,
              instance VARCHAR(255) DEFAULT NULL,
              reg_id INT DEFAULT 0 NOT NULL,
              server_id INT DEFAULT 0 NOT NULL,
              connection_id INT DEFAULT 0 NOT NULL,
              keepalive INT DEFAULT 0 NOT NULL,
              "PARTITION" INT DEFAULT 0 NOT NULL,
              CONSTRAINT ruid_idx UNIQUE (ruid)
            )""",
            "CREATE INDEX account_contact_idx ON location (username, domain, contact)",
            "CREATE INDEX expires_idx ON location (expires)");

    private static final String COLUMNS = "ruid, username, domain, contact, received, path, expires, q, callid, "
            + "cseq, last_modified, flags, cflags, user_agent, socket, methods, instance, reg_id";
    private static final String INSERT = "INSERT INTO location (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE location SET username = ?, domain = ?, contact = ?, received = ?, "
            + "path = ?, expires = ?, q = ?, callid = ?, cseq = ?, last_modified = ?, flags = ?, cflags = ?, "
            + "user_agent = ?, socket = ?, methods = ?, instance = ?, reg_id = ? WHERE ruid = ?";
    private static final LocalDateTime PERMANENT = LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC);

    private final Database db;
    private final boolean useDomain;

    LocationTable(Database db, boolean useDomain) throws SQLException {
        this.db = db;
        this.useDomain = useDomain;
        db.migrate(COMPONENT, SCHEMA);
    }

    Connection connection() throws SQLException {
        return db.connection();
    }

    /** Every stored contact, oldest row first; expired ones are skipped. */
    List<Contact> loadLive(long now) throws SQLException {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM location ORDER BY id")) {
            List<Contact> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Contact contact = read(rs);
                    if (!contact.isExpired(now)) {
                        out.add(contact);
                    }
                }
            }
            return out;
        }
    }

    /** The stored contacts of one AOR, in usrloc order ({@code desc}: newest first). */
    List<Contact> select(Connection c, String aor, boolean desc, boolean forUpdate) throws SQLException {
        String[] ud = split(aor);
        String sql = "SELECT " + COLUMNS + " FROM location WHERE username = ?" + (useDomain ? " AND domain = ?" : "")
                + (desc ? " ORDER BY last_modified DESC, id DESC" : " ORDER BY q DESC, id")
                + (forUpdate ? " FOR UPDATE" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, ud[0]);
            if (useDomain) {
                ps.setString(2, ud[1]);
            }
            List<Contact> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        }
    }

    /** The AORs with at least one row, or (liveAt >= 0) with a row not expired at that time. */
    List<String> aors(Connection c, long liveAt) throws SQLException {
        String sql = "SELECT DISTINCT username, domain FROM location"
                + (liveAt >= 0 ? " WHERE expires > ? OR expires = ?" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (liveAt >= 0) {
                ps.setObject(1, time(liveAt));
                ps.setObject(2, PERMANENT);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(aorOf(rs.getString(1), rs.getString(2)));
                }
            }
            return out;
        }
    }

    /** The rows whose expiry passed (permanent ones excepted). */
    List<Contact> expired(Connection c, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM location WHERE expires <= ? AND expires <> ?")) {
            ps.setObject(1, time(now));
            ps.setObject(2, PERMANENT);
            List<Contact> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        }
    }

    long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Writes a contact: updates its row (by ruid), or inserts one. */
    void upsert(Connection c, Contact contact) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
            int i = bindValues(ps, contact, 1);
            ps.setString(i, contact.ruid());
            if (ps.executeUpdate() > 0) {
                return;
            }
        }
        insert(c, contact);
    }

    void insert(Connection c, Contact contact) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, contact.ruid());
            bindValues(ps, contact, 2);
            ps.executeUpdate();
        }
    }

    void delete(Connection c, Collection<String> ruids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM location WHERE ruid = ?")) {
            for (String ruid : ruids) {
                ps.setString(1, ruid);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Removes expired rows (the timer, and start-up in the cached modes). */
    int deleteExpired(Connection c, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM location WHERE expires <= ? AND expires <> ?")) {
            ps.setObject(1, time(now));
            ps.setObject(2, PERMANENT);
            return ps.executeUpdate();
        }
    }

    private int bindValues(PreparedStatement ps, Contact c, int first) throws SQLException {
        String[] ud = split(c.aor());
        int i = first;
        ps.setString(i++, ud[0]);
        ps.setString(i++, ud[1]);
        ps.setString(i++, c.uri());
        ps.setString(i++, c.received());
        ps.setString(i++, c.path().isEmpty() ? null : String.join(",", c.path()));
        ps.setObject(i++, c.expires() == 0 ? PERMANENT : time(c.expires()));
        ps.setFloat(i++, c.q());
        ps.setString(i++, c.callId());
        ps.setInt(i++, c.cseq());
        ps.setObject(i++, time(c.lastModified()));
        ps.setInt(i++, c.flags());
        ps.setInt(i++, c.cflags());
        ps.setString(i++, c.userAgent() == null ? "" : c.userAgent());
        ps.setString(i++, c.socket());
        ps.setInt(i++, c.methods());
        ps.setString(i++, c.instance());
        ps.setInt(i++, c.regId());
        return i;
    }

    private Contact read(ResultSet rs) throws SQLException {
        LocalDateTime expires = rs.getObject("expires", LocalDateTime.class);
        long exp = expires.equals(PERMANENT) ? 0 : expires.toInstant(ZoneOffset.UTC).toEpochMilli();
        LocalDateTime modified = rs.getObject("last_modified", LocalDateTime.class);
        int methods = rs.getInt("methods");
        if (rs.wasNull()) {
            methods = Contact.ALL_METHODS;
        }
        String ua = rs.getString("user_agent");
        return new Contact(aorOf(rs.getString("username"), rs.getString("domain")), rs.getString("contact"),
                rs.getFloat("q"), exp, rs.getString("callid"), rs.getInt("cseq"), rs.getString("received"),
                PathValues.split(rs.getString("path")), rs.getString("socket"), ua == null || ua.isEmpty() ? null : ua,
                rs.getString("instance"), rs.getInt("reg_id"), methods, rs.getInt("flags"), rs.getInt("cflags"),
                modified.toInstant(ZoneOffset.UTC).toEpochMilli(), rs.getString("ruid"));
    }

    private String aorOf(String user, String domain) {
        return useDomain && domain != null && !domain.isEmpty() ? user + "@" + domain : user;
    }

    /** username and domain columns of an AOR (domain NULL without use_domain, as Kamailio). */
    private String[] split(String aor) {
        int at = useDomain ? aor.lastIndexOf('@') : -1;
        return at < 0 ? new String[] { aor, null } : new String[] { aor.substring(0, at), aor.substring(at + 1) };
    }

    private static LocalDateTime time(long millis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
}
