package com.wdtkingdee.sync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which platforms the embedded PostgreSQL runs on, and that the shipped binaries are the ones zonky loads. */
class EmbeddedServerPlatformTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} / {1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Linux               | amd64   | postgres-linux-x86_64.txz
            Linux               | x86_64  | postgres-linux-x86_64.txz
            Windows 11          | amd64   | postgres-windows-x86_64.txz
            Windows 10          | amd64   | postgres-windows-x86_64.txz
            Windows Server 2022 | amd64   | postgres-windows-x86_64.txz
            Mac OS X            | x86_64  | postgres-darwin-x86_64.txz
            """)
    void supportedPlatformsGetTheirBinary(String osName, String osArch, String resource) {
        EmbeddedPlatform.Decision decision = EmbeddedPlatform.decide(osName, osArch);
        assertThat(decision.supported()).isTrue();
        assertThat(decision.resource()).isEqualTo(resource);
        assertThat(decision.refusal()).isEmpty();
    }

    @ParameterizedTest(name = "{0} / {1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Mac OS X            | aarch64 | macOS arm64 (os.name=Mac OS X, os.arch=aarch64)
            Linux               | aarch64 | Linux arm64 (os.name=Linux, os.arch=aarch64)
            Linux               | arm64   | Linux arm64 (os.name=Linux, os.arch=arm64)
            Windows 11          | aarch64 | Windows arm64 (os.name=Windows 11, os.arch=aarch64)
            Windows 10          | x86     | Windows x86 (os.name=Windows 10, os.arch=x86)
            Linux               | ppc64le | Linux ppc64le (os.name=Linux, os.arch=ppc64le)
            Linux               | s390x   | Linux s390x (os.name=Linux, os.arch=s390x)
            FreeBSD             | amd64   | FreeBSD x64 (os.name=FreeBSD, os.arch=amd64)
            SunOS               | sparcv9 | SunOS sparcv9 (os.name=SunOS, os.arch=sparcv9)
            """)
    void otherPlatformsAreRefusedInOneLineThatAsksForDbUrl(String osName, String osArch, String platform) {
        EmbeddedPlatform.Decision decision = EmbeddedPlatform.decide(osName, osArch);
        assertThat(decision.supported()).isFalse();
        assertThat(decision.resource()).isNull();
        assertThat(decision.problem())
                .isEqualTo("not set, and the embedded PostgreSQL does not run on " + platform
                        + " (it ships for Linux x86-64, Windows x64 and macOS x64 only): set db.url to a PostgreSQL"
                        + " server, e.g. -Ddb.url=jdbc:postgresql://host:5432/wdt_sync")
                .doesNotContain("\n");
    }

    @Test
    void missingSystemPropertiesAreRefusedToo() {
        assertThat(EmbeddedPlatform.decide(null, null).refusal()).get().asString()
                .contains("does not run on null null").contains("set db.url");
    }

    @Test
    void theThreeBinaryJarsAreOnTheClasspathOnceEach() throws Exception {
        assertThat(EmbeddedPlatform.SHIPPED).extracting(EmbeddedPlatform.Decision::resource).containsExactly(
                "postgres-linux-x86_64.txz", "postgres-windows-x86_64.txz", "postgres-darwin-x86_64.txz");
        for (EmbeddedPlatform.Decision shipped : EmbeddedPlatform.SHIPPED) {
            // zonky refuses a platform whose binary is found more than once ("Duplicate embedded postgres binaries")
            List<URL> urls = Collections.list(
                    EmbeddedPlatform.class.getClassLoader().getResources(shipped.resource()));
            assertThat(urls).as(shipped.platform()).hasSize(1);
            try (InputStream in = urls.get(0).openStream()) {
                assertThat(in.readNBytes(6)).as(shipped.platform() + " is an xz archive")
                        .containsExactly(0xFD, '7', 'z', 'X', 'Z', 0x00);
            }
        }
    }

    @ParameterizedTest(name = "zonky loads {0} for {1} {2}")
    @CsvSource({
            "postgres-linux-x86_64.txz,   Linux,   x86_64",
            "postgres-windows-x86_64.txz, Windows, x86_64",
            "postgres-darwin-x86_64.txz,  Darwin,  x86_64"})
    void zonkysOwnResolverFindsEachShippedBinary(String resource, String system, String machine) throws Exception {
        // the arguments EmbeddedPostgres passes on Windows x64 / macOS x64 (it maps os.arch amd64 to x86_64)
        byte[] expected;
        try (InputStream in = EmbeddedPlatform.class.getClassLoader().getResourceAsStream(resource)) {
            expected = in.readNBytes(64 * 1024);
        }
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machine)) {
            assertThat(in.readNBytes(64 * 1024)).isEqualTo(expected);
        }
    }

    @Test
    void zonkyHasNoArm64BinaryForLinux() {
        assertThatThrownBy(() -> DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "aarch64"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void thisMachineIsSupported() {
        EmbeddedPlatform.Decision here = EmbeddedPlatform.current();
        assertThat(here.refusal()).isEmpty();
        assertThat(here.resource()).isEqualTo("postgres-linux-x86_64.txz");
    }

    @Test
    void theEmbeddedServerRefusesAnUnsupportedPlatformBeforeCreatingAnything() {
        Path data = tmp.resolve("pg");
        PlatformOverride.run("Mac OS X", "aarch64", () ->
                assertThatThrownBy(() -> EmbeddedServer.start(data))
                        .isInstanceOf(StateException.class)
                        .hasNoCause()
                        .hasMessageStartingWith("db.url: not set, and the embedded PostgreSQL does not run on macOS arm64")
                        .hasMessageNotContaining("\n"));
        assertThat(Files.exists(data)).isFalse();
        assertThat(Files.exists(EmbeddedServer.binariesDirectory(data))).isFalse();
    }
}
