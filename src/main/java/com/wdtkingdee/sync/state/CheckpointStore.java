package com.wdtkingdee.sync.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads the per-scheme checkpoint: the end of the last fully synced window. It is written only
 * by {@link RunLog#completeWindow}, in the same transaction as the window's row.
 */
public final class CheckpointStore {

    private final DataSource dataSource;

    public CheckpointStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The scheme's checkpoint, empty if it has never completed a window. */
    public Optional<Instant> get(String scheme) {
        Objects.requireNonNull(scheme, "scheme");
        return Jdbc.withConnection(dataSource, "read the checkpoint of " + scheme, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT checkpoint FROM sync_checkpoint WHERE scheme = ?")) {
                ps.setString(1, scheme);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Jdbc.getInstant(rs, "checkpoint")) : Optional.<Instant>empty();
                }
            }
        });
    }
}
