package com.wdtkingdee.sync.jar;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16.5 on the packaged jar: the service's sync cycle (every 30 s) and its retry ladder (every minute, so at
 * every full minute both fire in the same second) run for 5 minutes; no cycle is skipped, no "locked" line is
 * written (there is no other process), every cycle ends, and the ladder runs every minute.
 */
@Tag("slow")
class LadderAndCycleIT {

    private static final Duration RUN = Duration.ofMinutes(5);

    @Test
    void theLadderAndTheCycleOfOneProcessNeverSkipEachOther() throws Exception {
        JarProcess folder = JarProcess.folder("ladder-and-cycle")
                // the ladder's runs that found nothing due are logged at DEBUG: make them visible
                .jvm("-Dlogback.configurationFile=" + Path.of("src/test/resources/logback-ladder-debug.xml").toAbsolutePath());
        String out;
        try (JarProcess.Run service = folder.start("--sandbox", "--sandbox.cron=0/30 * * * * ?")) {
            service.awaitHealthUp(Duration.ofSeconds(60));
            Thread.sleep(RUN.toMillis());
            assertThat(service.process.isAlive()).as("the service keeps running\n%s", service.tail()).isTrue();
            service.term();
            assertThat(service.waitFor(Duration.ofSeconds(60))).as("graceful stop").isEqualTo(143);
            out = service.stdout() + service.stderr();
        }
        List<Integer> started = numbers(out, "SyncCycle - Cycle (\\d+) of customer-sync");
        List<Integer> done = numbers(out, "SyncCycle - Cycle (\\d+) done");
        int ladderRuns = numbers(out, "DeadLetterReplayer - Replay of (\\d+) dead letter").size();
        assertThat(started).as("a cycle every 30 s for %s:%n%s", RUN, out).hasSizeGreaterThanOrEqualTo(9);
        assertThat(started).as("cycles numbered one after the other")
                .isEqualTo(IntStream.rangeClosed(1, started.size()).boxed().toList());
        assertThat(done).as("every cycle that started finished (the last may be cut by the stop)")
                .hasSizeBetween(started.size() - 1, started.size());
        assertThat(ladderRuns).as("the ladder runs every minute").isGreaterThanOrEqualTo(4);
        assertThat(out).as("no run of this process skipped because of its own other run")
                .doesNotContain("is locked by").doesNotContain("skipped").doesNotContain("not started");
        assertThat(out).doesNotContain("\tat ").doesNotContain(" ERROR ");
    }

    private static List<Integer> numbers(String text, String regex) {
        List<Integer> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }
}
