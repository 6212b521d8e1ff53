package io.sipcontainer.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.sipcontainer.db.Database;

/**
 * Kamailio's {@code subscriber} table (auth_db, table version 7): id, username, domain, password,
 * ha1 = MD5(username:domain:password), ha1b = MD5(username@domain:domain:password), unique on
 * (username, domain). Two columns are added for SHA-256 (RFC 8760), {@code ha1_sha256} and
 * {@code ha1b_sha256}, computed the same way: Kamailio keeps one hash per row and uses SHA-256
 * only with calculate_ha1, while this server may offer both algorithms at once and must answer
 * either without the plaintext. The realm of the stored hashes is the domain, as kamctl does, so
 * applications should challenge with the subscriber's domain as realm. The plaintext password is
 * stored only when {@code storePlaintext} (calculate_ha1 = yes, which needs it); otherwise the
 * password column is left empty. Domains are kept in lower case (they are case-insensitive in SIP);
 * usernames as given.
 */
public final class SubscriberStore {
    /** The schema steps, applied with {@link Database#migrate}; never edit one, append new ones. */
    public static final List<String> SCHEMA = List.of(
            "CREATE TABLE subscriber (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                    + "username VARCHAR(64) DEFAULT '' NOT NULL, domain VARCHAR(64) DEFAULT '' NOT NULL, "
                    + "password VARCHAR(64) DEFAULT '' NOT NULL, ha1 VARCHAR(128) DEFAULT '' NOT NULL, "
                    + "ha1b VARCHAR(128) DEFAULT '' NOT NULL, ha1_sha256 VARCHAR(128) DEFAULT '' NOT NULL, "
                    + "ha1b_sha256 VARCHAR(128) DEFAULT '' NOT NULL, "
                    + "CONSTRAINT subscriber_account_idx UNIQUE (username, domain))",
            "CREATE INDEX subscriber_username_idx ON subscriber (username)");

    /** Column limits of the table, checked before writing so the caller gets a clear reason. */
    public static final int MAX_USERNAME = 64;
    public static final int MAX_DOMAIN = 64;
    public static final int MAX_PASSWORD = 64;

    /** A subscriber as listed: no password or hash leaves the store this way. */
    public record Subscriber(long id, String username, String domain) {
    }

    /** What authentication needs of a row. */
    record Secrets(String domain, String password, String ha1, String ha1b, String ha1Sha256, String ha1bSha256) {
    }

    private static final String COLUMNS = "id, username, domain";
    private static final String SECRETS = "domain, password, ha1, ha1b, ha1_sha256, ha1b_sha256";

    private final Database db;
    private final boolean storePlaintext;
    /** Null without {@code auth_db.cache_ttl}. */
    private final SecretsCache cache;

    public SubscriberStore(Database db, boolean storePlaintext) {
        this(db, storePlaintext, 0);
    }

    /** @param cacheTtl seconds a looked-up secret is kept in memory ({@link SecretsCache}); 0 for none */
    public SubscriberStore(Database db, boolean storePlaintext, int cacheTtl) {
        this.db = db;
        this.storePlaintext = storePlaintext;
        this.cache = cacheTtl > 0 ? new SecretsCache(cacheTtl, System::nanoTime) : null;
    }

    /** Creates or upgrades the table. */
    public void migrate() throws SQLException {
        db.migrate("subscriber", SCHEMA);
    }

