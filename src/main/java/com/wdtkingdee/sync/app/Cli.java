package com.wdtkingdee.sync.app;

/**
 * Command-line options (design section 6).
 *
 * @param once          run one cycle and exit with its outcome's code
 * @param sandbox       start the built-in simulators and point the source and target at them
 * @param faults        with --sandbox: the fault profile of the simulators (null = sandbox.faults)
 * @param replay        re-process open dead letters and exit
 * @param replayId      with --replay: only this dead letter
 * @param replayReason  with --replay: only dead letters whose reason contains this text
 * @param dryRun        read, filter and map as usual; print what would be sent; write nothing
 * @param output        with --dry-run: the JSON-lines file (default: standard output)
 * @param reconcileFrom with --reconcile: period start ({@code yyyy-MM-dd HH:mm:ss} or {@code yyyy-MM-dd})
 * @param reconcileTo   with --reconcile: period end
 * @param repair        with --reconcile: write the missing customers through the normal path
 * @param help          print usage
 */
public record Cli(boolean once, boolean sandbox, String faults, boolean replay, Long replayId, String replayReason,
                  boolean dryRun, String output, String reconcileFrom, String reconcileTo, boolean repair,
                  boolean help) {

    /** True for the commands that run once and exit (everything but the service). */
    public boolean oneShot() {
        return once || replay || dryRun || reconcileFrom != null;
    }

    public static final String USAGE = """
            Usage: java -jar target/wdt-kingdee-sync.jar [--once | --dry-run [--output FILE]
                                                        | --replay [--id N] [--reason TEXT]
                                                        | --reconcile FROM TO [--repair]]
                                                       [--sandbox [--faults PROFILE]] [--help]
              (no option)    service: sync on the Quartz schedule sync.cron until stopped (SIGTERM = graceful)
              --once         one cycle from the checkpoint to now - sync.lag, then exit
              --replay       re-process the open dead letters (all, one --id, or those whose reason contains
                             --reason TEXT) and resolve those that succeed, then exit
              --dry-run      one cycle that reads, filters and maps as usual and prints (or writes to
                             --output FILE) one JSON line per customer BatchSave would receive; nothing is
                             written to Kingdee and the checkpoint does not move
              --reconcile FROM TO
                             re-read that period from 旺店通 (dates as 'yyyy-MM-dd' or 'yyyy-MM-dd HH:mm:ss'),
                             look the expected customers up in Kingdee and print a report: expected,
                             present, missing, field mismatches; exit 5 when any is missing
              --repair       with --reconcile: write the missing customers through the normal path
              --sandbox      start the built-in 旺店通 and 金蝶 simulators on loopback with demo orders and sync
                             against them (state in ./data/sandbox-pg unless db.url is set)
              --faults NAME  with --sandbox: inject faults into the simulators (none, chaos)
              --help         this text
            Exit codes: 0 all synced (or all replayed, or nothing missing), 3 dead letters remain open, 1 failed
            (the checkpoint is not advanced past the failure), 2 bad configuration or usage, 4 skipped (another
            process is running this scheme), 5 reconciliation found missing customers.
            Run it from the project folder: it reads ./application.properties and ./routes/*.camel.yaml.
            """;

    public static Cli parse(String... args) {
        boolean once = false;
        boolean sandbox = false;
        boolean replay = false;
        boolean help = false;
        String faults = null;
        Long id = null;
        String reason = null;
        boolean dryRun = false;
        boolean repair = false;
        String output = null;
        String from = null;
        String to = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--once" -> once = true;
                case "--sandbox" -> sandbox = true;
                case "--replay" -> replay = true;
                case "--help", "-h" -> help = true;
                case "--faults" -> faults = value(args, ++i, a);
                case "--dry-run" -> dryRun = true;
                case "--repair" -> repair = true;
                case "--output" -> output = value(args, ++i, a);
                case "--reconcile" -> {
                    from = value(args, ++i, a);
                    to = value(args, ++i, a);
                }
                case "--reason" -> reason = value(args, ++i, a);
                case "--id" -> {
                    String v = value(args, ++i, a);
                    try {
                        id = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--id expects a dead-letter id (a number), got '" + v + "'");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        int commands = (once ? 1 : 0) + (replay ? 1 : 0) + (dryRun ? 1 : 0) + (from != null ? 1 : 0);
        if (commands > 1) {
            throw new IllegalArgumentException("--once, --dry-run, --replay and --reconcile are separate runs: choose one");
        }
        if (output != null && !dryRun) {
            throw new IllegalArgumentException("--output goes with --dry-run");
        }
        if (repair && from == null) {
            throw new IllegalArgumentException("--repair goes with --reconcile FROM TO");
        }
        if ((id != null || reason != null) && !replay) {
            throw new IllegalArgumentException("--id and --reason go with --replay");
        }
        if (faults != null && !sandbox) {
            throw new IllegalArgumentException("--faults goes with --sandbox");
        }
        return new Cli(once, sandbox, faults, replay, id, reason, dryRun, output, from, to, repair, help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
