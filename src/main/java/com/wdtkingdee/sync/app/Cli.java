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
 * @param help          print usage
 */
public record Cli(boolean once, boolean sandbox, String faults, boolean replay, Long replayId, String replayReason,
                  boolean help) {

    public static final String USAGE = """
            Usage: java -jar target/wdt-kingdee-sync.jar [--once | --replay [--id N] [--reason TEXT]]
                                                       [--sandbox [--faults PROFILE]] [--help]
              (no option)    service: sync on the Quartz schedule sync.cron until stopped (SIGTERM = graceful)
              --once         one cycle from the checkpoint to now - sync.lag, then exit
              --replay       re-process the open dead letters (all, one --id, or those whose reason contains
                             --reason TEXT) and resolve those that succeed, then exit
              --sandbox      start the built-in 旺店通 and 金蝶 simulators on loopback with demo orders and sync
                             against them (state in ./data/sandbox-pg unless db.url is set)
              --faults NAME  with --sandbox: inject faults into the simulators (none, chaos)
              --help         this text
            Exit codes: 0 all synced (or all replayed), 3 dead letters remain open, 1 failed (the checkpoint
            is not advanced past the failure), 2 bad configuration or usage, 4 skipped (another process is
            running this scheme).
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
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--once" -> once = true;
                case "--sandbox" -> sandbox = true;
                case "--replay" -> replay = true;
                case "--help", "-h" -> help = true;
                case "--faults" -> faults = value(args, ++i, a);
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
        if (once && replay) {
            throw new IllegalArgumentException("--once and --replay are separate runs: choose one");
        }
        if ((id != null || reason != null) && !replay) {
            throw new IllegalArgumentException("--id and --reason go with --replay");
        }
        if (faults != null && !sandbox) {
            throw new IllegalArgumentException("--faults goes with --sandbox");
        }
        return new Cli(once, sandbox, faults, replay, id, reason, help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
