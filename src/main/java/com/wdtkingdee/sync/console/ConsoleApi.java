package com.wdtkingdee.sync.console;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.customer.CustomerMapper;
import com.wdtkingdee.sync.flow.DeadLetterReplayer;
import com.wdtkingdee.sync.state.CheckpointStore;
import com.wdtkingdee.sync.state.ConsoleActionLog;
import com.wdtkingdee.sync.state.ConsoleQueries;
import com.wdtkingdee.sync.state.DeadLetterStore;
import com.wdtkingdee.sync.state.OrgRuleStore;
import com.wdtkingdee.sync.state.StateException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;

/**
 * The beans behind {@code routes/console.camel.yaml}: the page and its assets, the read API under
 * {@code /console/api} (overview, runs, dead letters, customers) and the write actions (retry through the replay
 * route, resolve by hand, organisation rules), each checked against {@code console.token} and recorded in
 * {@code console_action}. Routes wire; these beans decide and render JSON.
 */
public final class ConsoleApi {

    public static final String TOKEN_HEADER = "X-Console-Token";
    static final String TALLY_PROPERTY = "consoleRetryTally";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApi.class);
    private static final int CYCLES_SHOWN = 20;
    private static final int LETTERS_SHOWN = 500;
    private static final Map<String, String> ASSETS = Map.of(
            "console.js", "application/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    private final Settings settings;
    private final ConsoleSettings console;
    private final String scheme;
    private final ConsoleQueries queries;
    private final ConsoleActionLog actions;
    private final OrgRuleStore orgRules;
    private final DeadLetterStore deadLetters;
    private final CheckpointStore checkpoints;
    private final CustomerMapper mapper;
    private final Clock clock;
    private final ObjectMapper json;
    private final DateTimeFormatter time;

    public ConsoleApi(Settings settings, ConsoleSettings console, ConsoleQueries queries, ConsoleActionLog actions,
                      OrgRuleStore orgRules, DeadLetterStore deadLetters, CheckpointStore checkpoints, Clock clock) {
        this.settings = settings;
        this.console = console;
        this.scheme = settings.sync().scheme();
        this.queries = queries;
        this.actions = actions;
        this.orgRules = orgRules;
        this.deadLetters = deadLetters;
        this.checkpoints = checkpoints;
        this.mapper = new CustomerMapper(settings.mapping());
        this.clock = clock;
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(settings.sync().zone());
        SimpleModule instants = new SimpleModule().addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(time.format(value));
            }
        });
        this.json = new ObjectMapper().registerModule(instants);
    }

    // ------------------------------------------------------------------ page and assets

    public void page(Exchange exchange) {
        resource(exchange, "console/index.html", "text/html; charset=utf-8");
    }

    public void asset(Exchange exchange) {
        String file = exchange.getMessage().getHeader("file", String.class);
        String type = file == null ? null : ASSETS.get(file);
        if (type == null) {
            throw new ConsoleException(404, "no such console asset: " + file);
        }
        resource(exchange, "console/" + file, type);
    }

    private void resource(Exchange exchange, String path, String contentType) {
        try (InputStream in = ConsoleApi.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new ConsoleException(404, "missing console resource " + path);
            }
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
            exchange.getMessage().setHeader("Cache-Control", "no-store");
            exchange.getMessage().setBody(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConsoleException(500, "cannot read " + path + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ read API

    public void overview(Exchange exchange) {
        Map<String, Object> o = new LinkedHashMap<>();
        Instant now = clock.instant();
        o.put("scheme", scheme);
        o.put("zone", settings.sync().zone().getId());
        o.put("now", now);
        Optional<Instant> checkpoint = checkpoints.get(scheme);
        o.put("checkpoint", checkpoint.orElse(null));
        o.put("lag", checkpoint.map(c -> human(Duration.between(c, now))).orElse(null));
        o.put("configuredLag", settings.sync().lag().toString());
        List<Map<String, Object>> cycles = queries.cycles(scheme, 5);
        attachWindows(cycles);
        o.put("lastCycles", cycles);
        o.put("schedule", schedule(exchange.getContext(), now));
        o.put("health", health(exchange.getContext()));
        o.put("openDeadLetters", deadLetters.countOpen(scheme));
        o.put("configuration", ConsoleView.configuration(settings, console));
        o.put("mapping", ConsoleView.mapping(settings.mapping().fields(), settings.mapping().numberPrefix()));
        o.put("configuredOrgRules", settings.orgRule().orgByShop());
        o.put("consoleOrgRules", orgRules.all());
        o.put("actions", actions.latest(20));
        o.put("tokenRequired", console.hasToken());
        reply(exchange, o);
    }

    public void runs(Exchange exchange) {
        List<Map<String, Object>> cycles = queries.cycles(scheme, CYCLES_SHOWN);
        attachWindows(cycles);
        reply(exchange, Map.of("cycles", cycles));
    }

    public void deadLetterList(Exchange exchange) {
        String stage = param(exchange, "stage");
        String reason = param(exchange, "reason");
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("letters", queries.openDeadLetters(scheme, stage, reason, LETTERS_SHOWN));
        o.put("groups", queries.openDeadLetterGroups(scheme));
        o.put("recentlyResolved", queries.recentlyResolved(scheme, 10));
        o.put("openTotal", deadLetters.countOpen(scheme));
        reply(exchange, o);
    }

    public void customerLookup(Exchange exchange) {
        String q = param(exchange, "q");
        if (q == null) {
            throw new ConsoleException(400, "give a title, a customer number or a stockout number (q)");
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("q", q);
        o.put("customers", queries.customers(q, 50));
        o.put("deadLetters", queries.deadLettersOf(scheme, q, 20));
        reply(exchange, o);
    }

    private void attachWindows(List<Map<String, Object>> cycles) {
        List<Long> ids = cycles.stream().map(c -> ((Number) c.get("id")).longValue()).toList();
        Map<Long, List<Map<String, Object>>> byCycle = new LinkedHashMap<>();
        for (Map<String, Object> w : queries.windows(ids)) {
            byCycle.computeIfAbsent(((Number) w.get("parent_id")).longValue(), k -> new ArrayList<>()).add(w);
        }
        for (Map<String, Object> c : cycles) {
            c.put("windows", byCycle.getOrDefault(((Number) c.get("id")).longValue(), List.of()));
        }
    }

    private Map<String, Object> schedule(CamelContext context, Instant now) {
        Map<String, Object> s = new LinkedHashMap<>();
        Route route = context.getRoute("sync-schedule");
        boolean scheduled = route != null && context.getRouteController().getRouteStatus("sync-schedule").isStarted();
        s.put("scheduled", scheduled);
        s.put("cron", settings.sync().cron());
        if (scheduled) {
            try {
                CronExpression cron = new CronExpression(settings.sync().cron());
                cron.setTimeZone(TimeZone.getDefault()); // the quartz endpoint's default time zone
                Date next = cron.getNextValidTimeAfter(Date.from(now));
                s.put("nextFire", next == null ? null : next.toInstant());
            } catch (java.text.ParseException e) {
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

    // ------------------------------------------------------------------ write actions

    /** Every write action first: the token, when one is configured (else loopback only, see ConsoleSettings). */
    public void authorize(Exchange exchange) {
        if (!console.hasToken()) {
            if (!ConsoleSettings.isLoopback(settings.observe().host())) {
                throw new ConsoleException(403, "write actions are disabled: console.token is not set");
            }
            return;
        }
        String given = exchange.getMessage().getHeader(TOKEN_HEADER, String.class);
        byte[] expected = console.token().getBytes(StandardCharsets.UTF_8);
        if (given == null || !MessageDigest.isEqual(expected, given.trim().getBytes(StandardCharsets.UTF_8))) {
            throw new ConsoleException(401, "a valid console token is required for this action (header " + TOKEN_HEADER + ")");
        }
    }

    /**
     * "Retry now": the replay requests of the selection, each handed to {@code direct:replay}. One letter →
     * its id; all matching a reason → one request with the reason; a stage filter → one request per id (the replay
     * route selects by id or reason only).
     */
    public List<Map<String, Object>> retryPlan(Exchange exchange) {
        JsonNode body = body(exchange);
        Long id = body.hasNonNull("id") ? body.get("id").asLong() : null;
        String stage = text(body, "stage");
        String reason = text(body, "reason");
        String note = text(body, "note");
        String target = id != null ? "dead letter " + id
                : "open dead letters" + (stage == null ? "" : " at stage " + stage)
                + (reason == null ? "" : " with reason containing '" + reason + "'");
        exchange.setProperty(TALLY_PROPERTY, new RetryTally(target, note));
        List<Map<String, Object>> plan = new ArrayList<>();
        if (id != null) {
            plan.add(request(id, null));
        } else if (stage == null) {
            plan.add(request(null, reason));
        } else {
            for (Map<String, Object> letter : queries.openDeadLetters(scheme, stage, reason, Integer.MAX_VALUE)) {
                plan.add(request(((Number) letter.get("id")).longValue(), null));
            }
        }
        return plan;
    }

    private static Map<String, Object> request(Long id, String reason) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put(DeadLetterReplayer.ID_HEADER, id);
        r.put(DeadLetterReplayer.REASON_HEADER, reason);
        return r;
    }

    /** Sets the replay route's selection headers from one request of the plan (and nothing else). */
    public void replayHeaders(Exchange exchange) {
        Map<?, ?> request = exchange.getMessage().getBody(Map.class);
        for (String h : List.of(DeadLetterReplayer.ID_HEADER, DeadLetterReplayer.REASON_HEADER)) {
            Object v = request.get(h);
            if (v == null) {
                exchange.getMessage().removeHeader(h);
            } else {
                exchange.getMessage().setHeader(h, v);
            }
        }
        exchange.getMessage().setBody(null);
    }

    /** Adds one replay's report to the request's tally. */
    public void replayDone(Exchange exchange) {
        DeadLetterReplayer.ReplayReport r = exchange.getMessage().getBody(DeadLetterReplayer.ReplayReport.class);
        exchange.getProperty(TALLY_PROPERTY, RetryTally.class).add(r);
    }

    public void retryReport(Exchange exchange) {
        RetryTally t = exchange.getProperty(TALLY_PROPERTY, RetryTally.class);
        String outcome = t.skipped > 0 && t.selected == 0
                ? "skipped: a sync of " + scheme + " is running, try again when it has finished"
                : t.selected + " selected, " + t.resolved + " resolved, " + t.stillOpen + " still open"
                + (t.skipped > 0 ? " (" + t.skipped + " skipped: scheme busy)" : "");
        actions.record("retry", t.target, t.note, outcome);
        LOG.info("Console: retry {}: {}", t.target, outcome);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("selected", t.selected);
        o.put("resolved", t.resolved);
        o.put("stillOpen", t.stillOpen);
        o.put("skipped", t.skipped > 0);
        o.put("message", outcome);
        reply(exchange, o);
    }

    /** "Resolve by hand": closes an open dead letter with the operator's note (required). */
    public void resolveByHand(Exchange exchange) {
        JsonNode body = body(exchange);
        if (!body.hasNonNull("id")) {
            throw new ConsoleException(400, "which dead letter? (id)");
        }
        long id = body.get("id").asLong();
        String note = text(body, "note");
        if (note == null) {
            throw new ConsoleException(400, "say why it is resolved by hand (note)");
        }
        deadLetters.resolve(id, "by hand: " + note);
        actions.record("resolve", "dead letter " + id, note, "resolved");
        LOG.info("Console: dead letter {} resolved by hand: {}", id, note);
        reply(exchange, Map.of("resolved", id, "message", "dead letter " + id + " resolved by hand"));
    }

    /** Adds (or changes) the organisation rule of a shop that no {@code customer.org-rule.*} key names. */
    public void addOrgRule(Exchange exchange) {
        JsonNode body = body(exchange);
        String shop = text(body, "shopNo");
        String org = text(body, "useOrg");
        String note = text(body, "note");
        if (shop == null || org == null) {
            throw new ConsoleException(400, "give the shop number (shopNo) and the use organisation (useOrg)");
        }
        String configured = settings.orgRule().orgByShop().get(shop);
        if (configured != null) {
            throw new ConsoleException(409, "shop " + shop + " already has the rule " + configured
                    + " in customer.org-rule." + configured + "; change it in application.properties");
        }
        OrgRuleStore.Rule rule = orgRules.put(shop, org, note);
        actions.record("org-rule", "shop " + rule.shopNo() + " → " + rule.useOrg(), note, "saved");
        LOG.info("Console: organisation rule added: shop {} → {}", rule.shopNo(), rule.useOrg());
        reply(exchange, Map.of("rule", rule, "message", "shop " + rule.shopNo() + " → " + rule.useOrg()));
    }

    public void deleteOrgRule(Exchange exchange) {
        JsonNode body = body(exchange);
        String shop = text(body, "shopNo");
        if (shop == null) {
            throw new ConsoleException(400, "give the shop number (shopNo)");
        }
        if (!orgRules.delete(shop)) {
            throw new ConsoleException(404, "no console organisation rule for shop " + shop);
        }
        actions.record("org-rule-delete", "shop " + shop, text(body, "note"), "deleted");
        reply(exchange, Map.of("deleted", shop, "message", "rule of shop " + shop + " deleted"));
    }

    // ------------------------------------------------------------------ errors and rendering

    /** The console routes' error handler: the failure as JSON with a fitting status. */
    public void error(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status;
        String message = e == null || e.getMessage() == null ? String.valueOf(e) : e.getMessage();
        if (e instanceof ConsoleException c) {
            status = c.status();
        } else if (e instanceof IllegalArgumentException) {
            status = 400;
        } else if (e instanceof StateException) {
            status = 409;
        } else {
            status = 500;
            LOG.warn("Console request failed: {}", message, e);
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        reply(exchange, Map.of("error", message, "status", status));
    }

    private void reply(Exchange exchange, Object value) {
        try {
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
            exchange.getMessage().setHeader("Cache-Control", "no-store");
            exchange.getMessage().setBody(json.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the console answer: " + e.getOriginalMessage(), e);
        }
    }

    private JsonNode body(Exchange exchange) {
        String text = exchange.getMessage().getBody(String.class);
        if (text == null || text.isBlank()) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(text);
            if (!node.isObject()) {
                throw new ConsoleException(400, "the request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ConsoleException(400, "the request body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        String s = n.asText().trim();
        return s.isEmpty() ? null : s;
    }

    private static String param(Exchange exchange, String name) {
        String v = exchange.getMessage().getHeader(name, String.class);
        return v == null || v.isBlank() ? null : v.trim();
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

    /** What the replays of one retry request did, summed. */
    static final class RetryTally {
        final String target;
        final String note;
        int selected;
        int resolved;
        int stillOpen;
        int skipped;

        RetryTally(String target, String note) {
            this.target = target;
            this.note = note;
        }

        synchronized void add(DeadLetterReplayer.ReplayReport r) {
            if (r == null) {
                return;
            }
            if (r.skipped()) {
                skipped++;
            }
            selected += r.selected();
            resolved += r.resolved();
            stillOpen += r.stillOpen();
        }
    }
}
