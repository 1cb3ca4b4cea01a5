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
 * @param fresh         with --sandbox: empty the sandbox's state database first (default: keep it between runs)
 * @param properties    settings given on the command line after the jar, as {@code -Dkey=value} or
 *                      {@code --key=value} (a key holds a dot); they count as {@code -D} options
 */
public record Cli(boolean once, boolean sandbox, String faults, boolean replay, Long replayId, String replayReason,
                  boolean dryRun, String output, String reconcileFrom, String reconcileTo, boolean repair,
                  boolean help, boolean fresh, java.util.Map<String, String> properties) {

    /** The synopsis, shown after a usage error. */
    public static final String SYNOPSIS = """
            Usage: java -jar target/wdt-kingdee-sync.jar [--once | --dry-run [--output FILE]
                                                        | --replay [--id N] [--reason TEXT]
                                                        | --reconcile FROM TO [--repair]]
                                                       [--sandbox [--fresh] [--faults PROFILE]] [-Dkey=value ...] [--help]
            """;

    /** True for the commands that run once and exit (everything but the service). */
    public boolean oneShot() {
        return once || replay || dryRun || reconcileFrom != null;
    }

    public static final String USAGE = SYNOPSIS + """
              (no option)    service: sync on the Quartz schedule sync.cron until stopped (SIGTERM = graceful)
              --once         one cycle from the checkpoint to now - sync.lag, then exit
              --replay       re-process the open dead letters (all, one --id, or those whose reason contains
                             --reason TEXT) and resolve those that succeed, then exit
              --dry-run      one cycle that reads, filters and maps as usual and prints (or writes to
                             --output FILE) one JSON line per customer BatchSave would receive, each customer
                             once; logs go to stderr; nothing is written to Kingdee and the checkpoint does not
                             move; exits with the code the real run would have
              --reconcile FROM TO
                             re-read that period from 旺店通 (dates as 'yyyy-MM-dd' or 'yyyy-MM-dd HH:mm:ss'),
                             look the expected customers up in Kingdee and print a report: expected,
                             present, missing, field mismatches; exit 5 when any is missing
              --repair       with --reconcile: write the missing customers through the normal path
              --sandbox      start the built-in 旺店通 and 金蝶 simulators on loopback with demo orders and sync
                             against them (state in ./data/sandbox-pg, kept between runs, unless db.url is set)
              --fresh        with --sandbox: empty the sandbox state first
              --faults NAME  with --sandbox: inject faults into the simulators (none, chaos)
              -Dkey=value, --key=value
                             a setting, like -D before -jar (e.g. -Dcustomer.org-rule.BZ=002,003,004,0071,0099)
              --help         this text
            Exit codes: 0 all synced (or all replayed, or nothing missing), 3 parked orders remain (dead letters),
            1 a window failed (the checkpoint is not advanced past it; --once: also Kingdee unreachable at start),
            2 bad configuration, usage or a wrong value found by the start-up check, 4 skipped (another process is
            running this scheme), 5 reconciliation found missing customers, 6 cannot reach the state database or
            旺店通 (Kingdee: --replay, --reconcile), 130 stopped by Ctrl-C (SIGINT), 143 stopped by SIGTERM.
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
        boolean fresh = false;
        java.util.Map<String, String> properties = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("-D") && a.length() > 2) {
                property(a.substring(2), a, properties);
                continue;
            }
            if (a.startsWith("--") && a.contains("=")) {
                String name = a.substring(0, a.indexOf('='));
                String value = a.substring(a.indexOf('=') + 1);
                switch (name) {
                    case "--output" -> output = value;
                    case "--faults" -> faults = value;
                    case "--reason" -> reason = value;
                    case "--id" -> id = id(value);
                    default -> {
                        if (!name.substring(2).contains(".")) {
                            throw unknown(name);
                        }
                        property(a.substring(2), a, properties);
                    }
                }
                continue;
            }
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
                case "--id" -> id = id(value(args, ++i, a));
                case "--fresh" -> fresh = true;
                default -> throw unknown(a);
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
        if (fresh && !sandbox) {
            throw new IllegalArgumentException("--fresh goes with --sandbox");
        }
        return new Cli(once, sandbox, faults, replay, id, reason, dryRun, output, from, to, repair, help, fresh,
                java.util.Collections.unmodifiableMap(properties));
    }

    /** Every option the command line knows, for the "did you mean" of an unknown one. */
    static final java.util.List<String> OPTIONS = java.util.List.of("--once", "--sandbox", "--replay", "--help",
            "--faults", "--dry-run", "--repair", "--output", "--reconcile", "--reason", "--id", "--fresh");

    private static IllegalArgumentException unknown(String option) {
        String closest = closest(option);
        return new IllegalArgumentException("unknown option '" + option + "'"
                + (closest == null ? "" : " (did you mean " + closest + "?)"));
    }

    /** The known option nearest to {@code typed} (edit distance at most 2, or 3 for long words), or null. */
    static String closest(String typed) {
        String t = typed.startsWith("--") ? typed : "--" + typed.replaceFirst("^-+", "");
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String option : OPTIONS) {
            int d = distance(t.toLowerCase(java.util.Locale.ROOT), option);
            if (d < bestDistance) {
                best = option;
                bestDistance = d;
            }
        }
        int allowed = t.length() > 8 ? 3 : 2;
        return bestDistance <= allowed ? best : null;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }

    private static void property(String keyValue, String arg, java.util.Map<String, String> properties) {
        int eq = keyValue.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("'" + arg + "' needs the form -Dkey=value");
        }
        properties.put(keyValue.substring(0, eq).trim(), keyValue.substring(eq + 1).trim());
    }

    private static Long id(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--id expects a dead-letter id (a number), got '" + v + "'");
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
