package com.wdtkingdee.sync.state;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards a scheme's cycle so that two instances (or a manual run beside the service) never sync
 * the same scheme at once: a PostgreSQL session advisory lock keyed by the scheme name, held on
 * a dedicated connection for as long as the {@link Held} is open. A crashed holder's lock is
 * released by the server when its connection drops.
 */
public final class SchemeLock {

    /** First half of the advisory lock key, so that the product's locks do not collide with others. */
    static final int LOCK_SPACE = 0x57444b53; // "WDKS"

    private static final Logger LOG = LoggerFactory.getLogger(SchemeLock.class);

    private final DataSource dataSource;

    public SchemeLock(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Takes the scheme's lock without waiting; empty if another session holds it. */
    public Optional<Held> tryAcquire(String scheme) {
        Objects.requireNonNull(scheme, "scheme");
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
                ps.setInt(1, LOCK_SPACE);
                ps.setString(2, scheme);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        Held held = new Held(dataSource, connection, scheme);
                        connection = null;
                        return Optional.of(held);
                    }
                    return Optional.empty();
                }
            }
        } catch (SQLException e) {
            throw Jdbc.failure("take the lock of scheme " + scheme, e);
        } finally {
            closeQuietly(connection);
        }
    }

    /** Makes sure a connection that may still hold the lock is not handed out again by a pool. */
    private static void discard(DataSource dataSource, Connection connection) {
        try {
            if (dataSource instanceof HikariDataSource pool) {
                pool.evictConnection(connection);
            } else {
                connection.abort(Runnable::run);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("discarding a connection failed", e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing a connection failed", e);
            }
        }
    }

    /** A held scheme lock; {@link #close()} releases it. */
    public static final class Held implements AutoCloseable {

        private final DataSource dataSource;
        private final Connection connection;
        private final String scheme;
        private boolean released;

        private Held(DataSource dataSource, Connection connection, String scheme) {
            this.dataSource = dataSource;
            this.connection = connection;
            this.scheme = scheme;
        }

        /** The locked scheme. */
        public String scheme() {
            return scheme;
        }

        /** Releases the lock (idempotent). */
        @Override
        public synchronized void close() {
            if (released) {
                return;
            }
            released = true;
            boolean unlocked = false;
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(?))")) {
                ps.setInt(1, LOCK_SPACE);
                ps.setString(2, scheme);
                try (ResultSet rs = ps.executeQuery()) {
                    unlocked = rs.next() && rs.getBoolean(1);
                }
            } catch (SQLException e) {
                LOG.warn("Could not release the lock of scheme {} cleanly; discarding its connection", scheme, e);
            } finally {
                if (!unlocked) {
                    discard(dataSource, connection);
                }
                closeQuietly(connection);
            }
        }
    }
}
