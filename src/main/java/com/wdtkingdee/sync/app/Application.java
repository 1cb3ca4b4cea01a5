package com.wdtkingdee.sync.app;

import com.wdtkingdee.sync.config.ConfigException;
import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.flow.CycleMode;
import com.wdtkingdee.sync.flow.CycleOutcome;
import com.wdtkingdee.sync.flow.DeadLetterReplayer;
import com.wdtkingdee.sync.flow.DryRunSink;
import com.wdtkingdee.sync.flow.Reconciler;
import com.wdtkingdee.sync.state.Database;
import com.wdtkingdee.sync.state.RunRow;
import com.wdtkingdee.sync.state.StateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/** Entry point of the jar: parses the command line, validates the configuration and runs the scheme. */
public final class Application {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_MISSING = 5;
    /** The state database, Kingdee or 旺店通 cannot be reached (not 1: no window was tried). */
    public static final int EXIT_UNREACHABLE = 6;
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    public static void main(String[] args) {
        System.exit(run(Path.of("").toAbsolutePath(), System.out, System.err, args));
    }

    /** A period bound: {@code yyyy-MM-dd HH:mm:ss}, or a date ({@code yyyy-MM-dd}: its start, or its end for TO). */
    static java.time.Instant period(String text, Settings settings, boolean end) {
        try {
            java.time.LocalDateTime t = text.length() == 10
                    ? (end ? java.time.LocalDate.parse(text).atTime(23, 59, 59) : java.time.LocalDate.parse(text).atStartOfDay())
                    : java.time.LocalDateTime.parse(text, Settings.ERP_TIME);
            return t.atZone(settings.sync().zone()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConfigException("--reconcile", "expected yyyy-MM-dd or 'yyyy-MM-dd HH:mm:ss', got '" + text + "'");
        }
    }

    static void printReport(Reconciler.Report r, boolean repair, PrintStream out) {
        out.println("==== Reconciliation ====");
        out.println("expected customers : " + r.expected());
        out.println("present in Kingdee : " + r.present());
        out.println("missing            : " + r.missing().size());
        r.missing().stream().limit(50).forEach(d -> out.println("   " + d.number() + "  " + d.useOrg() + "  " + d.name()
                + "  (stockout " + d.stockoutNo() + ")"));
        if (r.missing().size() > 50) {
            out.println("   … " + (r.missing().size() - 50) + " more");
        }
        out.println("field mismatches   : " + r.mismatches().size());
        r.mismatches().stream().limit(50).forEach(m -> out.println("   " + m.number() + "  " + m.field() + ": expected '"
                + m.expected() + "', Kingdee has '" + m.actual() + "'"));
        if (repair) {
            out.println("repaired           : " + r.repaired());
        }
        out.println("========================");
    }

    static int run(Path projectDir, PrintStream out, PrintStream err, String... args) {
        Cli cli;
        try {
            cli = Cli.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("wdt-kingdee-sync: " + e.getMessage());
            err.print(Cli.SYNOPSIS);
            err.println("(--help lists every option and the exit codes)");
            return EXIT_USAGE;
        }
        if (cli.help()) {
            out.print(Cli.USAGE);
            return EXIT_OK;
        }
        // --dry-run without --output: standard output carries only the JSON lines; everything else goes to stderr
        boolean jsonOnStdout = cli.dryRun() && cli.output() == null;
        PrintStream info = jsonOnStdout ? err : out;
        try (LogTarget logs = jsonOnStdout ? LogTarget.standardError() : null) {
            return run(projectDir, cli, out, info, err);
        }
    }

    private static int run(Path projectDir, Cli cli, PrintStream out, PrintStream info, PrintStream err) {
        Clock clock = Clock.systemUTC();
        SandboxLauncher sandbox = null;
        Settings settings = null;
        try {
            ConfigSource config = ConfigSource.load(projectDir.resolve("application.properties"), cli.properties());
            if (config.get("db.url").isEmpty()) {
                // the embedded database cannot run here (e.g. arm64): one line and exit 2, before the sandbox starts
                // or anything is created on disk
                java.util.Optional<String> refusal = com.wdtkingdee.sync.state.EmbeddedPlatform.current().refusal();
                if (refusal.isPresent()) {
                    throw new ConfigException("db.url", refusal.get());
                }
            }
            if (cli.sandbox()) {
                if (cli.faults() != null) {
                    config.override("sandbox.faults", cli.faults());
                }
                sandbox = SandboxLauncher.start(config, clock, info);
            }
            // every setting is validated before anything is created on disk or any state is reset
            settings = Settings.from(config);
            LogZone.apply(settings.sync().zone()); // every line in one zone, Quartz's fire times included
            if (sandbox != null) {
                sandbox.prepareState(config, cli.fresh(), info);
            }
            probe(cli, settings);
            if (cli.replay()) {
                try (SyncRuntime runtime = new SyncRuntime(settings, projectDir, false, clock)) {
                    runtime.start();
                    DeadLetterReplayer.ReplayReport r = runtime.replay(cli.replayId(), cli.replayReason());
                    int code = r.skipped() ? CycleOutcome.Status.SKIPPED.exitCode()
                            : r.stillOpen() > 0 ? CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS.exitCode() : EXIT_OK;
                    out.println("Replay: " + r.selected() + " parked item(s) selected, " + r.resolved() + " resolved, "
                            + r.stillOpen() + " still parked" + (r.skipped() ? " (skipped: scheme locked by another process)" : "")
                            + " → exit " + code);
                    if (sandbox != null) {
                        sandbox.printReplaySummary(runtime, settings, r, out);
                    }
                    return code;
                }
            }
            if (cli.reconcileFrom() != null) {
                java.time.Instant from = period(cli.reconcileFrom(), settings, false);
                java.time.Instant to = period(cli.reconcileTo(), settings, true);
                if (to.isBefore(from)) {
                    throw new ConfigException("--reconcile", "the period ends before it starts");
                }
                try (SyncRuntime runtime = new SyncRuntime(settings, projectDir, false, clock)) {
                    runtime.start();
                    Reconciler.Report r = runtime.reconcile(from, to, cli.repair());
                    printReport(r, cli.repair(), out);
                    boolean missing = !r.missing().isEmpty() && r.repaired() < r.missing().size();
                    return missing ? EXIT_MISSING : EXIT_OK;
                }
            }
            if (cli.dryRun()) {
                return dryRun(projectDir, cli, settings, clock, out, info);
            }
            if (cli.once()) {
                try (SyncRuntime runtime = new SyncRuntime(settings, projectDir, false, clock)) {
                    runtime.start();
                    runtime.replayDue();   // the retry ladder's due letters first (sync.dead-letter.retry)
                    CycleOutcome outcome = runtime.runCycle();
                    if (sandbox != null) {
                        sandbox.printSummary(runtime, settings, outcome, out);
                    }
                    out.println("Result: " + outcome.status() + " (" + outcome.windows() + " window(s), "
                            + outcome.openDeadLetters() + " parked) → exit " + outcome.status().exitCode()
                            + (outcome.error() == null ? "" : ": " + outcome.error()));
                    return outcome.status().exitCode();
                }
            }
            new SyncRuntime(settings, projectDir, true, clock).runService();
            return EXIT_OK;
        } catch (ConfigException e) {
            for (ConfigException problem : e.problems()) {
                err.println("wdt-kingdee-sync: configuration error: " + problem.getMessage());
            }
            if (e.problems().size() > 1) {
                err.println("wdt-kingdee-sync: " + e.problems().size() + " settings to fix (application.properties,"
                        + " environment variables or -Dkey=value)");
            }
            if (!cli.sandbox() && e.problems().stream().anyMatch(p -> p.getMessage().contains(": is required"))) {
                err.println("wdt-kingdee-sync: to try it first, --sandbox runs without any configuration"
                        + " (built-in 旺店通 and 金蝶 simulators): java -jar target/wdt-kingdee-sync.jar --sandbox --once");
            }
            return EXIT_USAGE;
        } catch (Unreachable e) {
            err.println("wdt-kingdee-sync: " + e.getMessage());
            return EXIT_UNREACHABLE;
        } catch (StartupChecks.Failed e) {
            java.util.Optional<String> network = Unreachable.cause(e);
            if ((e.unreachable() || network.isPresent()) && settings != null && cli.once()) {
                // an outage, not a configuration error: nothing synced, the checkpoint stays, the next run tries again
                err.println("wdt-kingdee-sync: Kingdee unreachable: " + e.getMessage()
                        + "; nothing was synced, the checkpoint stays");
                return EXIT_FAILED;
            }
            if (e.unreachable() && settings != null) {
                err.println("wdt-kingdee-sync: cannot reach Kingdee: " + e.getMessage());
                return EXIT_UNREACHABLE;
            }
            if (network.isPresent() && settings != null) {
                err.println("wdt-kingdee-sync: cannot reach Kingdee at " + settings.kingdee().url() + ": " + network.get());
                return EXIT_UNREACHABLE;
            }
            err.println("wdt-kingdee-sync: start-up check failed: " + e.getMessage());
            return EXIT_USAGE;
        } catch (StateException e) {
            java.util.Optional<String> network = Unreachable.cause(e);
            if (network.isPresent() && settings != null && !settings.db().embedded()) {
                err.println("wdt-kingdee-sync: cannot reach the state database at "
                        + Database.maskUrl(settings.db().url()) + ": " + network.get());
                return EXIT_UNREACHABLE;
            }
            err.println("wdt-kingdee-sync: database error: " + e.getMessage());
            return EXIT_FAILED;
        } catch (Exception e) {
            java.util.Optional<RouteLoadFailure> routes = RouteLoadFailure.of(e, projectDir);
            if (routes.isPresent()) {
                // a route file that cannot be built: one line naming it and the cause, the stack trace at DEBUG
                LOG.debug("The routes could not be built", e);
                err.println("wdt-kingdee-sync: " + routes.get().line());
                return EXIT_USAGE;
            }
            LOG.error("wdt-kingdee-sync stopped: {}", e.toString(), e);
            err.println("wdt-kingdee-sync: " + e);
            return EXIT_FAILED;
        } finally {
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }

    /**
     * Before any state is opened: the systems this command talks to answer on their port, so an outage stops the
     * start with {@link #EXIT_UNREACHABLE} and the URL instead of a failed window. Kingdee is not probed for
     * {@code --once} and the service (their start-up checks retry it, see {@link KingdeeReadiness}).
     */
    private static void probe(Cli cli, Settings settings) {
        boolean readsSource = !cli.replay();
        // --once and the service reach Kingdee through the start-up checks, which retry a Kingdee that does not
        // answer for kingdee.startup-check-timeout (--once then exits 1; the service starts anyway)
        boolean writesTarget = !cli.dryRun() && !cli.once() && cli.oneShot();
        if (readsSource && cli.oneShot()) {
            Unreachable.probe("旺店通", settings.wdt().url(), Unreachable.PROBE_TIMEOUT);
        }
        if (writesTarget) {
            Unreachable.probe("Kingdee", settings.kingdee().url(), Unreachable.PROBE_TIMEOUT);
        }
    }

    /** {@code --dry-run}: JSON lines to {@code out} or the file, everything else to {@code info}. */
    private static int dryRun(Path projectDir, Cli cli, Settings settings, Clock clock, PrintStream out,
                              PrintStream info) throws Exception {
        PrintStream lines = cli.output() == null ? out
                : new PrintStream(java.nio.file.Files.newOutputStream(projectDir.resolve(cli.output())),
                true, java.nio.charset.StandardCharsets.UTF_8);
        try (SyncRuntime runtime = new SyncRuntime(settings, projectDir, false, clock)
                .dryRunOutput(lines).withoutStartupChecks()) {
            runtime.start();
            CycleOutcome outcome = runtime.runCycle(CycleMode.DRY_RUN);
            int wouldWrite = ((DryRunSink) runtime.beans().beans().get("dryRunSink")).wouldWrite();
            RunRow cycle = runtime.beans().runLog().lastCycle(settings.sync().scheme()).orElse(null);
            int wouldPark = cycle == null ? 0 : cycle.deadLettered();
            int code = switch (outcome.status()) {
                case FAILED, SKIPPED -> outcome.status().exitCode();
                default -> wouldPark > 0 || outcome.openDeadLetters() > 0
                        ? CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS.exitCode() : EXIT_OK;
            };
            // the order buckets add up to read, as in a real run (would write = the orders carrying a new customer)
            info.println("Dry run: " + (cycle == null ? 0 : cycle.orders()) + " read = "
                    + (cycle == null ? 0 : cycle.filtered()) + " filtered + " + wouldPark + " would park + "
                    + (cycle == null ? 0 : cycle.saved()) + " would write + "
                    + (cycle == null ? 0 : cycle.alreadyWritten()) + " already written + "
                    + (cycle == null ? 0 : cycle.repeated()) + " repeated; would write " + wouldWrite
                    + " customer(s), would park " + wouldPark + " (" + outcome.windows() + " window(s)"
                    + (outcome.openDeadLetters() > 0 ? "; " + outcome.openDeadLetters() + " already parked" : "")
                    + "); nothing was written to Kingdee and the checkpoint did not move"
                    + (cli.output() == null ? "" : "; customers in " + cli.output())
                    + (outcome.error() == null ? "" : ": " + outcome.error()) + " → exit " + code);
            return code;
        } finally {
            if (lines != out) {
                lines.close();
            }
        }
    }
}
