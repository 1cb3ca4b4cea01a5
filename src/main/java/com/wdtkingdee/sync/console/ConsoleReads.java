package com.wdtkingdee.sync.console;

import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.state.CheckpointStore;
import com.wdtkingdee.sync.state.ConsoleActionLog;
import com.wdtkingdee.sync.state.ConsoleQueries;
import com.wdtkingdee.sync.state.DeadLetterStore;
import com.wdtkingdee.sync.state.OrgRuleStore;
import org.apache.camel.CamelContext;
import org.apache.camel.Header;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;

/**
 * The read side of the console API (bean {@code consoleReads}): each method answers one {@code GET /console/api/…}
 * with a value the REST binding writes as JSON. Reads change nothing.
 */
public final class ConsoleReads {

    private static final int CYCLES_SHOWN = 20;
    private static final int LETTERS_SHOWN = 500;

    private final Settings settings;
    private final ConsoleSettings console;
    private final String scheme;
    private final ConsoleQueries queries;
    private final ConsoleActionLog actions;
    private final OrgRuleStore orgRules;
    private final DeadLetterStore deadLetters;
    private final CheckpointStore checkpoints;
    private final Clock clock;

    public ConsoleReads(Settings settings, ConsoleSettings console, ConsoleQueries queries, ConsoleActionLog actions,
                        OrgRuleStore orgRules, DeadLetterStore deadLetters, CheckpointStore checkpoints, Clock clock) {
        this.settings = settings;
        this.console = console;
        this.scheme = settings.sync().scheme();
        this.queries = queries;
        this.actions = actions;
        this.orgRules = orgRules;
        this.deadLetters = deadLetters;
        this.checkpoints = checkpoints;
        this.clock = clock;
    }

    /** {@code GET /overview}: the scheme at a glance (secrets masked, see {@link ConsoleView}). */
    public Map<String, Object> overview(CamelContext context) {
        Map<String, Object> o = new LinkedHashMap<>();
        Instant now = clock.instant();
        o.put("scheme", scheme);
        o.put("zone", settings.sync().zone().getId());
        o.put("now", now);
        Optional<Instant> checkpoint = checkpoints.get(scheme);
        o.put("checkpoint", checkpoint.orElse(null));
        o.put("lag", checkpoint.map(c -> human(Duration.between(c, now))).orElse(null));
        o.put("configuredLag", settings.sync().lag().toString());
        o.put("lastCycles", cyclesWithWindows(5));
        o.put("schedule", schedule(context, now));
        o.put("health", health(context));
        o.put("openDeadLetters", deadLetters.countOpen(scheme));
        o.put("configuration", ConsoleView.configuration(settings, console));
        o.put("mapping", ConsoleView.mapping(settings.mapping().fields(), settings.mapping().numberPrefix()));
        o.put("configuredOrgRules", settings.orgRule().orgByShop());
        o.put("consoleOrgRules", orgRules.all());
        o.put("actions", actions.latest(20));
        o.put("tokenRequired", console.hasToken());
        return o;
    }

    /** {@code GET /runs}: the last cycles, each with its windows. */
    public Map<String, Object> runs() {
        return Map.of("cycles", cyclesWithWindows(CYCLES_SHOWN));
    }

    /** {@code GET /dead-letters?stage=&reason=}: the open letters (filtered), their groups, the last resolved. */
    public Map<String, Object> deadLetters(@Header("stage") String stage, @Header("reason") String reason) {
        stage = ConsoleText.trimmed(stage);
        reason = ConsoleText.trimmed(reason);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("letters", queries.openDeadLetters(scheme, stage, reason, LETTERS_SHOWN));
        o.put("groups", queries.openDeadLetterGroups(scheme));
        o.put("recentlyResolved", queries.recentlyResolved(scheme, 10));
        o.put("openTotal", deadLetters.countOpen(scheme));
        return o;
    }

    /** {@code GET /customers?q=}: customers by title, number or stockout, with the dead letters of that order. */
    public Map<String, Object> customers(@Header("q") String q) {
        q = ConsoleText.trimmed(q);
        if (q == null) {
            throw new ConsoleException(400, "give a title, a customer number or a stockout number (q)");
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("q", q);
        o.put("customers", queries.customers(q, 50));
        o.put("deadLetters", queries.deadLettersOf(scheme, q, 20));
        return o;
    }

    private List<Map<String, Object>> cyclesWithWindows(int limit) {
        List<Map<String, Object>> cycles = queries.cycles(scheme, limit);
        List<Long> ids = cycles.stream().map(c -> ((Number) c.get("id")).longValue()).toList();
        Map<Long, List<Map<String, Object>>> byCycle = new LinkedHashMap<>();
        for (Map<String, Object> w : queries.windows(ids)) {
            byCycle.computeIfAbsent(((Number) w.get("parent_id")).longValue(), k -> new ArrayList<>()).add(w);
        }
        for (Map<String, Object> c : cycles) {
            c.put("windows", byCycle.getOrDefault(((Number) c.get("id")).longValue(), List.of()));
        }
        return cycles;
    }

    private Map<String, Object> schedule(CamelContext context, Instant now) {
        Map<String, Object> s = new LinkedHashMap<>();
        boolean scheduled = context.getRoute("sync-schedule") != null
                && context.getRouteController().getRouteStatus("sync-schedule").isStarted();
        s.put("scheduled", scheduled);
        s.put("cron", settings.sync().cron());
        if (scheduled) {
            try {
                CronExpression cron = new CronExpression(settings.sync().cron());
                cron.setTimeZone(TimeZone.getDefault()); // the quartz endpoint's default time zone
                Date next = cron.getNextValidTimeAfter(Date.from(now));
                s.put("nextFire", next == null ? null : next.toInstant());
            } catch (ParseException e) {
                s.put("nextFire", null);
            }
        }
        return s;
    }

    private static List<Map<String, Object>> health(CamelContext context) {
        List<Map<String, Object>> checks = new ArrayList<>();
        for (HealthCheck.Result r : HealthCheckHelper.invoke(context)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.getCheck().getId());
            m.put("state", r.getState().name());
            m.put("message", r.getMessage().orElse(""));
            checks.add(m);
        }
        return checks;
    }

    static String human(Duration d) {
        if (d.isNegative()) {
            return "-" + human(d.negated());
        }
        long s = d.getSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min";
        }
        if (s < 172800) {
            return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
        return (s / 86400) + " d " + (s % 86400 / 3600) + " h";
    }
}
