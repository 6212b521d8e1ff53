package io.sipcontainer.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

/**
 * The server's SQL database: embedded H2 in a file under {@code data/db} by default, or any
 * JDBC URL ({@code db.url}, {@code db.user}, {@code db.password}). Each component owns a list of
 * schema steps and calls {@link #migrate} at start-up; the steps already applied are recorded in
 * {@code schema_version}, so upgrades only run the new ones. Only prepared statements are used.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final String url;
    private final JdbcConnectionPool pool;

    public Database(String url, String user, String password) {
        this.url = url;
        this.pool = JdbcConnectionPool.create(url, user, password);
        this.pool.setMaxConnections(16);
    }

    /** Opens the database the {@code db.*} settings name. */
    public static Database open(ModuleParams params, Path baseDir) throws ConfigException {
        String defaultUrl = "jdbc:h2:file:" + baseDir.resolve("data/db/sipcontainer").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE";
        String url = params.string("url", defaultUrl);
        if (!url.startsWith("jdbc:")) {
            throw params.invalid("url", "must be a JDBC URL (jdbc:...), got '" + url + "'");
        }
        return new Database(durable(url), params.string("user", "sa"), params.string("password", ""));
    }

    /**
     * An embedded H2 file database with {@code WRITE_DELAY=0} unless the URL sets it: by default
     * H2 writes committed transactions to the file up to 500 ms later, so a process killed in that
     * time (SIGKILL, a crash) loses data it had acknowledged, e.g. a registration usrloc db_mode 1
     * answered 200. With 0 every commit reaches the file before it returns (the operating system
     * may still hold it: a power failure is not covered).
     */
    static String durable(String url) {
        if (url.startsWith("jdbc:h2:file:") && !url.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=")) {
            return url + ";WRITE_DELAY=0";
        }
        return url;
    }

    /** An in-memory database private to one test or one server, dropped when closed. */
    public static Database inMemory(String name) {
        return new Database("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    public DataSource dataSource() {
        return pool;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    public String url() {
        return url;
    }

    /**
     * Applies the schema steps of {@code component} not yet applied, in order, each in its own
     * transaction. Steps are never edited once released: a change is a new step at the end.
     */
    public synchronized void migrate(String component, List<String> steps) throws SQLException {
        try (Connection c = connection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (component VARCHAR(64) PRIMARY KEY, "
                        + "version INT NOT NULL)");
            }
            int current = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM schema_version WHERE component = ?")) {
                ps.setString(1, component);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        current = rs.getInt(1);
                    }
                }
            }
            for (int i = current; i < steps.size(); i++) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute(steps.get(i));
                    try (PreparedStatement ps = c.prepareStatement(i == 0 && current == 0
                            ? "INSERT INTO schema_version (version, component) VALUES (?, ?)"
                            : "UPDATE schema_version SET version = ? WHERE component = ?")) {
                        ps.setInt(1, i + 1);
                        ps.setString(2, component);
                        ps.executeUpdate();
                    }
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw new SQLException("schema step " + (i + 1) + " of " + component + " failed: "
                            + e.getMessage(), e);
                } finally {
                    c.setAutoCommit(true);
                }
                LOG.info("Database schema of {} upgraded to version {}", component, i + 1);
            }
        }
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
