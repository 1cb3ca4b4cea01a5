package com.wdtkingdee.sync.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * One embedded PostgreSQL (migrated) shared by every test of the JVM: started lazily on first
 * use in a temporary directory, stopped and deleted when the JVM exits. Tests that write
 * state call {@link #truncateAll()} first (e.g. in {@code @BeforeEach}).
 *
 * <p>Usage from any package: {@code DataSource ds = TestDatabase.dataSource();}
 */
public final class TestDatabase {

    /** The product's own tables, emptied by {@link #truncateAll()} (Quartz tables are left alone). */
    public static final String CORE_TABLES = "sync_checkpoint, sync_run, customer, dead_letter, org_rule, console_action";

    private static Database database;
    private static RuntimeException startFailure;

    private TestDatabase() {
    }

    /** The shared database, started on first call. */
    public static synchronized Database get() {
        if (startFailure != null) {
            throw startFailure; // do not retry (and leave directories behind) for every test
        }
        if (database == null) {
            Path dir = createTempDir();
            try {
                database = Database.open(null, null, null, dir.resolve("pgdata"));
            } catch (RuntimeException e) {
                deleteQuietly(dir);
                startFailure = e;
                throw e;
            }
            Database opened = database;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                opened.close();
                awaitServerExit(dir.resolve("pgdata"));
                deleteQuietly(dir);
            }, "test-database-shutdown"));
        }
        return database;
    }

    /** The shared database's pooled data source. */
    public static DataSource dataSource() {
        return get().dataSource();
    }

    /** Empties the product's tables ({@link #CORE_TABLES}) and restarts their id sequences. */
    public static void truncateAll() {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE " + CORE_TABLES + " RESTART IDENTITY CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not truncate the test database", e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("wdt-kingdee-sync-testdb-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The embedded library's own shutdown hook may still be stopping the server: wait for its pid file to go. */
    private static void awaitServerExit(Path dataDir) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(dataDir.resolve("postmaster.pid")) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: it is a temporary directory
        }
    }
}