    /** Adds a subscriber; empty when one with that username and domain exists already. */
    public Optional<Subscriber> add(String username, String domain, String password) throws SQLException {
        String d = normalizeDomain(domain);
        check(username, d, password);
        String[] h = hashes(username, d, password);
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO subscriber (username, domain, password, ha1, ha1b, ha1_sha256, ha1b_sha256) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, username);
            ps.setString(2, d);
            ps.setString(3, storePlaintext ? password : "");
            for (int i = 0; i < 4; i++) {
                ps.setString(4 + i, h[i]);
            }
            ps.executeUpdate();
        } catch (SQLIntegrityConstraintViolationException e) {
            return Optional.empty();
        } finally {
            changed();
        }
        return get(username, d);
    }

    /** Sets a new password (and hashes); false when there is no such subscriber. */
    public boolean changePassword(String username, String domain, String password) throws SQLException {
        String d = normalizeDomain(domain);
        check(username, d, password);
        String[] h = hashes(username, d, password);
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE subscriber SET password = ?, ha1 = ?, ha1b = ?, ha1_sha256 = ?, ha1b_sha256 = ? "
                        + "WHERE username = ? AND domain = ?")) {
            ps.setString(1, storePlaintext ? password : "");
            for (int i = 0; i < 4; i++) {
                ps.setString(2 + i, h[i]);
            }
            ps.setString(6, username);
            ps.setString(7, d);
            return ps.executeUpdate() > 0;
        } finally {
            changed();
        }
    }

    /** Removes a subscriber; false when there was none. */
    public boolean remove(String username, String domain) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM subscriber WHERE username = ? AND domain = ?")) {
            ps.setString(1, username);
            ps.setString(2, normalizeDomain(domain));
            return ps.executeUpdate() > 0;
        } finally {
            changed();
        }
    }

    private void changed() {
        if (cache != null) {
            cache.changed();
        }
    }

    /** One subscriber. */
    public Optional<Subscriber> get(String username, String domain) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM subscriber WHERE username = ? AND domain = ?")) {
            ps.setString(1, username);
            ps.setString(2, normalizeDomain(domain));
            List<Subscriber> found = read(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /** Every subscriber, or those of one domain (null for all), by domain then username. */
    public List<Subscriber> list(String domain) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM subscriber"
                + (domain == null ? "" : " WHERE domain = ?") + " ORDER BY domain, username";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (domain != null) {
                ps.setString(1, normalizeDomain(domain));
            }
            return read(ps);
        }
    }

    /**
     * The secrets of {@code username}: in {@code domain} when {@code matchDomain} (auth_db
     * use_domain), otherwise the row of any domain, preferring {@code domain} when several exist.
     */
    Optional<Secrets> secrets(String username, String domain, boolean matchDomain) throws SQLException {
        if (cache == null) {
            return read(username, domain, matchDomain);
        }
        String key = (matchDomain ? "d\0" : "u\0") + username + '\0' + domain;
        return cache.get(key, () -> read(username, domain, matchDomain));
    }

    private Optional<Secrets> read(String username, String domain, boolean matchDomain) throws SQLException {
        String d = normalizeDomain(domain);
        String sql = matchDomain
                ? "SELECT " + SECRETS + " FROM subscriber WHERE username = ? AND domain = ?"
                : "SELECT " + SECRETS + " FROM subscriber WHERE username = ? "
                        + "ORDER BY CASE WHEN domain = ? THEN 0 ELSE 1 END, id FETCH FIRST 1 ROWS ONLY";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, username);
            ps.setString(2, d);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Secrets(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)));
            }
        }
    }

    private static List<Subscriber> read(PreparedStatement ps) throws SQLException {
        List<Subscriber> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Subscriber(rs.getLong(1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    /** ha1, ha1b, ha1_sha256, ha1b_sha256 with the domain as realm. */
    static String[] hashes(String username, String domain, String password) {
        String withDomain = username + "@" + domain;
        return new String[] {
            DigestAlgorithm.MD5.ha1(username, domain, password),
            DigestAlgorithm.MD5.ha1(withDomain, domain, password),
            DigestAlgorithm.SHA_256.ha1(username, domain, password),
            DigestAlgorithm.SHA_256.ha1(withDomain, domain, password),
        };
    }

    static String normalizeDomain(String domain) {
        return domain == null ? "" : domain.toLowerCase(Locale.ROOT);
    }

    private static void check(String username, String domain, String password) {
        require(username, "username", MAX_USERNAME, false);
        require(domain, "domain", MAX_DOMAIN, false);
        require(password, "password", MAX_PASSWORD, true);
    }

    private static void require(String value, String what, int max, boolean spacesAllowed) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("empty " + what);
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(what + " longer than " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || (!spacesAllowed && (c == ' ' || c == '@' || c == ':'))) {
                throw new IllegalArgumentException(what + " contains a character not allowed: '" + value + "'");
            }
        }
    }
}
