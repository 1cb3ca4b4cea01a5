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
 *
 * <p>Within one process the sync cycle, the 补漏 re-scan and the retry ladder take turns: each first takes this
 * process's turn for the scheme (a fair semaphore; {@link #acquire} waits for it, {@link #tryAcquire} does not),
 * then the advisory lock. So the process never skips its own work; only another process holding the advisory
 * lock makes a run skip, and {@link #describeHolder} names that process (host and pid from its connection's
 * {@code application_name}, see {@link Database}).
 */
public final class SchemeLock {

    /** First half of the advisory lock key, so that the product's locks do not collide with others. */
    static final int LOCK_SPACE = 0x57444b53; // "WDKS"

    private static final Logger LOG = LoggerFactory.getLogger(SchemeLock.class);

    private final DataSource dataSource;
    /** This process's turn per scheme: the cycle, the re-scan and the ladder run one after the other. */
    private final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.Semaphore> turns =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** The holder last reported per scheme, so that a run skipped for the same holder again is logged at DEBUG. */
    private final java.util.concurrent.ConcurrentMap<String, String> reported = new java.util.concurrent.ConcurrentHashMap<>();

    public SchemeLock(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    private java.util.concurrent.Semaphore turn(String scheme) {
        return turns.computeIfAbsent(scheme, s -> new java.util.concurrent.Semaphore(1, true));
    }

    /**
     * Takes the scheme's lock, waiting first for this process's own run of the scheme (a cycle, re-scan or ladder
     * run) to end; empty only if another process holds the lock (or the wait was interrupted by a shutdown).
     */
    public Optional<Held> acquire(String scheme) {
        Objects.requireNonNull(scheme, "scheme");
        java.util.concurrent.Semaphore turn = turn(scheme);
        try {
            turn.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return lockOrRelease(scheme, turn);
    }

    /** Takes the scheme's lock without waiting; empty if this process or another session holds it. */
    public Optional<Held> tryAcquire(String scheme) {
        Objects.requireNonNull(scheme, "scheme");
        java.util.concurrent.Semaphore turn = turn(scheme);
        if (!turn.tryAcquire()) {
            return Optional.empty();
        }
        return lockOrRelease(scheme, turn);
    }

    /** True while a run of this process holds the scheme's turn. */
    public boolean heldHere(String scheme) {
        return turn(scheme).availablePermits() == 0;
    }

    private Optional<Held> lockOrRelease(String scheme, java.util.concurrent.Semaphore turn) {
        boolean locked = false;
        try {
            Optional<Held> held = tryAdvisory(scheme, turn);
            locked = held.isPresent();
            if (locked) {
                reported.remove(scheme);
            }
            return held;
        } finally {
            if (!locked) {
                turn.release();
            }
        }
    }

    /**
     * Who holds the scheme's advisory lock: {@code application_name} (the product sets
     * {@code wdt-kingdee-sync host=<host> pid=<pid>}), client address and backend start; "another process" when the
     * server does not say.
     */
    public String describeHolder(String scheme) {
        String sql = "SELECT a.application_name, host(a.client_addr) AS addr, a.backend_start FROM pg_locks l"
                + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                + " AND l.classid::bigint = ? AND l.objid::bigint = (hashtext(?)::bigint & 4294967295) AND l.objsubid = 2"
                + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, LOCK_SPACE);
            ps.setString(2, scheme);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String app = rs.getString(1);
                    String addr = rs.getString(2);
                    java.sql.Timestamp since = rs.getTimestamp(3);
                    return (app == null || app.isBlank() ? "a process" : app)
                            + (addr == null ? "" : " from " + addr)
                            + (since == null ? "" : ", connected since " + since.toInstant());
                }
            }
        } catch (SQLException e) {
            LOG.debug("cannot tell who holds the lock of scheme {}", scheme, e);
        }
        return "another process";
    }

    /**
     * Logs that a run of the scheme was skipped because another process holds its lock: once at INFO per holder,
     * at DEBUG while the same holder keeps it.
     *
     * @param what the run, e.g. "this cycle is skipped"
     */
    public void logSkipped(String scheme, String what) {
        String holder = describeHolder(scheme);
        String identity = holder.replaceFirst(", connected since .*", "");
        if (!identity.equals(reported.put(scheme, identity))) {
            LOG.info("Scheme {} is locked by {}: {}", scheme, holder, what);
        } else {
            LOG.debug("Scheme {} is still locked by {}: {}", scheme, holder, what);
        }
    }

    private Optional<Held> tryAdvisory(String scheme, java.util.concurrent.Semaphore turn) {
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
                        Held held = new Held(dataSource, connection, scheme, turn);
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
        private final java.util.concurrent.Semaphore turn;
        private boolean released;

        private Held(DataSource dataSource, Connection connection, String scheme, java.util.concurrent.Semaphore turn) {
            this.dataSource = dataSource;
            this.connection = connection;
            this.scheme = scheme;
            this.turn = turn;
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
                turn.release();
            }
        }
    }
}
