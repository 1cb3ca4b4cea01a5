package com.wdtkingdee.sync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity of the README's words, asserted on the run log of a test database: every order read is in exactly one
 * bucket, so for every completed (DONE) window
 * {@code orders = filtered + dead_lettered + saved + existing + already_written + repeated}; a window that did not
 * complete (FAILED, killed, abandoned, still RUNNING) never counts more orders in its buckets than it read.
 *
 * <p>Usage after a run: {@code RunBuckets.assertAddUp();} (the shared {@link TestDatabase}).
 */
public final class RunBuckets {

    private RunBuckets() {
    }

    /** One window row of {@code sync_run}: its status and counts. */
    public record Window(long id, String scheme, String mode, String status, WindowCounts counts) {
    }

    /** Asserts the identity for every window of the shared test database; returns the windows checked. */
    public static List<Window> assertAddUp() {
        return assertAddUp(TestDatabase.dataSource());
    }

    /** Asserts the identity for every window row of {@code dataSource}; returns the windows checked. */
    public static List<Window> assertAddUp(DataSource dataSource) {
        List<Window> windows = windows(dataSource);
        for (Window w : windows) {
            WindowCounts c = w.counts();
            if (RunLog.DONE.equals(w.status())) {
                assertThat(c.bucketed()).as("window %d (%s, %s): read = filtered + parked + new + existing + already"
                        + " written + repeated, counts %s", w.id(), w.mode(), w.status(), c).isEqualTo(c.orders());
            } else {
                assertThat(c.bucketed()).as("window %d (%s, %s, not completed): its buckets never hold more orders than"
                        + " it read, counts %s", w.id(), w.mode(), w.status(), c).isLessThanOrEqualTo(c.orders());
            }
        }
        return windows;
    }

    /** Asserts the identity and that at least {@code completed} windows completed; returns the windows checked. */
    public static List<Window> assertAddUp(int completed) {
        List<Window> windows = assertAddUp();
        assertThat(windows.stream().filter(w -> RunLog.DONE.equals(w.status())).count())
                .as("completed windows in the run log: %s", windows).isGreaterThanOrEqualTo(completed);
        return windows;
    }

    /** Every window row, oldest first. */
    public static List<Window> windows(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, scheme, mode, status, pages, orders, filtered, customers_sent, saved, existing, failed,"
                        + " dead_lettered, already_written, repeated FROM sync_run WHERE kind = 'window' ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            List<Window> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Window(rs.getLong("id"), rs.getString("scheme"), rs.getString("mode"),
                        rs.getString("status"), new WindowCounts(rs.getInt("pages"), rs.getInt("orders"),
                        rs.getInt("filtered"), rs.getInt("customers_sent"), rs.getInt("saved"), rs.getInt("existing"),
                        rs.getInt("failed"), rs.getInt("dead_lettered"), rs.getInt("already_written"),
                        rs.getInt("repeated"))));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the run log", e);
        }
    }
}
