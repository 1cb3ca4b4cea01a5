package com.wdtkingdee.sync.ops;

import com.wdtkingdee.sync.state.RunLog;
import com.wdtkingdee.sync.state.TestDatabase;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class SyncHealthChecksTest {

    @BeforeEach
    void cleanState() {
        TestDatabase.truncateAll();
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    private static HealthCheck.State call(HealthCheck check) {
        ((org.apache.camel.CamelContextAware) check).setCamelContext(new DefaultCamelContext());
        return check.call().getState();
    }

    @Test
    void lastCycleGoesDownWhenNoCycleSucceededWithinTheThreshold() {
        MovableClock clock = new MovableClock();
        RunLog runLog = new RunLog(TestDatabase.dataSource());
        SyncHealthChecks.LastCycleCheck check = new SyncHealthChecks.LastCycleCheck(runLog, "customer-sync", Duration.ofMinutes(30), clock);
        assertThat(call(check)).isEqualTo(HealthCheck.State.UP);              // just started, no cycle yet
        clock.now.set(clock.now.get().plus(Duration.ofMinutes(31)));
        assertThat(call(check)).isEqualTo(HealthCheck.State.DOWN);            // 31 min and still no cycle

        long cycle = runLog.startCycle("customer-sync", "service");
        runLog.finishCycle(cycle, "DONE", null);
        clock.now.set(Instant.now());
        assertThat(call(check)).isEqualTo(HealthCheck.State.UP);              // a cycle just succeeded
        clock.now.set(Instant.now().plus(Duration.ofMinutes(45)));
        assertThat(call(check)).isEqualTo(HealthCheck.State.DOWN);            // …45 minutes ago
    }

    @Test
    void databaseCheckFollowsTheConnection() {
        assertThat(call(new SyncHealthChecks.DatabaseCheck(TestDatabase.dataSource()))).isEqualTo(HealthCheck.State.UP);
        assertThat(call(new SyncHealthChecks.DatabaseCheck(new Unreachable()))).isEqualTo(HealthCheck.State.DOWN);
    }

    @Test
    void kingdeeCheckIsDownWhileTheStartupChecksFailOrTheCircuitBreakerIsOpen() {
        AtomicReference<String> failure = new AtomicReference<>("Kingdee login answered HTTP 500");
        com.wdtkingdee.sync.kingdee.KingdeeCircuit circuit = new com.wdtkingdee.sync.kingdee.KingdeeCircuit(
                new com.wdtkingdee.sync.config.Settings.Circuit(true, 50, 1, 1, Duration.ofMinutes(5), 1));
        SyncHealthChecks.KingdeeCheck check = new SyncHealthChecks.KingdeeCheck(() -> failure.get() == null ? "PASSED" : "FAILING",
                failure::get, circuit);
        ((org.apache.camel.CamelContextAware) check).setCamelContext(new DefaultCamelContext());
        HealthCheck.Result down = check.call();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m)
                .contains("start-up checks failing").contains("HTTP 500"));
        assertThat(down.getDetails()).containsEntry("startup.check", "FAILING").containsEntry("circuit.breaker", "CLOSED");

        failure.set(null);
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);

        org.assertj.core.api.Assertions.catchThrowable(() -> circuit.breaker().executeSupplier(() -> {
            throw new com.wdtkingdee.sync.kingdee.KingdeeApiException("HTTP 503", 503, -1, true, java.util.List.of(), null);
        }));
        HealthCheck.Result open = check.call();
        assertThat(open.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(open.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("circuit breaker OPEN"));
        assertThat(open.getDetails()).containsEntry("circuit.breaker", "OPEN");
    }

    /** A data source whose server is gone. */
    static final class Unreachable implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLException("Connection refused");
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return null;
        }

        @Override
        public <T> T unwrap(Class<T> iface) {
            return null;
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
