package com.wdtkingdee.sync.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CliTest {

    @Test
    void parsesEveryOption() {
        Cli c = Cli.parse("--replay", "--id", "42", "--reason", "no organisation rule");
        assertThat(c.replay()).isTrue();
        assertThat(c.replayId()).isEqualTo(42L);
        assertThat(c.replayReason()).isEqualTo("no organisation rule");
        Cli s = Cli.parse("--sandbox", "--faults", "chaos", "--once");
        assertThat(s.sandbox()).isTrue();
        assertThat(s.once()).isTrue();
        assertThat(s.faults()).isEqualTo("chaos");
        assertThat(Cli.parse().once()).isFalse();
        Cli r = Cli.parse("--reconcile", "2026-11-01", "2026-11-02 12:00:00", "--repair");
        assertThat(r.reconcileFrom()).isEqualTo("2026-11-01");
        assertThat(r.reconcileTo()).isEqualTo("2026-11-02 12:00:00");
        assertThat(r.repair()).isTrue();
        assertThat(r.oneShot()).isTrue();
        Cli d = Cli.parse("--dry-run", "--output", "would-send.jsonl");
        assertThat(d.dryRun()).isTrue();
        assertThat(d.output()).isEqualTo("would-send.jsonl");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--bogus|unknown option '--bogus'",
            "--onse|unknown option '--onse' (did you mean --once?)",
            "--sandbx|(did you mean --sandbox?)",
            "--dryrun|(did you mean --dry-run?)",
            "--reconsile 2026-11-01 2026-11-02|(did you mean --reconcile?)",
            "-once|(did you mean --once?)",
            "--once --replay|choose one",
            "--dry-run --once|choose one",
            "--output x.jsonl|--output goes with --dry-run",
            "--repair|--repair goes with --reconcile",
            "--reconcile 2026-11-01|--reconcile needs a value",
            "--id 3|--id and --reason go with --replay",
            "--replay --id x|--id expects a dead-letter id",
            "--replay --reason|--reason needs a value",
            "--faults chaos|--faults goes with --sandbox",
            "--fresh|--fresh goes with --sandbox",
            "--bogus=1|unknown option '--bogus'",
            "-Dno-value|needs the form -Dkey=value"})
    void rejectsBadCommandLines(String args, String message) {
        if (message.startsWith("unknown option '--bogus'")) {
            assertThatThrownBy(() -> Cli.parse(args.split(" "))).hasMessageNotContaining("did you mean");
        }
        assertThatThrownBy(() -> Cli.parse(args.split(" "))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    private static String run(Path dir, int expectedExit, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Application.run(dir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        assertThat(code).as("exit code; stderr: " + err).isEqualTo(expectedExit);
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void liveModeWithoutSettingsNamesEveryMissingKeyInOneStartAndCreatesNothing(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("application.properties"), dir.resolve("application.properties"));
        String output = run(dir, 2, "--once");
        assertThat(output.lines().toList()).startsWith("wdt-kingdee-sync: configuration error: sync.initial-start: is required"
                + " (set it in application.properties, as SYNC_INITIAL_START or -Dsync.initial-start)");
        for (String key : new String[]{"sync.initial-start", "wdt.app-key", "wdt.app-secret", "wdt.target-app-key",
                "wdt.sid", "kingdee.url", "kingdee.acct-id", "kingdee.username", "kingdee.password"}) {
            assertThat(output).as(key).containsOnlyOnce("configuration error: " + key + ": is required");
        }
        assertThat(output).contains("9 settings to fix");
        assertThat(output.strip().lines().reduce((a, b) -> b).orElseThrow()).as("the last line points to the sandbox")
                .contains("--sandbox runs without any configuration");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no ./data after a configuration error")
                    .containsExactly("application.properties");
        }
    }

    @Test
    void settingsAfterTheJarCountAsDashDOptions(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("application.properties"), dir.resolve("application.properties"));
        String output = run(dir, 2, "--once", "-Dsync.initial-start=2026-11-01 00:00:00", "--wdt.app-key=k",
                "-Dwdt.app-secret=s", "-Dwdt.target-app-key=t", "-Dwdt.sid=x", "-Dkingdee.acct-id=a",
                "--kingdee.username=u", "-Dkingdee.password=p");
        assertThat(output.lines().toList()).containsExactly("wdt-kingdee-sync: configuration error: kingdee.url: is required"
                + " (set it in application.properties, as KINGDEE_URL or -Dkingdee.url)",
                "wdt-kingdee-sync: to try it first, --sandbox runs without any configuration (built-in 旺店通 and 金蝶"
                        + " simulators): java -jar target/wdt-kingdee-sync.jar --sandbox --once");
    }

    @Test
    void commandLineSettingsAreParsed() {
        Cli c = Cli.parse("--sandbox", "--fresh", "-Dcustomer.org-rule.BZ=002,0099", "--sync.lag=PT2M",
                "--output=x", "--dry-run");
        assertThat(c.fresh()).isTrue();
        assertThat(c.output()).isEqualTo("x");
        assertThat(c.properties()).containsExactly(java.util.Map.entry("customer.org-rule.BZ", "002,0099"),
                java.util.Map.entry("sync.lag", "PT2M"));
    }

    @Test
    void anUnreachableStateDatabaseExitsSixNamingTheUrlAndCause(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("application.properties"), dir.resolve("application.properties"));
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String output = run(dir, Application.EXIT_UNREACHABLE, "--sandbox", "--once",
                "-Ddb.url=jdbc:postgresql://127.0.0.1:" + closed + "/sync", "-Ddb.password=pw-never-shown");
        assertThat(output).contains("wdt-kingdee-sync: cannot reach the state database at jdbc:postgresql://127.0.0.1:"
                + closed + "/sync: connection refused").doesNotContain("pw-never-shown");
    }

    @Test
    void anUnreachableKingdeeOrSourceExitsSixNamingTheUrlAndCause(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("application.properties"), dir.resolve("application.properties"));
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String[] live = {"-Dsync.initial-start=2026-11-01 00:00:00", "-Dwdt.app-key=k", "-Dwdt.app-secret=s",
                "-Dwdt.target-app-key=t", "-Dwdt.sid=x", "-Dkingdee.acct-id=a", "-Dkingdee.username=u",
                "-Dkingdee.password=p"};
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(live));
        args.add("--once");
        args.add("-Dwdt.url=http://127.0.0.1:" + closed + "/router/qm");
        args.add("-Dkingdee.url=http://127.0.0.1:" + closed + "/k3cloud/");
        assertThat(run(dir, 6, args.toArray(String[]::new)))
                .contains("cannot reach 旺店通 at http://127.0.0.1:" + closed + "/router/qm: connection refused");
        args.remove("--once");
        args.add("--replay");
        assertThat(run(dir, 6, args.toArray(String[]::new)))
                .contains("cannot reach Kingdee at http://127.0.0.1:" + closed + "/k3cloud/: connection refused");
        assertThat(dir.resolve("data")).as("probed before the state database is opened").doesNotExist();
    }

    /**
     * Issue 10 item 4: --once against a Kingdee that stays unreachable retries the start-up checks for
     * kingdee.startup-check-timeout, then exits 1 "Kingdee unreachable" (an outage, not a configuration error).
     */
    @Test
    void onceAgainstAnUnreachableKingdeeExitsOneAfterTheStartupCheckTimeout(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("application.properties"), dir.resolve("application.properties"));
        com.wdtkingdee.sync.state.TestDatabase.truncateAll();
        Files.createDirectories(dir.resolve("routes"));
        try (var routes = Files.list(Path.of("routes"))) {
            for (Path r : routes.toList()) {
                Files.copy(r, dir.resolve("routes").resolve(r.getFileName()));
            }
        }
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (java.net.ServerSocket source = new java.net.ServerSocket(0)) {   // 旺店通 answers its port
            long started = System.nanoTime();
            String output = run(dir, 1, "--once", "-Dsync.initial-start=2026-11-01 00:00:00", "-Dwdt.app-key=k",
                    "-Dwdt.app-secret=s", "-Dwdt.target-app-key=t", "-Dwdt.sid=x", "-Dkingdee.acct-id=a",
                    "-Dkingdee.username=u", "-Dkingdee.password=p",
                    "-Dwdt.url=http://127.0.0.1:" + source.getLocalPort() + "/router/qm",
                    "-Dkingdee.url=http://127.0.0.1:" + closed + "/k3cloud/",
                    "-Dkingdee.startup-check-timeout=PT2S",
                    "-Ddb.url=" + com.wdtkingdee.sync.state.TestDatabase.get().jdbcUrl(), "-Ddb.username=postgres");
            assertThat(output).contains("wdt-kingdee-sync: Kingdee unreachable: Kingdee at http://127.0.0.1:" + closed
                    + "/k3cloud/ did not answer the start-up checks within kingdee.startup-check-timeout=PT2S")
                    .contains("nothing was synced, the checkpoint stays");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).as("retried, not stopped at once")
                    .isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(1));
        }
    }

    @Test
    void malformedSettingIsNamed(@TempDir Path dir) throws Exception {
        String props = Files.readString(Path.of("application.properties"))
                .replace("sync.initial-start =", "sync.initial-start = 2026-11-01 00:00:00")
                .replace("wdt.page-size = 40", "wdt.page-size = 500");
        Files.writeString(dir.resolve("application.properties"), props);
        String output = run(dir, 2, "--sandbox", "--once");   // the sandbox fills the credentials
        assertThat(output).contains("configuration error: wdt.page-size: must be between 1 and 100, got 500");
    }

    @Test
    void missingPropertiesFileIsExplained(@TempDir Path dir) {
        assertThat(run(dir, 2, "--once")).contains("application.properties: file not found");
    }

    @Test
    void usageErrorsAndHelp(@TempDir Path dir) {
        assertThat(run(dir, 2, "--nope")).contains("unknown option '--nope'").contains("Usage: java -jar")
                .contains("--help lists every option");
        assertThat(run(dir, 0, "--help")).contains("--replay").contains("Exit codes");
    }
}
