package com.wdtkingdee.sync.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The write attempts of the operator console ({@code console_action}): time, action, target, note, outcome, and the
 * source address and user agent of the request; refused attempts too (their outcome says why).
 */
public final class ConsoleActionLog {

    /** A recorded action. */
    public record Action(long id, Instant at, String action, String target, String note, String outcome,
                         String source, String userAgent) {
    }

    private final DataSource dataSource;

    public ConsoleActionLog(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Records an action and returns its id. */
    public long record(String action, String target, String note, String outcome) {
        return record(action, target, note, outcome, null, null);
    }

    /** Records an attempt with where it came from and returns its id. */
    public long record(String action, String target, String note, String outcome, String source, String userAgent) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        return Jdbc.withConnection(dataSource, "record console action " + action, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO console_action (action, target, note, outcome, source, user_agent)"
                            + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
                ps.setString(1, action);
                ps.setString(2, target);
                ps.setString(3, note);
                ps.setString(4, outcome);
                ps.setString(5, source);
                ps.setString(6, userAgent == null || userAgent.length() <= 300 ? userAgent : userAgent.substring(0, 300));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** The latest actions, newest first. */
    public List<Action> latest(int limit) {
        return Jdbc.withConnection(dataSource, "read console actions", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, at, action, target, note, outcome, source, user_agent FROM console_action"
                            + " ORDER BY id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                List<Action> actions = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        actions.add(new Action(rs.getLong("id"), Jdbc.getInstant(rs, "at"), rs.getString("action"),
                                rs.getString("target"), rs.getString("note"), rs.getString("outcome"),
                                rs.getString("source"), rs.getString("user_agent")));
                    }
                }
                return actions;
            }
        });
    }
}
