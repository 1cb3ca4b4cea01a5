package com.wdtkingdee.sync.app;

import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.flow.CycleMode;
import com.wdtkingdee.sync.flow.CycleOutcome;
import com.wdtkingdee.sync.flow.DeadLetterReplayer;
import com.wdtkingdee.sync.flow.Reconciler;
import com.wdtkingdee.sync.flow.SyncCycle;
import com.wdtkingdee.sync.state.Database;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The application at run time: the database, the beans and a Camel Main that loads {@code application.properties}
 * and the YAML routes from the project folder. Used by the command line and by the end-to-end tests.
 */
public final class SyncRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRuntime.class);

    private final Settings settings;
    private final Path projectDir;
    private final boolean scheduler;
    private final Clock clock;
    private final Map<String, String> extraCamelProperties = new LinkedHashMap<>();
    private java.io.PrintStream dryRunOut = System.out;
    private boolean observeAlways;
    private boolean startupChecks = true;
    private boolean metricsBound;
    private Thread shutdownHook;
    private Database database;
    private SyncBeans beans;
    private Main main;
    private volatile RuntimeException startFailure;
    private boolean checked;
    private com.wdtkingdee.sync.console.ConsoleSettings console; // operator console (/console); see consoleSettings()

    /**
     * @param projectDir folder holding {@code application.properties} and {@code routes/}
     * @param scheduler  true in service mode: the Quartz route starts
     */
    public SyncRuntime(Settings settings, Path projectDir, boolean scheduler, Clock clock) {
        this.settings = settings;
        this.projectDir = projectDir.toAbsolutePath().normalize();
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Where {@code --dry-run} prints the Model rows (default: standard output). */
    public SyncRuntime dryRunOutput(java.io.PrintStream out) {
        this.dryRunOut = out;
        return this;
    }

    /** Adds a Camel property (e.g. {@code camel.main.*}); applied at start. */
    public SyncRuntime camelProperty(String key, String value) {
        extraCamelProperties.put(key, value);
        return this;
    }

    /** Replaces the operator console's settings ({@code console.*}) of the configuration (tests). */
    public SyncRuntime console(com.wdtkingdee.sync.console.ConsoleSettings console) {
        this.console = console;
        return this;
    }

    /** The console's settings: those of the validated configuration unless a test set its own. */
    private com.wdtkingdee.sync.console.ConsoleSettings consoleSettings() {
        return console != null ? console : settings.console();
    }

    /** True when the management server runs (/observe/*): service mode, or {@link #observeAlways()}. */
    private boolean observing() {
        return settings.observe().enabled() && (scheduler || observeAlways);
    }

    /** True when /console is served: beside /observe/* on the management server, unless console.enabled=false. */
    private boolean consoleServed() {
        return observing() && consoleSettings().enabled();
    }

    /** Opens the database and prepares Camel Main; {@link #start()} or {@link #runService()} follows. */
    private void prepare() {
        if (consoleServed()) {
            consoleSettings().checkListening(settings.observe().host()); // beyond loopback only with console.token
        }
        Settings.Db db = settings.db();
        Path embeddedDir = db.embeddedDir().isAbsolute() ? db.embeddedDir() : projectDir.resolve(db.embeddedDir());
        database = Database.open(db.url(), db.username(), db.password(), embeddedDir);
        // SIGTERM: stop Camel gracefully first (current page/batch, camel.main.shutdown-timeout), then the database
        shutdownHook = new Thread(this::shutdownOnSignal, "wdt-kingdee-sync-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        LOG.info("State database: {}", database.describe());
        beans = new SyncBeans(settings, database.dataSource(), clock, scheduler ? CycleMode.SERVICE : CycleMode.ONCE,
                dryRunOut);
        main = new Main();
        main.setPropertyPlaceholderLocations("file:" + projectDir.resolve("application.properties") + ";optional=true");
        // camel.* keys in force (file, environment, -D before or after the jar, --key=value), then the values Java sets
        settings.camel().forEach(main::addOverrideProperty);
        camelProperties().forEach(main::addOverrideProperty);
        beans.beans().forEach(main::bind);
        if (consoleServed()) {
            com.wdtkingdee.sync.console.ConsoleBeans.create(settings, consoleSettings(), database.dataSource(), clock)
                    .forEach(main::bind);
        }
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void afterConfigure(org.apache.camel.main.BaseMainSupport m) {
                // a customer.field.* expression that does not compile stops the start (exit 2)
                beans.customerMapping().compile(m.getCamelContext());
                beans.gateway().attach(m.getCamelContext());
            }

            @Override
            public void afterStart(org.apache.camel.main.BaseMainSupport m) {
                // service mode (Main.run): checks once the routes run; a failure ends the run
                bindMetrics(m.getCamelContext());
                if (observing()) {
                    LOG.info("Health at {}/observe/health, metrics at /observe/metrics",
                            com.wdtkingdee.sync.ops.ObserveAddress.describe(settings.observe()));
                }
                checkAtStart();
                if (startFailure != null && m instanceof Main service) {
                    service.completed();
                }
            }
        });
        if (scheduler) {
            main.bind("quartz", QuartzCluster.component(database.dataSource(), settings.quartzProperties()));
        }
    }

    /** The values the YAML routes read, taken from the validated settings (secrets are never handed to Camel). */
    Map<String, String> camelProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        Settings.Sync s = settings.sync();
        p.put("sync.scheme", s.scheme());
        p.put("sync.cron", s.cron());
        p.put("sync.batch-size", Integer.toString(s.batchSize()));
        p.put("sync.scheduler-enabled", Boolean.toString(scheduler));
        // the retry ladder's own schedule runs in the service only (--once replays due letters before its cycle)
        p.put("sync.ladder-enabled", Boolean.toString(scheduler && !s.deadLetterRetry().isEmpty()));
        p.put("sync.rescan.enabled", Boolean.toString(scheduler && s.rescanEnabled()));
        p.put("sync.rescan.cron", s.rescanEnabled() ? s.rescanCron() : "0 0 3 * * ?");
        p.put("sync.retry.max-redeliveries", Integer.toString(settings.retry().maxRedeliveries()));
        p.put("sync.retry.delay-ms", Long.toString(settings.retry().delayMs()));
        p.put("sync.retry.multiplier", Double.toString(settings.retry().multiplier()));
        p.put("sync.retry.max-delay-ms", Long.toString(settings.retry().maxDelayMs()));
        // the source URL in force (the sandbox and -D/--key=value override the file): routes/sync.camel.yaml picks
        // wdt.url (qimen) or wdt.openapi2-url (openapi2) by wdt.protocol
        p.put("wdt.protocol", settings.wdt().protocol());
        p.put("qimen".equals(settings.wdt().protocol()) ? "wdt.url" : "wdt.openapi2-url", settings.wdt().url());
        // the Kingdee endpoints append the service path to kingdee.url: a missing trailing slash is added
        String kingdeeUrl = settings.kingdee().url();
        p.put("kingdee.url", kingdeeUrl.endsWith("/") ? kingdeeUrl : kingdeeUrl + "/");
        p.put("kingdee.auth", settings.kingdee().auth().configName());
        // camel-http takes timeouts in milliseconds; kingdee.timeout is a duration (PT120S)
        long kt = settings.kingdee().timeout().toMillis();
        p.put("kingdee.timeout-ms", Long.toString(kt));
        p.put("kingdee.connect-timeout-ms", Long.toString(Math.min(kt, 10_000)));
        String timeout = Long.toString(settings.wdt().timeout().toMillis());
        p.put("camel.component.http.connect-timeout", timeout);
        p.put("camel.component.http.response-timeout", timeout);
        p.put("camel.component.http.so-timeout", timeout);
        p.put("console.routes-enabled", Boolean.toString(consoleServed()));
        // the service's watch of /observe/health (HEALTH_DOWN / HEALTH_UP / KINGDEE_LOGIN_FAILING alerts)
        p.put("observe.health-watch-interval-ms", Long.toString(settings.observe().healthWatchInterval().toMillis()));
        // command-line modes: the one-shot modes serve no management server (the service does, as configured)
        if (!observing()) {
            p.put("camel.management.enabled", "false");
        } else {
            p.put("observe.host", settings.observe().host());
            p.put("observe.port", Integer.toString(settings.observe().port()));
            p.put("observe.enabled", "true");
        }
        // the jar reads ./routes; a project folder other than the working directory (tests) points there
        if (!projectDir.equals(Path.of("").toAbsolutePath().normalize())) {
            p.put("camel.main.routes-include-pattern", "file:" + projectDir.resolve("routes") + "/*.camel.yaml");
        }
        p.putAll(extraCamelProperties);
        return p;
    }

    /**
     * The Kingdee start-up checks, once, through the routes (which must be running), retried for
     * {@code kingdee.startup-check-timeout}. A definite wrong value fails the start (exit 2). A Kingdee that stays
     * unreachable fails a one-shot run (exit 1); the service starts anyway: {@code /observe/health} is DOWN and the
     * checks run again before each cycle until they pass ({@link KingdeeReadiness}).
     */
    private synchronized void checkAtStart() {
        if (checked) {
            return;
        }
        checked = true;
        if (!startupChecks || !settings.kingdee().startupCheck()) {
            beans.readiness().off();
            return;
        }
        try {
            beans.readiness().atStart();
        } catch (StartupChecks.Failed e) {
            if (e.unreachable() && scheduler) {
                LOG.warn("Kingdee unreachable at start ({}): the service starts anyway, /observe/health reports DOWN"
                        + " and the start-up checks run again before each cycle until they pass", e.getMessage());
                return;
            }
            startFailure = e;
        } catch (RuntimeException e) {
            startFailure = e;
        }
    }

    /** A configuration error raised while Camel starts (e.g. a mapping expression) is reported as such. */
    private static Exception unwrapConfig(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.wdtkingdee.sync.config.ConfigException c) {
                return c;
            }
        }
        return e;
    }

    private synchronized void bindMetrics(CamelContext ctx) {
        if (metricsBound) {
            return;
        }
        io.micrometer.core.instrument.MeterRegistry registry =
                ctx.getRegistry().findSingleByType(io.micrometer.core.instrument.MeterRegistry.class);
        if (registry != null) {
            beans.metrics().bindTo(registry);
            metricsBound = true;
        }
    }

    /** Skips the Kingdee start-up checks (dry runs touch no Kingdee). */
    public SyncRuntime withoutStartupChecks() {
        this.startupChecks = false;
        return this;
    }

    /** Also serve health and metrics outside service mode (tests). */
    public SyncRuntime observeAlways() {
        this.observeAlways = true;
        return this;
    }

    /** Starts Camel without blocking (once mode and tests). */
    public SyncRuntime start() throws Exception {
        prepare();
        try {
            main.start();
        } catch (Exception e) {
            throw unwrapConfig(e);
        }
        checkAtStart();
        if (startFailure != null) {
            throw startFailure;
        }
        bindMetrics(context());
        return this;
    }

    /** Runs one cycle from the checkpoint to now − lag and returns its outcome. */
    public CycleOutcome runCycle() {
        return runCycle(CycleMode.ONCE);
    }

    /** Runs one cycle of the given mode (once, rescan or dry run) and returns its outcome. */
    public CycleOutcome runCycle(CycleMode mode) {
        return runCycle(mode, Map.of());
    }

    /**
     * {@code --reconcile}: reads [from, to] through the normal filter, rule and mapping steps, then compares the
     * expected customers with Kingdee; with {@code repair} writes the missing ones.
     */
    public Reconciler.Report reconcile(java.time.Instant from, java.time.Instant to, boolean repair) {
        Reconciler reconciler = (Reconciler) beans.beans().get("reconciler");
        reconciler.reset();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(SyncCycle.PERIOD_FROM_HEADER, from);
        headers.put(SyncCycle.PERIOD_TO_HEADER, to);
        CycleOutcome outcome = runCycle(CycleMode.RECONCILE, headers);
        if (outcome.status() != CycleOutcome.Status.SYNCED && outcome.status() != CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS) {
            throw new IllegalStateException("reconciliation could not read the period: " + outcome.status()
                    + (outcome.error() == null ? "" : ": " + outcome.error()));
        }
        return reconciler.report(repair);
    }

    private CycleOutcome runCycle(CycleMode mode, Map<String, Object> extraHeaders) {
        ProducerTemplate template = context().createProducerTemplate();
        CycleOutcome outcome;
        try {
            Map<String, Object> headers = new LinkedHashMap<>(extraHeaders);
            headers.put(CycleMode.PROPERTY, mode);
            org.apache.camel.Exchange done = template.send("direct:sync-cycle", e -> {
                e.getMessage().setHeaders(headers);
            });
            outcome = done.getProperty(CycleOutcome.PROPERTY, CycleOutcome.class);
            if (outcome == null && done.getException() != null) {
                throw org.apache.camel.RuntimeCamelException.wrapRuntimeCamelException(done.getException());
            }
        } finally {
            try {
                template.stop();
            } catch (Exception ignored) {
                // nothing to release
            }
        }
        if (outcome == null) {
            throw new IllegalStateException("the sync-cycle route finished without an outcome (check routes/sync.camel.yaml)");
        }
        return outcome;
    }

    /** {@code --replay}: re-processes the open dead letters selected by id and/or reason text. */
    public DeadLetterReplayer.ReplayReport replay(Long id, String reasonContains) {
        ProducerTemplate template = context().createProducerTemplate();
        try {
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put(DeadLetterReplayer.ID_HEADER, id);
            headers.put(DeadLetterReplayer.REASON_HEADER, reasonContains);
            return template.requestBodyAndHeaders("direct:replay", null, headers, DeadLetterReplayer.ReplayReport.class);
        } finally {
            try {
                template.stop();
            } catch (Exception ignored) {
                // nothing to release
            }
        }
    }

    /**
     * The retry ladder's due letters ({@code sync.dead-letter.retry}): replays the parked transient letters whose
     * next step is due; {@code --once} does this before its cycle. Null when the ladder is off.
     */
    public DeadLetterReplayer.ReplayReport replayDue() {
        if (settings.sync().deadLetterRetry().isEmpty()) {
            return null;
        }
        ProducerTemplate template = context().createProducerTemplate();
        try {
            return template.requestBodyAndHeader("direct:replay", null, DeadLetterReplayer.DUE_HEADER, true,
                    DeadLetterReplayer.ReplayReport.class);
        } finally {
            try {
                template.stop();
            } catch (Exception ignored) {
                // nothing to release
            }
        }
    }

    /** Service mode: runs until SIGTERM/Ctrl-C, then shuts down gracefully. */
    public void runService() throws Exception {
        prepare();
        try {
            main.run();
        } catch (Exception e) {
            throw unwrapConfig(e);
        } finally {
            close();
        }
        if (startFailure != null) {
            throw startFailure;
        }
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public SyncBeans beans() {
        return beans;
    }

    public Database database() {
        return database;
    }

    private void shutdownOnSignal() {
        LOG.info("Shutdown requested: stopping the routes gracefully, then the state database");
        try {
            if (main != null) {
                main.stop();
            }
        } catch (Exception e) {
            LOG.warn("Camel did not stop cleanly: {}", e.getMessage());
        } finally {
            closeDatabase();
        }
    }

    @Override
    public void close() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or about to: it does the same
            }
            shutdownHook = null;
        }
        if (main != null) {
            try {
                main.stop();
            } catch (Exception e) {
                LOG.warn("Camel did not stop cleanly: {}", e.getMessage());
            }
        }
        closeDatabase();
    }

    private synchronized void closeDatabase() {
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
