package com.wdtkingdee.sync.ops;

import com.wdtkingdee.sync.alert.AlertEvent;
import com.wdtkingdee.sync.alert.AlertKind;
import com.wdtkingdee.sync.kingdee.KingdeeStatistics;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The bean of route {@code health-watch} ({@code routes/sync.camel.yaml}, service only, every
 * {@code observe.health-watch-interval}): looks at the health checks of {@code /observe/health} and the Kingdee
 * login failures and returns the alerts to send to {@code direct:alert} ({@link HealthTransitions} decides).
 */
public final class HealthWatch {

    private static final Logger LOG = LoggerFactory.getLogger(HealthWatch.class);

    private final String scheme;
    private final KingdeeStatistics statistics;
    private final Clock clock;
    private final HealthTransitions transitions = new HealthTransitions();

    public HealthWatch(String scheme, KingdeeStatistics statistics, Clock clock) {
        this.scheme = scheme;
        this.statistics = statistics;
        this.clock = clock;
    }

    /** Route step: body = the alerts (possibly none). */
    public List<AlertEvent> events(Exchange exchange) {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(exchange.getContext());
        List<String> down = results.stream().filter(r -> r.getState() == HealthCheck.State.DOWN)
                .map(r -> r.getCheck().getId() + r.getMessage().map(m -> " (" + m + ")").orElse(""))
                .collect(Collectors.toList());
        return events(down, statistics.loginFailures(), statistics.loginFailuresTotal(), statistics.lastLoginError());
    }

    /** {@link #events(Exchange)} from what was seen: the checks that are DOWN (id and message), the logins. */
    List<AlertEvent> events(List<String> down, int loginFailuresInRow, long loginFailuresTotal, String loginError) {
        List<AlertEvent> out = new ArrayList<>();
        for (AlertKind kind : transitions.look(down.isEmpty(), loginFailuresInRow, loginFailuresTotal)) {
            switch (kind) {
                case HEALTH_DOWN -> {
                    LOG.warn("/observe/health is DOWN: {}", String.join("; ", down));
                    out.add(AlertEvent.healthDown(scheme, String.join("; ", down), clock.instant()));
                }
                case HEALTH_UP -> {
                    LOG.info("/observe/health is UP again");
                    out.add(AlertEvent.healthUp(scheme, "every check is UP", clock.instant()));
                }
                case KINGDEE_LOGIN_FAILING -> out.add(AlertEvent.kingdeeLoginFailing(scheme,
                        loginFailuresInRow + " login(s) failed in a row; last: " + loginError, loginFailuresInRow,
                        clock.instant()));
                default -> { }
            }
        }
        return out;
    }
}
