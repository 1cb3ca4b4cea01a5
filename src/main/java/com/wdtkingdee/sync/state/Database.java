package com.wdtkingdee.sync.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product's PostgreSQL database: a connection pool on an external server ({@code db.url})
 * or on an embedded server whose data persists in a local directory, with the schema migrated
 * by Flyway ({@code classpath:db/migration}) before it is handed out.
 *
 * <p>Closing it closes the pool and stops the embedded server, if any.
 */
public final class Database implements AutoCloseable {

    /** Flyway location of the schema migrations. */
    public static final String MIGRATIONS = "classpath:db/migration";

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final Pattern PASSWORD_PARAM =
            Pattern.compile("(?i)((?:^|[?&;])password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?]*):[^/@?]*@");
    private static final int POOL_SIZE = 10;
    private static final long CONNECT_TIMEOUT_MS = 10_000;

    private final HikariDataSource pool;
    private final EmbeddedServer embedded;
    private final String description;
    private final String shownUrl;
    private volatile boolean closed;

    private Database(HikariDataSource pool, EmbeddedServer embedded, String description) {
        this.pool = pool;
        this.embedded = embedded;
        this.description = description;
        this.shownUrl = maskUrl(pool.getJdbcUrl());
    }

    /**
     * Opens the database and migrates its schema.
     *
     * @param jdbcUrl         {@code db.url}; null or blank starts the embedded server
     * @param username        {@code db.username} (external server only)
     * @param password        {@code db.password} (external server only; never logged or shown)
     * @param embeddedDataDir data directory of the embedded server (created if missing; kept)
     * @throws StateException if the server cannot be reached or started, the embedded data
     *                        directory is in use by another process, or a migration fails
     */
    public static Database open(String jdbcUrl, String username, String password, Path embeddedDataDir) {
        Database database = jdbcUrl == null || jdbcUrl.isBlank()
                ? openEmbedded(embeddedDataDir)
                : openExternal(jdbcUrl.trim(), username, password);
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        LOG.info("Using {}", database.describe());
        return database;
    }

    private static Database openExternal(String jdbcUrl, String username, String password) {
        String shownUrl = maskUrl(jdbcUrl);
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new StateException("db.url must be a PostgreSQL JDBC URL such as "
                    + "jdbc:postgresql://host:5432/database, got " + shownUrl);
        }
        HikariConfig config = poolConfig(jdbcUrl);
        config.setUsername(username);
        config.setPassword(password);
        String who = username == null || username.isBlank() ? "" : " as " + username;
        try {
            return new Database(new HikariDataSource(config), null, "PostgreSQL at " + shownUrl + who);
        } catch (RuntimeException e) {
            throw new StateException(scrub("cannot connect to PostgreSQL at db.url=" + shownUrl + who + ": "
                    + rootMessage(e), password), e);
        }
    }

    private static Database openEmbedded(Path dataDir) {
        EmbeddedServer server = EmbeddedServer.start(dataDir);
        try {
            HikariConfig config = poolConfig(server.jdbcUrl());
            config.setUsername(EmbeddedServer.USER);
            return new Database(new HikariDataSource(config), server,
                    "embedded PostgreSQL on localhost:" + server.port() + " (data in " + server.dataDirectory() + ")");
        } catch (RuntimeException e) {
            server.close();
            throw new StateException("cannot connect to the embedded PostgreSQL in " + server.dataDirectory()
                    + ": " + rootMessage(e), e);
        }
    }

    private static HikariConfig poolConfig(String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("wdt-kingdee-sync-db");
        config.setDriverClassName("org.postgresql.Driver");
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        // names this process in pg_stat_activity: a run skipped because another process holds the scheme lock says
        // which one (SchemeLock.describeHolder)
        config.addDataSourceProperty("ApplicationName", applicationName());
        return config;
    }

    /** {@code wdt-kingdee-sync host=<host> pid=<pid>}, at most 63 characters (PostgreSQL's limit). */
    static String applicationName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            host = "unknown";
        }
        String name = "wdt-kingdee-sync host=" + host + " pid=" + ProcessHandle.current().pid();
        return name.length() <= 63 ? name : "wdt-kingdee-sync pid=" + ProcessHandle.current().pid() + " host="
                + host.substring(0, Math.min(host.length(), 30));
    }

    private void migrate() {
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(pool)
                    .locations(MIGRATIONS)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StateException("database migration failed on " + description + ": " + e.getMessage(), e);
        }
    }

    /** The pooled data source (share it; do not close it). */
    public DataSource dataSource() {
        return pool;
    }

    /** The JDBC URL in use (for the embedded server, its loopback URL), with any password masked. */
    public String jdbcUrl() {
        return shownUrl;
    }

    /** True if this is the embedded server. */
    public boolean embedded() {
        return embedded != null;
    }

    /** A human-readable description of the server; never contains the password. */
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Closes the pool and stops the embedded server, if any. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pool.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /**
     * A JDBC URL with any password it carries (a {@code password=} parameter, or
     * {@code user:password@} user info) replaced by {@code ****}.
     */
    public static String maskUrl(String jdbcUrl) {
        if (jdbcUrl == null) {
            return null;
        }
        String masked = PASSWORD_PARAM.matcher(jdbcUrl).replaceAll("$1****");
        return USER_INFO.matcher(masked).replaceAll("$1:****@");
    }

    /** Removes a literal password from a message (defence in depth: drivers should not echo it). */
    private static String scrub(String message, String password) {
        return password == null || password.isEmpty() ? message : message.replace(password, "****");
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return cause == e ? message : message + " (" + e.getMessage() + ")";
    }
}
