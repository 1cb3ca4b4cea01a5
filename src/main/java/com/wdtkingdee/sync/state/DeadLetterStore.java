package com.wdtkingdee.sync.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The dead-letter table ({@code dead_letter}): items that could not be processed, with the
 * stage, the item as JSON, the reason and the attempts. At most one row per (scheme, stage,
 * item key) is open; parking the same item again updates that row.
 */
public final class DeadLetterStore {

    private static final String COLUMNS = "id, scheme, stage, item_key, payload::text AS payload, reason, attempts,"
            + " first_attempt, last_attempt, resolved_at, resolution";

    private final DataSource dataSource;

    public DeadLetterStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Parks an item. If it has no open row, inserts one ({@code attempts}, first and last attempt
     * now); otherwise adds {@code attempts} to the open row and replaces its reason, payload and
     * last attempt. Returns the row's id.
     *
     * @param payloadJson the item as JSON (stored as jsonb; may be null)
     * @throws StateException if {@code payloadJson} is not valid JSON
     */
    public long park(String scheme, String stage, String itemKey, String payloadJson, String reason, int attempts) {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(itemKey, "itemKey");
        Objects.requireNonNull(reason, "reason");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative: " + attempts);
        }
        return Jdbc.withConnection(dataSource, "park " + stage + " item " + itemKey + " of " + scheme, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO dead_letter (scheme, stage, item_key, payload, reason, attempts, first_attempt,"
                            + " last_attempt) VALUES (?, ?, ?, ?::jsonb, ?, ?, now(), now())"
                            + " ON CONFLICT (scheme, stage, item_key) WHERE resolved_at IS NULL DO UPDATE SET"
                            + " attempts = dead_letter.attempts + EXCLUDED.attempts, reason = EXCLUDED.reason,"
                            + " payload = EXCLUDED.payload, last_attempt = EXCLUDED.last_attempt"
                            + " RETURNING id")) {
                ps.setString(1, scheme);
                ps.setString(2, stage);
                ps.setString(3, itemKey);
                if (payloadJson == null) {
                    ps.setNull(4, Types.VARCHAR);
                } else {
                    ps.setString(4, payloadJson);
                }
                ps.setString(5, reason);
                ps.setInt(6, attempts);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Number of open dead letters of {@code scheme}. */
    public long countOpen(String scheme) {
        Objects.requireNonNull(scheme, "scheme");
        return Jdbc.withConnection(dataSource, "count open dead letters of " + scheme, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM dead_letter WHERE scheme = ? AND resolved_at IS NULL")) {
                ps.setString(1, scheme);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * Open dead letters of {@code scheme}, oldest first, optionally only the one with
     * {@code idOrNull} and only those whose reason contains {@code reasonContainsOrNull}
     * (case-insensitive, literal text).
     */
    public List<DeadLetter> open(String scheme, Long idOrNull, String reasonContainsOrNull) {
        Objects.requireNonNull(scheme, "scheme");
        return Jdbc.withConnection(dataSource, "read open dead letters of " + scheme, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM dead_letter WHERE scheme = ? AND resolved_at IS NULL"
                            + " AND (?::bigint IS NULL OR id = ?::bigint)"
                            + " AND (?::text IS NULL OR strpos(lower(reason), lower(?::text)) > 0)"
                            + " ORDER BY id")) {
                ps.setString(1, scheme);
                if (idOrNull == null) {
                    ps.setNull(2, Types.BIGINT);
                    ps.setNull(3, Types.BIGINT);
                } else {
                    ps.setLong(2, idOrNull);
                    ps.setLong(3, idOrNull);
                }
                ps.setString(4, reasonContainsOrNull);
                ps.setString(5, reasonContainsOrNull);
                List<DeadLetter> letters = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        letters.add(row(rs));
                    }
                }
                return letters;
            }
        });
    }

    /**
     * Resolves an open dead letter with a note on how (e.g. {@code "retried"}, {@code "ignored: test order"}).
     *
     * @throws StateException if there is no open dead letter with this id
     */
    /**
     * Moves a letter that failed again on the retry ladder to its next step: the next automatic replay at
     * {@code next}, or, when {@code next} is null, exhausted (it waits for a person).
     */
    public void ladder(long id, int step, java.time.OffsetDateTime next) {
        Jdbc.withConnection(dataSource, "advance the retry ladder of dead letter " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE dead_letter SET ladder_step = ?, next_attempt = ?,"
                    + " exhausted = ? WHERE id = ? AND resolved_at IS NULL")) {
                ps.setInt(1, step);
                ps.setObject(2, next, Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setBoolean(3, next == null);
                ps.setLong(4, id);
                return ps.executeUpdate();
            }
        });
    }

    public void resolve(long id, String resolution) {
        int updated = Jdbc.withConnection(dataSource, "resolve dead letter " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE dead_letter SET resolved_at = now(), resolution = ?"
                            + " WHERE id = ? AND resolved_at IS NULL")) {
                ps.setString(1, resolution);
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
        if (updated == 0) {
            throw new StateException("there is no open dead letter with id " + id);
        }
    }

    private static DeadLetter row(ResultSet rs) throws SQLException {
        return new DeadLetter(rs.getLong("id"), rs.getString("scheme"), rs.getString("stage"),
                rs.getString("item_key"), rs.getString("payload"), rs.getString("reason"), rs.getInt("attempts"),
                Jdbc.getInstant(rs, "first_attempt"), Jdbc.getInstant(rs, "last_attempt"),
                Jdbc.getInstant(rs, "resolved_at"), rs.getString("resolution"));
    }
}
