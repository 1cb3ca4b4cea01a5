package com.wdtkingdee.sync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run log ({@code sync_run}): one row per cycle and one per window, with counts, times,
 * status and error. Completing a window also advances the scheme's checkpoint, atomically.
 */
public final class RunLog {

    public static final String KIND_CYCLE = "cycle";
    public static final String KIND_WINDOW = "window";
    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";

    private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);
    private static final String COLUMNS = "id, scheme, kind, parent_id, mode, window_start, window_end, started_at,"
            + " finished_at, status, pages, orders, filtered, customers_sent, saved, existing, failed,"
            + " dead_lettered, already_written, repeated, error";
    private static final String SET_COUNTS = "pages = ?, orders = ?, filtered = ?, customers_sent = ?, saved = ?,"
            + " existing = ?, failed = ?, dead_lettered = ?, already_written = ?, repeated = ?";

    private final DataSource dataSource;

    public RunLog(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Records the start of a cycle (status RUNNING) and returns its id. */
    public long startCycle(String scheme, String mode) {
        Objects.requireNonNull(scheme, "scheme");
        return Jdbc.withConnection(dataSource, "start a cycle of " + scheme, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sync_run (scheme, kind, mode, started_at, status)"
                            + " VALUES (?, 'cycle', ?, now(), 'RUNNING') RETURNING id")) {
                ps.setString(1, scheme);
                ps.setString(2, mode);
                return returnedId(ps);
            }
        });
    }

    /**
     * Records the start of window [{@code from}, {@code to}] of a running cycle and returns its id.
     *
     * @throws StateException if {@code cycleId} is not a running cycle of {@code scheme}
     */
    public long startWindow(long cycleId, String scheme, Instant from, Instant to) {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("window ends before it starts: " + from + " .. " + to);
        }
        return Jdbc.withConnection(dataSource, "start a window of cycle " + cycleId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sync_run (scheme, kind, parent_id, mode, window_start, window_end, started_at, status)"
                            + " SELECT scheme, 'window', id, mode, ?, ?, now(), 'RUNNING' FROM sync_run"
                            + " WHERE id = ? AND kind = 'cycle' AND scheme = ? AND status = 'RUNNING'"
                            + " RETURNING id")) {
                Jdbc.setInstant(ps, 1, from);
                Jdbc.setInstant(ps, 2, to);
                ps.setLong(3, cycleId);
                ps.setString(4, scheme);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new StateException("cannot start a window: " + cycleId
                                + " is not a running cycle of scheme " + scheme);
                    }
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * In one transaction: marks the running window DONE with its counts and moves the scheme's
     * checkpoint to {@code newCheckpoint}, or keeps it if it is already later (never backwards).
     * Either both happen or neither does.
     *
     * @throws StateException (nothing changed) if {@code windowId} is not a running window of
     *                        {@code scheme}, or {@code newCheckpoint} lies beyond the window's end
     */
    public void completeWindow(long windowId, WindowCounts counts, String scheme, Instant newCheckpoint) {
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(newCheckpoint, "newCheckpoint");
        Jdbc.inTransaction(dataSource, "complete window " + windowId, c -> {
            // The checkpoint is written first; the window update below verifies the window and
            // throws if it is not a running window, which rolls the checkpoint back with it.
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sync_checkpoint (scheme, checkpoint, updated_at) VALUES (?, ?, now())"
                            + " ON CONFLICT (scheme) DO UPDATE SET"
                            + " checkpoint = GREATEST(sync_checkpoint.checkpoint, EXCLUDED.checkpoint),"
                            + " updated_at = now()")) {
                ps.setString(1, scheme);
                Jdbc.setInstant(ps, 2, newCheckpoint);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sync_run SET status = 'DONE', finished_at = now(), error = NULL, " + SET_COUNTS
                            + " WHERE id = ? AND kind = 'window' AND scheme = ? AND status = 'RUNNING'"
                            + " AND window_end >= ?")) {
                int i = setCounts(ps, 1, counts);
                ps.setLong(i++, windowId);
                ps.setString(i++, scheme);
                Jdbc.setInstant(ps, i, newCheckpoint);
                if (ps.executeUpdate() != 1) {
                    throw new StateException("cannot complete window " + windowId + " of scheme " + scheme
                            + " with checkpoint " + newCheckpoint + ": " + explain(c, windowId, scheme)
                            + "; checkpoint not moved");
                }
            }
            return null;
        });
    }

    /** When the last cycle of the scheme that finished DONE finished; empty before the first. */
    public Optional<Instant> lastSuccessfulCycle(String scheme) {
        return Jdbc.withConnection(dataSource, "read the last successful cycle of " + scheme, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT max(finished_at) FROM sync_run"
                    + " WHERE scheme = ? AND kind = 'cycle' AND status = 'DONE'")) {
                ps.setString(1, scheme);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    java.sql.Timestamp t = rs.getTimestamp(1);
                    return Optional.ofNullable(t == null ? null : t.toInstant());
                }
            }
        });
    }

    /**
     * Marks a running window DONE with its counts without touching the checkpoint (re-scans and dry runs).
     *
     * @throws StateException if {@code windowId} is not a running window of {@code scheme}
     */
    public void completeWindowKeepingCheckpoint(long windowId, WindowCounts counts, String scheme) {
        Objects.requireNonNull(counts, "counts");
        int updated = Jdbc.withConnection(dataSource, "complete window " + windowId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sync_run SET status = 'DONE', finished_at = now(), error = NULL, " + SET_COUNTS
                            + " WHERE id = ? AND kind = 'window' AND scheme = ? AND status = 'RUNNING'")) {
                int i = setCounts(ps, 1, counts);
                ps.setLong(i++, windowId);
                ps.setString(i, scheme);
                return ps.executeUpdate();
            }
        });
        if (updated != 1) {
            throw new StateException("cannot complete window " + windowId + " of scheme " + scheme + ": not running");
        }
    }

    /**
     * Marks a running window FAILED with its counts and error. The checkpoint is not touched.
     * A window that is unknown or no longer running is left as it is (logged, not thrown, so
     * that error handling never hides the original failure).
     */
    public void failWindow(long windowId, WindowCounts counts, String error) {
        Objects.requireNonNull(counts, "counts");
        int updated = Jdbc.withConnection(dataSource, "fail window " + windowId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sync_run SET status = 'FAILED', finished_at = now(), error = ?, " + SET_COUNTS
                            + " WHERE id = ? AND kind = 'window' AND status = 'RUNNING'")) {
                ps.setString(1, error);
                int i = setCounts(ps, 2, counts);
                ps.setLong(i, windowId);
                return ps.executeUpdate();
            }
        });
        if (updated != 1) {
            LOG.warn("failWindow({}): no running window with this id; left unchanged", windowId);
        }
    }

    /**
     * Finishes a cycle with {@code status} ({@code DONE} or {@code FAILED}) and error; its counts
     * become the sums of its windows' counts. Windows of the cycle still running are marked
     * FAILED. An unknown or already finished cycle is left as it is (logged, not thrown).
     */
    public void finishCycle(long cycleId, String status, String error) {
        if (!Set.of(DONE, FAILED).contains(status)) {
            throw new IllegalArgumentException("a cycle finishes DONE or FAILED, not " + status);
        }
        int updated = Jdbc.inTransaction(dataSource, "finish cycle " + cycleId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sync_run SET status = 'FAILED', finished_at = now(),"
                            + " error = COALESCE(?, 'cycle finished before the window did')"
                            + " WHERE parent_id = ? AND status = 'RUNNING'")) {
                ps.setString(1, error);
                ps.setLong(2, cycleId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sync_run c SET status = ?, error = ?, finished_at = now(),"
                            + " pages = s.pages, orders = s.orders, filtered = s.filtered,"
                            + " customers_sent = s.customers_sent, saved = s.saved, existing = s.existing,"
                            + " failed = s.failed, dead_lettered = s.dead_lettered,"
                            + " already_written = s.already_written, repeated = s.repeated"
                            + " FROM (SELECT COALESCE(SUM(pages), 0) pages, COALESCE(SUM(orders), 0) orders,"
                            + " COALESCE(SUM(filtered), 0) filtered, COALESCE(SUM(customers_sent), 0) customers_sent,"
                            + " COALESCE(SUM(saved), 0) saved, COALESCE(SUM(existing), 0) existing,"
                            + " COALESCE(SUM(failed), 0) failed, COALESCE(SUM(dead_lettered), 0) dead_lettered,"
                            + " COALESCE(SUM(already_written), 0) already_written, COALESCE(SUM(repeated), 0) repeated"
                            + " FROM sync_run WHERE parent_id = ?) s"
                            + " WHERE c.id = ? AND c.kind = 'cycle' AND c.status = 'RUNNING'")) {
                ps.setString(1, status);
                ps.setString(2, error);
                ps.setLong(3, cycleId);
                ps.setLong(4, cycleId);
                return ps.executeUpdate();
            }
        });
        if (updated != 1) {
            LOG.warn("finishCycle({}): no running cycle with this id; left unchanged", cycleId);
        }
    }

    /**
     * Marks every row of {@code scheme} still RUNNING as FAILED ("abandoned"): the leftovers of
     * a process that ended without finishing. Call it only while holding the scheme's
     * {@link SchemeLock}, before starting a cycle. Returns how many rows it changed.
     */
    public int markAbandoned(String scheme) {
        Objects.requireNonNull(scheme, "scheme");
        return Jdbc.withConnection(dataSource, "mark abandoned runs of " + scheme, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sync_run SET status = 'FAILED', finished_at = now(),"
                            + " error = 'abandoned: the process ended before it finished'"
                            + " WHERE scheme = ? AND status = 'RUNNING'")) {
                ps.setString(1, scheme);
                return ps.executeUpdate();
            }
        });
    }

    /** The latest {@code limit} rows of {@code scheme} (cycles and windows), newest first. */
    public List<RunRow> recent(String scheme, int limit) {
        Objects.requireNonNull(scheme, "scheme");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        return Jdbc.withConnection(dataSource, "read recent runs of " + scheme, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM sync_run WHERE scheme = ? ORDER BY id DESC LIMIT ?")) {
                ps.setString(1, scheme);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<RunRow> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                    return rows;
                }
            }
        });
    }

    /**
     * The number of a cycle within its scheme: 1 for the scheme's first cycle, then consecutive (row ids are shared
     * with the windows, so they skip).
     */
    public long cycleNumber(String scheme, long cycleId) {
        return Jdbc.withConnection(dataSource, "number cycle " + cycleId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM sync_run"
                    + " WHERE scheme = ? AND kind = 'cycle' AND id <= ?")) {
                ps.setString(1, scheme);
                ps.setLong(2, cycleId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** The scheme's newest cycle row (its counts are its windows' sums once finished), if any. */
    public Optional<RunRow> lastCycle(String scheme) {
        return Jdbc.withConnection(dataSource, "read the last cycle of " + scheme, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sync_run"
                    + " WHERE scheme = ? AND kind = 'cycle' ORDER BY id DESC LIMIT 1")) {
                ps.setString(1, scheme);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The row with this id, if any. */
    public Optional<RunRow> find(long id) {
        return Jdbc.withConnection(dataSource, "read run " + id, c -> find(c, id));
    }

    private static Optional<RunRow> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sync_run WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Why a window could not be completed (it is unknown, of another scheme, or no longer running). */
    public String explain(long windowId, String scheme) {
        return Jdbc.withConnection(dataSource, "explain window " + windowId, c -> explain(c, windowId, scheme));
    }

    private static String explain(Connection c, long windowId, String scheme) throws SQLException {
        Optional<RunRow> found = find(c, windowId);
        if (found.isEmpty()) {
            return "no such run";
        }
        RunRow row = found.get();
        if (!KIND_WINDOW.equals(row.kind())) {
            return "run " + windowId + " is a " + row.kind() + ", not a window";
        }
        if (!scheme.equals(row.scheme())) {
            return "the window belongs to scheme " + row.scheme();
        }
        if (!RUNNING.equals(row.status())) {
            return "the window is already " + row.status();
        }
        return "the checkpoint lies beyond the window's end " + row.windowEnd();
    }

    private static int setCounts(PreparedStatement ps, int first, WindowCounts counts) throws SQLException {
        int i = first;
        ps.setInt(i++, counts.pages());
        ps.setInt(i++, counts.orders());
        ps.setInt(i++, counts.filtered());
        ps.setInt(i++, counts.customersSent());
        ps.setInt(i++, counts.saved());
        ps.setInt(i++, counts.existing());
        ps.setInt(i++, counts.failed());
        ps.setInt(i++, counts.deadLettered());
        ps.setInt(i++, counts.alreadyWritten());
        ps.setInt(i++, counts.repeated());
        return i;
    }

    private static long returnedId(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static RunRow row(ResultSet rs) throws SQLException {
        return new RunRow(rs.getLong("id"), rs.getString("scheme"), rs.getString("kind"),
                Jdbc.getNullableLong(rs, "parent_id"), rs.getString("mode"),
                Jdbc.getInstant(rs, "window_start"), Jdbc.getInstant(rs, "window_end"),
                Jdbc.getInstant(rs, "started_at"), Jdbc.getInstant(rs, "finished_at"), rs.getString("status"),
                rs.getInt("pages"), rs.getInt("orders"), rs.getInt("filtered"), rs.getInt("customers_sent"),
                rs.getInt("saved"), rs.getInt("existing"), rs.getInt("failed"), rs.getInt("dead_lettered"),
                rs.getInt("already_written"), rs.getInt("repeated"), rs.getString("error"));
    }
}
