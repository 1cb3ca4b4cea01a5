package com.wdtkingdee.sync.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CI preamble ({@code .ci/preamble}, called by {@code .ci/run}) cannot fail the run: 20 runs in a row with its
 * output sent to a file and to a pipe that closes after one byte, under {@code pipefail}, all exit 0. The
 * {@code java} and {@code mvn} it finds print 2,000 lines and fail when their output breaks, as Maven (jansi) does,
 * so a preamble that pipes a probe into {@code head} fails here as it failed in CI.
 */
class PreambleTest {

    private static final int RUNS = 20;

    @TempDir
    Path tools;

    private void fakeTool(String name, String firstLine) throws IOException {
        Path tool = tools.resolve(name);
        Files.writeString(tool, "#!/usr/bin/env bash\n"
                + "echo '" + firstLine + "' || exit 1\n"
                + "for i in $(seq 2000); do echo \"detail line $i of a long version banner\" || exit 1; done\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static int bash(String script, Path pathFirst) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (pathFirst != null) {
            pb.environment().put("PATH", pathFirst + ":" + System.getenv("PATH"));
        }
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished: " + script).isTrue();
        return p.exitValue();
    }

    @Test
    void twentyRunsToAFileAndToAPipeThatClosesEarlyAllExitZero() throws Exception {
        fakeTool("java", "openjdk version \"17.0.99\"");
        fakeTool("mvn", "Apache Maven 3.8.7");
        Path log = tools.resolve("preamble.log");
        for (int i = 1; i <= RUNS; i++) {
            assertThat(bash("set -o pipefail; bash .ci/preamble | head -c 1 >/dev/null", tools))
                    .as("run %d to a pipe that closes after one byte", i).isZero();
            assertThat(bash("set -o pipefail; bash .ci/preamble > '" + log + "' 2>&1", tools))
                    .as("run %d to a file", i).isZero();
            assertThat(Files.readAllLines(log, StandardCharsets.UTF_8))
                    .containsExactly("java: openjdk version \"17.0.99\"", "maven: Apache Maven 3.8.7");
        }
    }

    @Test
    void withTheRealToolsAndWithoutThemItStillExitsZero() throws Exception {
        assertThat(bash("set -o pipefail; bash .ci/preamble | head -c 1 >/dev/null", null)).isZero();
        Path empty = Files.createDirectories(tools.resolve("nothing"));
        assertThat(bash("PATH='" + empty + "':/usr/bin:/bin; hash -r; set -o pipefail; bash .ci/preamble | true", null))
                .isZero();
    }

    @Test
    void ciRunCallsThePreambleThenExactlyTheReadmeTestCommand() throws Exception {
        List<String> lines = Files.readAllLines(Path.of(".ci/run"), StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(lines).contains("bash .ci/preamble || true");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("exec mvn -B verify");
        // no pipe anywhere in .ci/run (a reader that closes early kills the writer under pipefail); || is not a pipe
        assertThat(lines).noneMatch(l -> java.util.regex.Pattern.compile("(?<!\\|)\\|(?!\\|)").matcher(l).find());
        assertThat(Files.readString(Path.of("README.md"))).contains("mvn -B verify");
    }
}
