package com.wdtkingdee.sync.app;

import java.util.List;

/**
 * Command-line options (design section 6).
 *
 * @param once    run one cycle and exit with its outcome's code
 * @param sandbox start the built-in simulators and point the source and target at them
 * @param help    print usage
 */
public record Cli(boolean once, boolean sandbox, boolean help) {

    public static final String USAGE = """
            Usage: java -jar target/wdt-kingdee-sync.jar [--once] [--sandbox] [--help]
              (no option)  service: sync on the Quartz schedule sync.cron until stopped (SIGTERM = graceful)
              --once       one cycle from the checkpoint to now - sync.lag, then exit
                           exit codes: 0 all synced, 3 synced with open dead letters, 1 failed
                           (checkpoint not advanced past the failure), 2 bad configuration or usage,
                           4 skipped (another process is running this scheme)
              --sandbox    start the built-in 旺店通 and 金蝶 simulators on loopback with demo orders and sync
                           against them (state in ./data/sandbox-pg unless db.url is set); combine with --once
              --help       this text
            Run it from the project folder: it reads ./application.properties and ./routes/*.camel.yaml.
            """;

    public static Cli parse(String... args) {
        boolean once = false;
        boolean sandbox = false;
        boolean help = false;
        for (String a : args) {
            switch (a) {
                case "--once" -> once = true;
                case "--sandbox" -> sandbox = true;
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        return new Cli(once, sandbox, help);
    }

    public List<String> describe() {
        return List.of(once ? "once" : "service", sandbox ? "sandbox" : "live");
    }
}
