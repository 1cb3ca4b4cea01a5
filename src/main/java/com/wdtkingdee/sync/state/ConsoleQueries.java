package com.wdtkingdee.sync.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The read-only queries of the operator console: cycles and their windows, open dead letters with filters, and the
 * customer lookup. Rows come back as ordered maps of column name → value (timestamps as {@link java.time.Instant}),
 * ready to be rendered as JSON.
 */
public final class ConsoleQueries {

    private static final String RUN_COLUMNS = "id, parent_id, kind, mode, window_start, window_end, started_at,"
            + " finished_at, status, pages, pages_total, orders, filtered, customers_sent, saved, existing, failed,"
            + " dead_lettered, already_written, repeated, order_buckets, error, progress_at,"
            + " (EXTRACT(EPOCH FROM (COALESCE(finished_at, now()) - started_at)) * 1000)::bigint AS duration_ms";
    // next_attempt belongs to the retry ladder of parked items: shown when the column exists (read through jsonb so
    // this query works with and without it)
    private static final String LETTER_COLUMNS = "d.id, d.stage, d.item_key, d.reason, d.attempts, d.first_attempt,"
            + " d.last_attempt, (to_jsonb(d) ->> 'next_attempt') AS next_attempt, d.resolved_at, d.resolution,"
            + " d.payload::text AS payload";
    private static final String CUSTOMER_COLUMNS = "id, use_org, title_key, number, fcustid, name, tax_code,"
            + " first_stockout_no, first_stockout_id, status, reason, allocated_at, created_at, updated_at";

    private final DataSource dataSource;

    public ConsoleQueries(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The latest cycles of the scheme, newest first. */
    public List<Map<String, Object>> cycles(String scheme, int limit) {
        return query("read the latest cycles", "SELECT " + RUN_COLUMNS + " FROM sync_run"
                + " WHERE scheme = ? AND kind = 'cycle' ORDER BY id DESC LIMIT ?", scheme, limit);
    }

    /** The windows of these cycles, in the order they ran. */
    public List<Map<String, Object>> windows(List<Long> cycleIds) {
        if (cycleIds.isEmpty()) {
            return List.of();
        }
        return Jdbc.withConnection(dataSource, "read the windows of cycles " + cycleIds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM sync_run"
                    + " WHERE parent_id = ANY(?) ORDER BY id")) {
                ps.setArray(1, c.createArrayOf("bigint", cycleIds.toArray()));
                return rows(ps);
            }
        });
    }

    /** Open dead letters of the scheme, oldest first; {@code stage} exact and {@code reasonContains} literal, both optional. */
    public List<Map<String, Object>> openDeadLetters(String scheme, String stage, String reasonContains, int limit) {
        return query("read open dead letters", "SELECT " + LETTER_COLUMNS + " FROM dead_letter d"
                        + " WHERE d.scheme = ? AND d.resolved_at IS NULL"
                        + " AND (?::text IS NULL OR d.stage = ?::text)"
                        + " AND (?::text IS NULL OR strpos(lower(d.reason), lower(?::text)) > 0)"
                        + " ORDER BY d.id LIMIT ?",
                scheme, stage, stage, reasonContains, reasonContains, limit);
    }

    /** Open dead letters grouped by stage and reason, largest group first (the filters of the page). */
    public List<Map<String, Object>> openDeadLetterGroups(String scheme) {
        return query("group open dead letters", "SELECT stage, reason, count(*) AS count FROM dead_letter"
                + " WHERE scheme = ? AND resolved_at IS NULL GROUP BY stage, reason ORDER BY count(*) DESC, stage, reason",
                scheme);
    }

    /** Dead letters resolved most recently (by replay or by hand), newest first. */
    public List<Map<String, Object>> recentlyResolved(String scheme, int limit) {
        return query("read resolved dead letters", "SELECT " + LETTER_COLUMNS + " FROM dead_letter d"
                + " WHERE d.scheme = ? AND d.resolved_at IS NOT NULL ORDER BY d.resolved_at DESC, d.id DESC LIMIT ?",
                scheme, limit);
    }

    /**
     * Customers whose title contains {@code text} (case-insensitive), or whose number, FCUSTID or first stockout
     * number equals it.
     */
    public List<Map<String, Object>> customers(String text, int limit) {
        String t = text.trim();
        return query("look up customers", "SELECT " + CUSTOMER_COLUMNS + " FROM customer"
                        + " WHERE number = ? OR first_stockout_no = ? OR fcustid = ?"
                        + " OR strpos(lower(name), lower(?)) > 0 OR strpos(lower(title_key), lower(?)) > 0"
                        + " ORDER BY (number = ? OR first_stockout_no = ?) DESC, id LIMIT ?",
                t, t, t, t, t, t, t, limit);
    }

    /** Dead letters (open or resolved) of an order or customer: by item key, stockout number or customer number. */
    public List<Map<String, Object>> deadLettersOf(String scheme, String text, int limit) {
        String t = text.trim();
        return query("look up dead letters", "SELECT " + LETTER_COLUMNS + " FROM dead_letter d WHERE d.scheme = ?"
                        + " AND (d.item_key = ? OR d.payload ->> 'order_no' = ? OR d.payload ->> 'stockoutNo' = ?"
                        + " OR d.payload ->> 'number' = ?) ORDER BY d.id DESC LIMIT ?",
                scheme, t, t, t, t, limit);
    }

    private List<Map<String, Object>> query(String what, String sql, Object... parameters) {
        return Jdbc.withConnection(dataSource, what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    Object p = parameters[i];
                    if (p == null) {
                        ps.setNull(i + 1, java.sql.Types.VARCHAR);
                    } else if (p instanceof Integer n) {
                        ps.setInt(i + 1, n);
                    } else {
                        ps.setString(i + 1, p.toString());
                    }
                }
                return rows(ps);
            }
        });
    }

    private static List<Map<String, Object>> rows(PreparedStatement ps) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String type = md.getColumnTypeName(i);
                    Object value = "timestamptz".equals(type)
                            ? toInstant(rs.getObject(i, OffsetDateTime.class))
                            : rs.getObject(i);
                    row.put(md.getColumnLabel(i), value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Object toInstant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
