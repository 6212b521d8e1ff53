package io.sipcontainer.dispatcher;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.sipcontainer.db.Database;
import io.sipcontainer.service.ConfigException;

/**
 * Kamailio's {@code dispatcher} table (version 4 columns: setid, destination, flags, priority,
 * attrs, description) in the server database, read instead of the list file when
 * {@code dispatcher.db_url = db}. A bad row is refused like a bad line, named {@code table:id}.
 */
final class DsTable {
    private DsTable() {
    }

    static void create(Database db, String table) throws SQLException {
        db.migrate("dispatcher:" + table, List.of("CREATE TABLE IF NOT EXISTS " + table
                + " (id INT AUTO_INCREMENT PRIMARY KEY, setid INT DEFAULT 0 NOT NULL,"
                + " destination VARCHAR(192) DEFAULT '' NOT NULL, flags INT DEFAULT 0 NOT NULL,"
                + " priority INT DEFAULT 0 NOT NULL, attrs VARCHAR(198) DEFAULT '' NOT NULL,"
                + " description VARCHAR(64) DEFAULT '' NOT NULL)"));
    }

    static List<ListEntry> load(Database db, String table) throws ConfigException {
        List<ListEntry> entries = new ArrayList<>();
        // the table name is checked against an SQL name pattern when the settings are read
        String sql = "SELECT id, setid, destination, flags, priority, attrs FROM " + table + " ORDER BY id";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String attrs = rs.getString(6);
                String[] fields = {Integer.toString(rs.getInt(2)), rs.getString(3), Integer.toString(rs.getInt(4)),
                    Integer.toString(rs.getInt(5)), attrs == null || attrs.isBlank() ? "" : attrs.strip()};
                entries.add(ListFile.entry(fields[4].isEmpty() ? java.util.Arrays.copyOf(fields, 4) : fields,
                        table + ":" + rs.getInt(1), 0));
            }
        } catch (SQLException e) {
            throw new ConfigException(table, 0, "cannot read the dispatcher table: " + e.getMessage(), e);
        }
        return entries;
    }
}
