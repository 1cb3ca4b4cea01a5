package com.wdtkingdee.sync.state;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upgrade in place from the previous release (migrations up to V11) keeps its run history and marks it as
 * counted before the order buckets, so the console does not show it as orders in no bucket; rows written after the
 * upgrade carry the buckets.
 */
class RunBucketsUpgradeTest {

    @Test
    void historyFromThePreviousReleaseIsMarkedAndNewRowsCarryTheBuckets() throws Exception {
        String schema = "upgrade_from_v11";
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        Flyway.configure().dataSource(TestDatabase.dataSource()).schemas(schema).locations(Database.MIGRATIONS)
                .target("11").load().migrate();
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + schema + ".sync_run (scheme, kind, mode, started_at, status, orders, filtered, saved)"
                    + " VALUES ('customer-sync', 'cycle', 'service', now(), 'DONE', 10, 3, 4)");
        }
        Flyway.configure().dataSource(TestDatabase.dataSource()).schemas(schema).locations(Database.MIGRATIONS)
                .load().migrate();
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + schema + ".sync_run (scheme, kind, mode, started_at, status) VALUES"
                    + " ('customer-sync', 'cycle', 'service', now(), 'RUNNING')");
            try (ResultSet rs = s.executeQuery("SELECT orders, already_written, repeated, order_buckets FROM " + schema
                    + ".sync_run ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt("orders")).as("history kept").isEqualTo(10);
                assertThat(rs.getBoolean("order_buckets")).as("history counted before the buckets").isFalse();
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean("order_buckets")).as("a row written after the upgrade").isTrue();
                assertThat(rs.getInt("already_written") + rs.getInt("repeated")).isZero();
            }
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
