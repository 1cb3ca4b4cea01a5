package com.wdtkingdee.sync.app;

import com.wdtkingdee.sync.config.ConfigException;
import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.flow.CycleMode;
import com.wdtkingdee.sync.flow.CycleOutcome;
import com.wdtkingdee.sync.flow.DeadLetterReplayer;
import com.wdtkingdee.sync.flow.Reconciler;
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
            err.print(Cli.USAGE);
            return EXIT_USAGE;
        }
        if (cli.help()) {
            out.print(Cli.USAGE);
            return EXIT_OK;
        }
        Clock clock = Clock.systemUTC();
        SandboxLauncher sandbox = null;
        try {
            ConfigSource config = ConfigSource.load(projectDir.resolve("application.properties"));
            if (cli.sandbox()) {
                if (cli.faults() != null) {
                    config.override("sandbox.faults", cli.faults());
                }
                sandbox = SandboxLauncher.start(config, clock, out);
            }
            Settings settings = Settings.from(config);
            if (cli.replay()) {
                try (SyncRuntime runtime = new SyncRuntime(settings, projectDir, false, clock)) {
                    runtime.start();
                    DeadLetterReplayer.ReplayReport r = runtime.replay(cli.replayId(), cli.replayReason());
                    out.println("Replay: " + r.selected() + " dead letter(s) selected, " + r.resolved() + " resolved, "
                            + r.stillOpen() + " still open" + (r.skipped() ? " (skipped: scheme locked by another process)" : ""));
                    return r.skipped() ? CycleOutcome.Status.SKIPPED.exitCode()
                            : r.stillOpen() > 0 ? CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS.exitCode() : EXIT_OK;
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
                java.io.PrintStream lines = cli.output() == null ? out
                        : new java.io.PrintStream(java.nio.file.Files.newOutputStream(projectDir.resolve(cli.output())),
                        true, java.nio.charset.StandardCharsets.UTF_8);
                try (SyncRuntime runtime = new SyncRuntime(settings, projectDir, false, clock)
                        .dryRunOutput(lines).withoutStartupChecks()) {
                    runtime.start();
                    CycleOutcome outcome = runtime.runCycle(CycleMode.DRY_RUN);
                    out.println("Dry run: " + outcome.status() + " (" + outcome.windows() + " window(s)); nothing was"
                            + " written to Kingdee and the checkpoint did not move"
                            + (cli.output() == null ? "" : "; customers in " + cli.output())
                            + (outcome.error() == null ? "" : ": " + outcome.error()));
                    return outcome.status() == CycleOutcome.Status.FAILED ? EXIT_FAILED
                            : outcome.status() == CycleOutcome.Status.SKIPPED ? outcome.status().exitCode() : EXIT_OK;
                } finally {
                    if (lines != out) {
                        lines.close();
                    }
                }
            }
            if (cli.once()) {
                try (SyncRuntime runtime = new SyncRuntime(settings, projectDir, false, clock)) {
                    runtime.start();
                    CycleOutcome outcome = runtime.runCycle();
                    if (sandbox != null) {
                        sandbox.printSummary(runtime, settings.sync().scheme(), outcome, out);
                    }
                    out.println("Result: " + outcome.status() + " (" + outcome.windows() + " window(s), "
                            + outcome.openDeadLetters() + " open dead letter(s))"
                            + (outcome.error() == null ? "" : ": " + outcome.error()));
                    return outcome.status().exitCode();
                }
            }
            new SyncRuntime(settings, projectDir, true, clock).runService();
            return EXIT_OK;
        } catch (ConfigException e) {
            err.println("wdt-kingdee-sync: configuration error: " + e.getMessage());
            return EXIT_USAGE;
        } catch (StartupChecks.Failed e) {
            err.println("wdt-kingdee-sync: start-up check failed: " + e.getMessage());
            return EXIT_USAGE;
        } catch (StateException e) {
            err.println("wdt-kingdee-sync: database error: " + e.getMessage());
            return EXIT_FAILED;
        } catch (Exception e) {
            LOG.error("wdt-kingdee-sync stopped: {}", e.toString(), e);
            err.println("wdt-kingdee-sync: " + e);
            return EXIT_FAILED;
        } finally {
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }
}
