package com.wdtkingdee.sync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wdtkingdee.sync.state.DeadLetterStore;
import com.wdtkingdee.sync.state.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's sandbox loop through the real entry point: sync → parked orders → the "Next steps" command exactly
 * as printed (its -D option given after the jar) → replay → exit 0; and the dry run's standard output.
 */
class SandboxRepairLoopIT {

    @TempDir
    Path project;


    /** Every window the test ran: each order read in exactly one bucket (issue 16 item 4). */
    @org.junit.jupiter.api.AfterEach
    void everyWindowsBucketsAddUp() {
        com.wdtkingdee.sync.state.RunBuckets.assertAddUp();
    }
    @BeforeEach
    void projectFolder() throws IOException {
        TestDatabase.truncateAll();
        Files.copy(Path.of("application.properties"), project.resolve("application.properties"));
        Files.createDirectories(project.resolve("routes"));
        try (var routes = Files.list(Path.of("routes"))) {
            for (Path r : routes.toList()) {
                Files.copy(r, project.resolve("routes").resolve(r.getFileName()));
            }
        }
    }

    /** The shared test database instead of a new embedded server per run (state is kept just the same). */
    private static List<String> withTestDatabase(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.add("-Ddb.url=" + TestDatabase.get().jdbcUrl());
        all.add("-Ddb.username=postgres");
        return all;
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Application.run(project, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), withTestDatabase(args).toArray(String[]::new));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theNextStepsPrintedAfterTheQuickStartRepairTheParkedOrders() {
        Run sync = run(List.of("--sandbox", "--once"));
        assertThat(sync.code()).as(sync.err()).isEqualTo(3);
        assertThat(sync.out()).contains("read               : ").contains("  filtered         : ")
                .contains("  parked           : 42 ").contains("  new              : ")
                .contains("  existing         : ").contains("  already written  : ").contains("  repeated         : ")
                .contains("(the buckets add up to read)")
                .contains("dead letters       : 42 open in the dead-letter table")
                .contains("42 × no organisation rule for shop_no 0099")
                .contains("Result: SYNCED_WITH_DEAD_LETTERS (3 window(s), 42 parked) → exit 3");
        assertThat(sync.out().lines().filter(l -> l.startsWith("cycle ")).findFirst().orElseThrow())
                .contains("1 of customer-sync");

        String command = sync.out().lines().map(String::strip).filter(l -> l.startsWith("java -D")).findFirst()
                .orElseThrow(() -> new AssertionError("no command in the next steps:\n" + sync.out()));
        assertThat(command).isEqualTo("java -Dcustomer.org-rule.BZ=002,003,004,0071,0099 -jar target/wdt-kingdee-sync.jar"
                + " --sandbox --replay");
        List<String> words = Arrays.asList(command.split(" "));
        // as printed, with the -D option moved after the jar (both places work)
        List<String> args = new ArrayList<>(words.subList(words.indexOf("target/wdt-kingdee-sync.jar") + 1, words.size()));
        args.add(words.get(1));

        Run replay = run(args);
        assertThat(replay.code()).as(replay.out() + replay.err()).isZero();
        assertThat(replay.out()).contains("Replay: 42 parked item(s) selected, 42 resolved, 0 still parked → exit 0");
        assertThat(new DeadLetterStore(TestDatabase.dataSource()).countOpen("customer-sync")).isZero();

        Run again = run(List.of("--sandbox", "--once", words.get(1)));
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out().lines().filter(l -> l.startsWith("cycle ")).findFirst().orElseThrow())
                .as("cycle numbers are consecutive per scheme").contains("2 of customer-sync");
    }

    @Test
    void aDryRunPrintsOnlyJsonLinesEachCustomerOnceAndExitsLikeTheRealRun() throws Exception {
        Run dry = run(List.of("--sandbox", "--dry-run"));
        assertThat(dry.code()).as("a real run would park the orders of shop 0099: " + dry.err()).isEqualTo(3);
        ObjectMapper json = new ObjectMapper();
        Set<String> numbers = new HashSet<>();
        List<String> lines = dry.out().lines().toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode n = json.readTree(line);
            assertThat(n.isObject()).as(line).isTrue();
            assertThat(numbers.add(n.path("number").asText())).as("printed once: " + line).isTrue();
        }
        assertThat(dry.err()).contains("would write " + numbers.size() + " customer(s), would park 42")
                .contains("→ exit 3").doesNotContain("\"formid\"");
    }

    @Test
    void aStartThatFailsOnConfigurationWipesNothingAndCreatesNothing() throws IOException {
        Path state = project.resolve("data/sandbox-pg");
        Files.createDirectories(state);
        Files.writeString(state.resolve("PG_VERSION"), "15\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Application.run(project, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                "--sandbox", "--fresh", "--once", "-Dsync.max-window=P40D");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("sync.max-window: must be positive and at most P30D"
                + " (the API cap), got P40D");
        assertThat(state.resolve("PG_VERSION")).as("--fresh empties the state only after the settings are valid").exists();
        try (var data = Files.list(project.resolve("data"))) {
            assertThat(data.map(p -> p.getFileName().toString())).containsExactly("sandbox-pg");
        }
    }
}
