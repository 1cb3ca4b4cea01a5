package com.wdtkingdee.sync.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.wdtkingdee.sync.state.PlatformOverride;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** On a platform without embedded binaries the start says in one line to set db.url, and exits 2. */
class EmbeddedServerUnsupportedPlatformTest {

    @TempDir
    Path project;

    @BeforeEach
    void shippedProperties() throws IOException {
        Files.copy(Path.of("application.properties"), project.resolve("application.properties"));
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Application.run(project, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} / {1}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            Mac OS X   | aarch64 | macOS arm64   | --sandbox --once
            Linux      | aarch64 | Linux arm64   | --sandbox
            Windows 11 | aarch64 | Windows arm64 | --once
            """)
    void theStartFailsWithOneLineNamingThePlatformAndDbUrl(String osName, String osArch, String platform,
                                                            String args) {
        Run[] result = new Run[1];
        PlatformOverride.run(osName, osArch, () -> result[0] = run(args.split(" ")));
        Run r = result[0];
        assertThat(r.code()).as(r.err()).isEqualTo(Application.EXIT_USAGE);
        assertThat(r.out()).as("nothing started, nothing printed on stdout").isEmpty();
        assertThat(r.err().lines().toList()).containsExactly("wdt-kingdee-sync: configuration error: db.url: not set,"
                + " and the embedded PostgreSQL does not run on " + platform + " (os.name=" + osName + ", os.arch="
                + osArch + ") (it ships for Linux x86-64, Windows x64 and macOS x64 only): set db.url to a PostgreSQL"
                + " server, e.g. -Ddb.url=jdbc:postgresql://host:5432/wdt_sync");
        try (Stream<Path> files = Files.list(project)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).as("nothing created on disk")
                    .containsExactly("application.properties");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void withDbUrlSetTheSamePlatformGoesOnToTheUsualChecks() {
        Run[] result = new Run[1];
        PlatformOverride.run("Mac OS X", "aarch64",
                () -> result[0] = run("--once", "-Ddb.url=jdbc:postgresql://127.0.0.1:1/wdt_sync"));
        Run r = result[0];
        // the other settings are missing here: reported as usual, and nothing about the embedded database
        assertThat(r.code()).as(r.err()).isEqualTo(Application.EXIT_USAGE);
        assertThat(r.err()).contains("configuration error: ").doesNotContain("embedded PostgreSQL")
                .doesNotContain("db.url");
    }
}
