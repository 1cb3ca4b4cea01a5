package com.wdtkingdee.sync.ops;

import com.wdtkingdee.sync.state.RunLog;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The product's health checks on {@code /observe/health}: database, last successful cycle, Kingdee session. */
public final class SyncHealthChecks {

    private SyncHealthChecks() {
    }

    /** UP when a connection of the state database answers a query. */
    public static final class DatabaseCheck extends AbstractHealthCheck {
        private final DataSource dataSource;

        public DatabaseCheck(DataSource dataSource) {
            super("wdt-kingdee-sync", "state-database");
            this.dataSource = dataSource;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            try (Connection c = dataSource.getConnection(); var st = c.createStatement(); var rs = st.executeQuery("SELECT 1")) {
                rs.next();
                builder.up();
            } catch (Exception e) {
                builder.message("state database unreachable: " + e.getMessage()).down();
            }
        }
    }

    /**
     * DOWN when the last successful cycle is older than {@code observe.max-cycle-age} (no cycle yet: UP while the
     * service is younger than that threshold).
     */
    public static final class LastCycleCheck extends AbstractHealthCheck {
        private final RunLog runLog;
        private final String scheme;
        private final Duration maxAge;
        private final Clock clock;
        private final Instant started;

        public LastCycleCheck(RunLog runLog, String scheme, Duration maxAge, Clock clock) {
            super("wdt-kingdee-sync", "last-cycle");
            this.runLog = runLog;
            this.scheme = scheme;
            this.maxAge = maxAge;
            this.clock = clock;
            this.started = clock.instant();
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            Instant now = clock.instant();
            Optional<Instant> last;
            try {
                last = runLog.lastSuccessfulCycle(scheme);
            } catch (RuntimeException e) {
                builder.message("cannot read the run log: " + e.getMessage()).down();
                return;
            }
            Instant reference = last.orElse(started);
            long age = Duration.between(reference, now).toSeconds();
            builder.detail("last.successful.cycle", last.map(Instant::toString).orElse("none yet"));
            builder.detail("age.seconds", age);
            builder.detail("max.age.seconds", maxAge.toSeconds());
            if (Duration.between(reference, now).compareTo(maxAge) > 0) {
                builder.message("no successful cycle for " + age + " s (observe.max-cycle-age " + maxAge + ")").down();
            } else {
                builder.up();
            }
        }
    }

    /** DOWN when the last Kingdee login failed; UP with a session, or before the first call. */
    public static final class KingdeeSessionCheck extends AbstractHealthCheck {
        private final com.wdtkingdee.sync.kingdee.KingdeeSession client;
        private final com.wdtkingdee.sync.kingdee.KingdeeStatistics statistics;

        public KingdeeSessionCheck(com.wdtkingdee.sync.kingdee.KingdeeSession client,
                              com.wdtkingdee.sync.kingdee.KingdeeStatistics statistics) {
            super("wdt-kingdee-sync", "kingdee-session");
            this.client = client;
            this.statistics = statistics;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            String error = statistics.lastLoginError();
            builder.detail("session", client.hasSession() ? "open" : "none");
            if (error != null) {
                builder.message(error).down();
            } else {
                builder.up();
            }
        }
    }

    /**
     * Kingdee as the sync sees it: DOWN while the start-up checks fail (a service started while Kingdee was down:
     * no cycle runs its windows until they pass) or while the circuit breaker of the Kingdee calls is open (calls
     * fail fast). Details: the start-up check's state and the breaker's state and failure rate.
     */
    public static final class KingdeeCheck extends AbstractHealthCheck {
        private final java.util.function.Supplier<?> startupState;
        private final java.util.function.Supplier<String> startupFailure;
        private final com.wdtkingdee.sync.kingdee.KingdeeCircuit circuit;

        public KingdeeCheck(java.util.function.Supplier<?> startupState, java.util.function.Supplier<String> startupFailure,
                       com.wdtkingdee.sync.kingdee.KingdeeCircuit circuit) {
            super("wdt-kingdee-sync", "kingdee");
            this.startupState = startupState;
            this.startupFailure = startupFailure;
            this.circuit = circuit;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            String failure = startupFailure.get();
            builder.detail("startup.check", String.valueOf(startupState.get()));
            builder.detail("circuit.breaker", circuit.state());
            builder.detail("circuit.failure.rate", circuit.failureRate());
            builder.detail("circuit.rejected.calls", circuit.rejectedCalls());
            if (failure != null) {
                builder.message("Kingdee start-up checks failing (no cycle runs its windows until they pass): "
                        + failure).down();
            } else if (circuit.open()) {
                builder.message(circuit.describeOpen()).down();
            } else {
                builder.up();
            }
        }
    }
}
