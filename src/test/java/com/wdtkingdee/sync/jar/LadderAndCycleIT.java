package com.wdtkingdee.sync.jar;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16.5 on the packaged jar: the service's sync cycle (every 30 s) and its retry ladder (every minute, so at
 * every full minute both fire in the same second) run for 5 minutes; no cycle is skipped, no "locked" line is
 * written (there is no other process), every cycle ends, and the ladder runs every minute.
 */
@Tag("slow")
class LadderAndCycleIT {

    private static final Path JAR = Path.of("target/wdt-kingdee-sync.jar").toAbsolutePath();
    private static final long RUN_SECONDS = 300;

    @Test
    void theLadderAndTheCycleOfOneProcessNeverSkipEachOther(@TempDir Path dir) throws Exception {
        assertThat(JAR).as("run after package (mvn verify)").exists();
        Files.copy(Path.of("application.properties"), dir.resolve("application.properties"));
        Path routes = Files.createDirectories(dir.resolve("routes"));
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        Path log = dir.resolve("service.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + Path.of("src/test/resources/logback-ladder-debug.xml").toAbsolutePath(),
                "-jar", JAR.toString(), "--sandbox", "--sandbox.cron=0/30 * * * * ?",
                "--observe.port=" + freePort(), "--sandbox.embedded-dir=" + dir.resolve("pg"),
                "--sandbox.credentials-file=" + dir.resolve("credentials.properties")));
        Process service = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            assertThat(service.waitFor(RUN_SECONDS, TimeUnit.SECONDS)).as("the service keeps running").isFalse();
            service.destroy(); // SIGTERM
            assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("graceful stop").isTrue();
            assertThat(service.exitValue()).isEqualTo(143);
        } finally {
            service.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        List<Integer> started = numbers(out, "SyncCycle - Cycle (\\d+) of customer-sync");
        List<Integer> done = numbers(out, "SyncCycle - Cycle (\\d+) done");
        int ladderRuns = numbers(out, "DeadLetterReplayer - Replay of (\\d+) dead letter").size();
        assertThat(started).as("a cycle every 30 s for %d s:%n%s", RUN_SECONDS, out).hasSizeGreaterThanOrEqualTo(9);
        assertThat(started).as("cycles numbered one after the other").isEqualTo(
                java.util.stream.IntStream.rangeClosed(1, started.size()).boxed().toList());
        assertThat(done).as("every cycle that started finished (the last may be cut by the stop)")
                .hasSizeBetween(started.size() - 1, started.size());
        assertThat(ladderRuns).as("the ladder runs every minute").isGreaterThanOrEqualTo(4);
        assertThat(out).as("no run of this process skipped because of its own other run")
                .doesNotContain("is locked by").doesNotContain("skipped").doesNotContain("not started");
        assertThat(out).doesNotContain("\tat ").doesNotContain("ERROR");
    }

    private static List<Integer> numbers(String text, String regex) {
        List<Integer> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
