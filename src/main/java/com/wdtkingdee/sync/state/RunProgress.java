package com.wdtkingdee.sync.state;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Live progress of a running window in {@code sync_run}: the counts so far and the number of pages expected
 * ({@code pages_total}, from the source's total_count), so the console can show "page N of M" while it runs.
 * Completing or failing the window ({@link RunLog}) writes the final counts over these.
 */
public final class RunProgress {

    private final DataSource dataSource;

    public RunProgress(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Updates a running window; a window no longer running is left alone. */
    public void update(long windowId, WindowCounts counts, Integer pagesTotal) {
        Objects.requireNonNull(counts, "counts");
        Jdbc.withConnection(dataSource, "record the progress of window " + windowId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sync_run SET pages = ?, orders = ?, filtered = ?, customers_sent = ?, saved = ?,"
                            + " existing = ?, failed = ?, dead_lettered = ?, already_written = ?, repeated = ?,"
                            + " pages_total = ?, progress_at = now()"
                            + " WHERE id = ? AND kind = 'window' AND status = 'RUNNING'")) {
                int i = 1;
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
                if (pagesTotal == null) {
                    ps.setNull(i++, Types.INTEGER);
                } else {
                    ps.setInt(i++, pagesTotal);
                }
                ps.setLong(i, windowId);
                return ps.executeUpdate();
            }
        });
    }
}
