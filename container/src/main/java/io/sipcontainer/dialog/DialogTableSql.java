package io.sipcontainer.dialog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sipcontainer.service.DialogLeg;

/**
 * The {@code dialog} and {@code dialog_vars} tables with Kamailio's columns (dialog table version
 * 7), and the few prepared statements the store runs on them: write one dialog (merge on hash
 * entry and id, variables replaced), delete one, read all back.
 */
final class DialogTableSql {
    static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS dialog (id BIGINT AUTO_INCREMENT PRIMARY KEY, hash_entry INT NOT NULL, "
                    + "hash_id INT NOT NULL, callid VARCHAR(255) NOT NULL, from_uri VARCHAR(255) NOT NULL, "
                    + "from_tag VARCHAR(128) NOT NULL, to_uri VARCHAR(255) NOT NULL, to_tag VARCHAR(128) NOT NULL, "
                    + "caller_cseq VARCHAR(20) NOT NULL, callee_cseq VARCHAR(20) NOT NULL, "
                    + "caller_route_set VARCHAR(512), callee_route_set VARCHAR(512), "
                    + "caller_contact VARCHAR(255) NOT NULL, callee_contact VARCHAR(255) NOT NULL, "
                    + "caller_sock VARCHAR(64) NOT NULL, callee_sock VARCHAR(64) NOT NULL, state INT NOT NULL, "
                    + "start_time INT NOT NULL, timeout INT DEFAULT 0 NOT NULL, sflags INT DEFAULT 0 NOT NULL, "
                    + "iflags INT DEFAULT 0 NOT NULL, toroute_name VARCHAR(32), req_uri VARCHAR(255) NOT NULL, "
                    + "xdata VARCHAR(512), CONSTRAINT dialog_hash_idx UNIQUE (hash_entry, hash_id))",
            "CREATE TABLE IF NOT EXISTS dialog_vars (id BIGINT AUTO_INCREMENT PRIMARY KEY, hash_entry INT NOT NULL, "
                    + "hash_id INT NOT NULL, dialog_key VARCHAR(128) NOT NULL, dialog_value VARCHAR(512) NOT NULL)",
            "CREATE INDEX IF NOT EXISTS dialog_vars_hash_idx ON dialog_vars (hash_entry, hash_id)");

    private static final String MERGE = "MERGE INTO dialog (hash_entry, hash_id, callid, from_uri, from_tag, to_uri, "
            + "to_tag, caller_cseq, callee_cseq, caller_route_set, callee_route_set, caller_contact, callee_contact, "
            + "caller_sock, callee_sock, state, start_time, timeout, sflags, iflags, req_uri) KEY (hash_entry, hash_id) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)";
    private static final String DELETE = "DELETE FROM dialog WHERE hash_entry = ? AND hash_id = ?";
    private static final String DELETE_VARS = "DELETE FROM dialog_vars WHERE hash_entry = ? AND hash_id = ?";
    private static final String INSERT_VAR = "INSERT INTO dialog_vars (hash_entry, hash_id, dialog_key, dialog_value) "
            + "VALUES (?, ?, ?, ?)";
    private static final String SELECT = "SELECT hash_entry, hash_id, callid, from_uri, from_tag, to_uri, to_tag, "
            + "caller_cseq, callee_cseq, caller_route_set, callee_route_set, caller_contact, callee_contact, "
            + "caller_sock, callee_sock, state, start_time, timeout, req_uri FROM dialog";
    private static final String SELECT_VARS = "SELECT hash_entry, hash_id, dialog_key, dialog_value FROM dialog_vars";

    private DialogTableSql() {
    }

    /** Writes a dialog and its variables in one transaction of {@code c}. */
    static void write(Connection c, DialogImpl d) throws SQLException {
        DialogLeg caller = d.caller();
        DialogLeg callee = d.callee();
        try (PreparedStatement ps = c.prepareStatement(MERGE)) {
            int i = 1;
            ps.setLong(i++, d.hashEntry());
            ps.setLong(i++, d.hashId());
            ps.setString(i++, d.callId());
            ps.setString(i++, d.fromUri());
            ps.setString(i++, caller.tag());
            ps.setString(i++, d.toUri());
            ps.setString(i++, callee.tag());
            ps.setString(i++, caller.cseq());
            ps.setString(i++, callee.cseq());
            ps.setString(i++, caller.routeSet());
            ps.setString(i++, callee.routeSet());
            ps.setString(i++, caller.contact());
            ps.setString(i++, callee.contact());
            ps.setString(i++, caller.socket());
            ps.setString(i++, callee.socket());
            ps.setInt(i++, d.state());
            ps.setLong(i++, d.startTime());
            ps.setLong(i++, d.deadlineMillis() / 1000);
            ps.setString(i, d.requestUri());
            ps.executeUpdate();
        }
        deleteVars(c, d.hashEntry(), d.hashId());
        Map<String, String> vars = d.variables();
        if (!vars.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(INSERT_VAR)) {
                for (Map.Entry<String, String> e : vars.entrySet()) {
                    ps.setLong(1, d.hashEntry());
                    ps.setLong(2, d.hashId());
                    ps.setString(3, e.getKey());
                    ps.setString(4, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    static void delete(Connection c, long entry, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE)) {
            ps.setLong(1, entry);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
        deleteVars(c, entry, id);
    }

    private static void deleteVars(Connection c, long entry, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE_VARS)) {
            ps.setLong(1, entry);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** Every stored dialog with its variables. */
    static List<DialogImpl> readAll(Connection c) throws SQLException {
        List<DialogImpl> out = new ArrayList<>();
        Map<Long, DialogImpl> byKey = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                DialogLeg caller = new DialogLeg(rs.getString("from_tag"), rs.getString("caller_contact"),
                        rs.getString("caller_cseq"), nz(rs.getString("caller_route_set")), rs.getString("caller_sock"));
                DialogLeg callee = new DialogLeg(rs.getString("to_tag"), rs.getString("callee_contact"),
                        rs.getString("callee_cseq"), nz(rs.getString("callee_route_set")), rs.getString("callee_sock"));
                DialogImpl d = DialogImpl.restored(rs.getLong("hash_entry"), rs.getLong("hash_id"),
                        rs.getString("callid"), rs.getString("from_uri"), rs.getString("to_uri"),
                        rs.getString("req_uri"), caller, callee, rs.getInt("state"), rs.getLong("start_time") * 1000,
                        rs.getLong("timeout") * 1000);
                out.add(d);
                byKey.put((d.hashEntry() << 32) | d.hashId(), d);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(SELECT_VARS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                DialogImpl d = byKey.get((rs.getLong(1) << 32) | rs.getLong(2));
                if (d != null) {
                    d.putVariable(rs.getString(3), rs.getString(4));
                }
            }
        }
        return out;
    }

    static void deleteAll(Connection c) throws SQLException {
        try (PreparedStatement a = c.prepareStatement("DELETE FROM dialog");
                PreparedStatement b = c.prepareStatement("DELETE FROM dialog_vars")) {
            a.executeUpdate();
            b.executeUpdate();
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
