package com.wdtkingdee.sync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The state database: the embedded server, its lock, external URLs. The kill -9 proof (a server left running by a
 * killed process) starts a second JVM and lives in {@link EmbeddedServerKillIT} (failsafe).
 */
class DatabaseTest {

    private static final String SCHEME = "customer-sync";

    @TempDir
    Path tmp;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() {
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void embeddedDatabaseIsMigratedAndKeepsItsDataAcrossRestarts() throws Exception {
        Path dataDir = tmp.resolve("data");
        Instant checkpoint = Instant.parse("2025-03-01T08:00:00Z");

        try (Database db = Database.open(null, null, null, dataDir)) {
            assertThat(db.embedded()).isTrue();
            assertThat(db.describe()).contains("embedded").contains(dataDir.toString());
            assertThat(appliedMigrations(db)).containsExactlyElementsOf(shippedMigrations());
            RunLog runLog = new RunLog(db.dataSource());
            long cycle = runLog.startCycle(SCHEME, "once");
            long window = runLog.startWindow(cycle, SCHEME, checkpoint.minusSeconds(3600), checkpoint);
            runLog.completeWindow(window, WindowCounts.ZERO, SCHEME, checkpoint);
        }
        assertThat(dataDir.resolve("PG_VERSION")).exists();
        // the binaries live in a private folder beside the data, not in the shared ${java.io.tmpdir}/embedded-pg
        Path binaries = tmp.resolve(EmbeddedServer.BINARIES_DIR);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries)))
                .isEqualTo("rwx------");
        assertThat(System.getProperty("ot.epg.working-dir")).as("the library's global setting is restored").isNull();

        try (Database db = Database.open("  ", null, null, dataDir)) {
            assertThat(new CheckpointStore(db.dataSource()).get(SCHEME)).contains(checkpoint);
            // the program running the server sits in a pg-bin folder only its owner may enter (in this JVM the
            // library reuses the binaries it unpacked first, so that may be another test's data folder)
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            Path program = Path.of(ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow());
            Path folder = program;
            while (folder != null && !folder.getFileName().toString().equals(EmbeddedServer.BINARIES_DIR)) {
                folder = folder.getParent();
            }
            assertThat(folder).as("%s lies under a %s folder", program, EmbeddedServer.BINARIES_DIR).isNotNull();
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
                    .isEqualTo("rwx------");
            assertThat(program.toString()).doesNotStartWith(Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString());
            assertThat(appliedMigrations(db)).containsExactlyElementsOf(shippedMigrations());
        }
    }

    @Test
    void aDataDirectoryInUseInThisProcessIsRefused() {
        Path dataDir = tmp.resolve("data");
        try (Database db = Database.open(null, null, null, dataDir)) {
            assertThatThrownBy(() -> Database.open(null, null, null, dataDir))
                    .isInstanceOf(StateException.class)
                    .hasMessageContaining("in use by another running process")
                    .hasMessageContaining(dataDir.toString());
            assertThat(db.dataSource()).isNotNull();
        }
    }

    @Test
    void aDataDirectoryLockedByAnotherProcessIsRefused() throws Exception {
        Path dataDir = tmp.resolve("data");
        Files.createDirectories(dataDir);
        startChild(children, LockHolder.class, dataDir.resolve(EmbeddedServer.LOCK_FILE));

        assertThatThrownBy(() -> Database.open(null, null, null, dataDir))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("in use by another running process");
        assertThat(dataDir.resolve("PG_VERSION")).doesNotExist();
    }

    @Test
    void aDirectoryWithOtherFilesIsNotTurnedIntoADatabase() throws IOException {
        Path dataDir = tmp.resolve("data");
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> Database.open(null, null, null, dataDir))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("not empty")
                .hasMessageContaining("notes.txt");
    }

    @Test
    void anExternalServerIsUsedThroughItsUrlAndThePasswordIsNeverShown() throws Exception {
        String url = TestDatabase.get().jdbcUrl();

        try (Database db = Database.open(url, "postgres", "s3cret-pw", tmp.resolve("unused"))) {
            assertThat(db.embedded()).isFalse();
            assertThat(db.describe()).contains(url).contains("postgres").doesNotContain("s3cret-pw");
            assertThat(db.toString()).doesNotContain("s3cret-pw");
            assertThat(appliedMigrations(db)).containsExactlyElementsOf(shippedMigrations());
        }
        assertThat(tmp.resolve("unused")).doesNotExist();
    }

    @Test
    void anUnreachableServerFailsNamingTheUrlWithoutThePassword() {
        String url = "jdbc:postgresql://127.0.0.1:1/sync?password=s3cret-pw";

        assertThatThrownBy(() -> Database.open(url, "app", "s3cret-pw", null))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("db.url=jdbc:postgresql://127.0.0.1:1/sync?password=****")
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void withoutUrlAnEmbeddedDataDirectoryIsRequired() {
        assertThatThrownBy(() -> Database.open(null, null, null, null))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("db.url is not set");
    }

    @Test
    void aNonPostgresUrlIsRefused() {
        assertThatThrownBy(() -> Database.open("jdbc:mysql://db/x", "u", "p", null))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("jdbc:postgresql://");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://db:5432/sync                            | jdbc:postgresql://db:5432/sync",
            "jdbc:postgresql://db/sync?user=app&password=pw&ssl=true   | jdbc:postgresql://db/sync?user=app&password=****&ssl=true",
            "jdbc:postgresql://db/sync?PASSWORD=pw                     | jdbc:postgresql://db/sync?PASSWORD=****",
            "jdbc:postgresql://app:pw@db/sync                          | jdbc:postgresql://app:****@db/sync",
            "jdbc:postgresql://db/sync?sslpassword=pw                  | jdbc:postgresql://db/sync?sslpassword=pw",
    })
    void urlsAreShownWithoutPasswords(String url, String shown) {
        assertThat(Database.maskUrl(url)).isEqualTo(shown);
    }

    private static List<String> appliedMigrations(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
            List<String> versions = new ArrayList<>();
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
            return versions;
        }
    }

    /** Starts a helper JVM running {@code main} with {@code arg} (killed after the test) and waits until it prints "ready". */
    static Process startChild(List<Process> children, Class<?> main, Path arg) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                main.getName(), arg.toString())
                .redirectErrorStream(true)
                .start();
        children.add(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals("ready")) {
                return process;
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("helper " + main.getSimpleName() + " ended without getting ready:\n" + seen);
    }

    /** Helper process: holds the lock file given as argument until killed. */
    static final class LockHolder {
        public static void main(String[] args) throws Exception {
            try (FileChannel channel = FileChannel.open(Path.of(args[0]),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                System.out.println("ready");
                Thread.sleep(Long.MAX_VALUE);
            }
        }
    }

    /** The versions of the migrations shipped in db/migration, in numeric order (every engineer adds some). */
    static java.util.List<String> shippedMigrations() throws Exception {
        Path dir = Path.of(DatabaseTest.class.getClassLoader().getResource("db/migration").toURI());
        try (var files = java.nio.file.Files.list(dir)) {
            java.util.List<String> versions = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.matches("V\\d+__.+\\.sql"))
                    .map(f -> f.substring(1, f.indexOf("__")))
                    .sorted(java.util.Comparator.comparingInt(Integer::parseInt)).toList();
            assertThat(versions).startsWith("1", "2").contains("10");
            return versions;
        }
    }
}
