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
            "--once --replay|choose one",
            "--dry-run --once|choose one",
            "--output x.jsonl|--output goes with --dry-run",
            "--repair|--repair goes with --reconcile",
            "--reconcile 2026-11-01|--reconcile needs a value",
            "--id 3|--id and --reason go with --replay",
            "--replay --id x|--id expects a dead-letter id",
            "--replay --reason|--reason needs a value",
            "--faults chaos|--faults goes with --sandbox"})
    void rejectsBadCommandLines(String args, String message) {
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
    void liveModeWithoutSettingsStopsWithOneLineNamingTheKey(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("application.properties"), dir.resolve("application.properties"));
        String output = run(dir, 2, "--once");
        assertThat(output.strip()).isEqualTo("wdt-kingdee-sync: configuration error: sync.initial-start: is required"
                + " (set it in application.properties, as SYNC_INITIAL_START or -Dsync.initial-start)");
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
        assertThat(run(dir, 2, "--nope")).contains("unknown option '--nope'").contains("Usage:");
        assertThat(run(dir, 0, "--help")).contains("--replay").contains("Exit codes");
    }
}
