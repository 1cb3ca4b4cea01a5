package com.wdtkingdee.sync.jar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The packaged jar as an operator runs it: {@code java -jar target/wdt-kingdee-sync.jar …} as a child process, in a
 * project folder of its own ({@code target/jar-it/<name>}) holding a copy of {@code application.properties} and
 * {@code routes/} (the jar reads both from its working directory) and the data it writes. Every start gets the
 * folder's free port for {@code observe.port} (so concurrent runs never meet on 9876) and the sandbox's state and
 * credentials under the folder. Output goes to {@code run-N.out} / {@code run-N.err} in the folder.
 */
final class JarProcess {

    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final Path JAR = PROJECT.resolve("target/wdt-kingdee-sync.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path dir;
    final int port;
    private final List<String> jvm = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private int runs;

    private JarProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** A fresh project folder {@code target/jar-it/<name>} (emptied first) with the project's settings and routes. */
    static JarProcess folder(String name) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the packaged-jar tests run after package (mvn -B verify)");
        }
        Path dir = PROJECT.resolve("target/jar-it").resolve(name);
        deleteRecursively(dir);
        Files.createDirectories(dir.resolve("routes"));
        Files.copy(PROJECT.resolve("application.properties"), dir.resolve("application.properties"));
        try (Stream<Path> routes = Files.list(PROJECT.resolve("routes"))) {
            for (Path r : routes.toList()) {
                Files.copy(r, dir.resolve("routes").resolve(r.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        JarProcess p = new JarProcess(dir, freePort());
        p.jvm("-Dobserve.port=" + p.port,
                "-Dsandbox.embedded-dir=" + dir.resolve("data/sandbox-pg"),
                "-Dsandbox.credentials-file=" + dir.resolve("data/sandbox/credentials.properties"),
                "-Ddb.embedded-dir=" + dir.resolve("data/pg"));
        return p;
    }

    /** Options before {@code -jar} ({@code -Dkey=value}), for every later start. */
    JarProcess jvm(String... options) {
        jvm.addAll(List.of(options));
        return this;
    }

    /** An environment variable of every later start. */
    JarProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Writes a file into the project folder (e.g. a broken route). */
    JarProcess file(String relative, String text) throws IOException {
        Path f = dir.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return this;
    }

    /** Starts {@code java [options] -jar target/wdt-kingdee-sync.jar args…} in the folder. */
    Run start(String... args) throws IOException {
        return start(List.of(), args);
    }

    /** Like {@link #start(String...)}, with options for this start only before {@code -jar}. */
    Run start(List<String> options, String... args) throws IOException {
        int n = ++runs;
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // kind to the shared 2 cores; the jar itself is run exactly as the README says
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m"));
        cmd.addAll(jvm);
        cmd.addAll(options);
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(List.of(args));
        Path out = dir.resolve("run-" + n + ".out");
        Path err = dir.resolve("run-" + n + ".err");
        Files.writeString(dir.resolve("run-" + n + ".cmd"), String.join(" ", cmd) + "\n");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // the product's settings come only from what the test gives: none inherited from the machine running the build
        pb.environment().keySet().removeIf(k -> k.matches("(SYNC|WDT|KINGDEE|CUSTOMER|DB|OBSERVE|CONSOLE|ALERT|SANDBOX|CAMEL)_.*"));
        pb.environment().putAll(env);
        return new Run(pb.start(), out, err, port);
    }

    /** Starts and waits for the exit. */
    Run run(Duration timeout, String... args) throws Exception {
        return run(List.of(), timeout, args);
    }

    Run run(List<String> options, Duration timeout, String... args) throws Exception {
        Run r = start(options, args);
        r.waitFor(timeout);
        return r;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One start of the jar. */
    static final class Run implements AutoCloseable {
        final Process process;
        final Path out;
        final Path err;
        final int port;

        Run(Process process, Path out, Path err, int port) {
            this.process = process;
            this.out = out;
            this.err = err;
            this.port = port;
        }

        /** Waits for the exit and returns the exit code; a process still running then is killed and the test fails. */
        int waitFor(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the jar did not exit within " + timeout + "\n" + tail());
            }
            return process.exitValue();
        }

        int exitCode() {
            return process.exitValue();
        }

        /** SIGTERM (the JVM's graceful stop). */
        void term() {
            process.destroy();
        }

        /** SIGKILL. */
        void kill() {
            process.destroyForcibly();
        }

        String stdout() {
            return read(out);
        }

        String stderr() {
            return read(err);
        }

        /** Both streams, for failure messages. */
        String tail() {
            String o = stdout();
            String e = stderr();
            return "---- stdout (last 4000) ----\n" + o.substring(Math.max(0, o.length() - 4000))
                    + "\n---- stderr (last 4000) ----\n" + e.substring(Math.max(0, e.length() - 4000));
        }

        /** Waits until standard output has a line matching {@code line}; fails if the process exits first. */
        String awaitLine(Predicate<String> line, Duration timeout, String what) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end) {
                for (String l : stdout().split("\n")) {
                    if (line.test(l)) {
                        return l;
                    }
                }
                if (!process.isAlive()) {
                    throw new AssertionError("the jar exited (" + process.exitValue() + ") before " + what + "\n" + tail());
                }
                Thread.sleep(250);
            }
            throw new AssertionError("no " + what + " within " + timeout + "\n" + tail());
        }

        /** GET on the management server; status and body (status -1 when nothing answers). */
        HttpResponse<String> get(String path) {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /** Waits until {@code /observe/health} answers 200 with status UP; returns the body. */
        String awaitHealthUp(Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            String last = "no answer";
            while (System.nanoTime() < end) {
                HttpResponse<String> r = get("/observe/health");
                if (r != null) {
                    last = r.statusCode() + " " + r.body();
                    if (r.statusCode() == 200 && r.body().replace(" ", "").startsWith("{\"status\":\"UP\"")) {
                        return r.body();
                    }
                }
                if (!process.isAlive()) {
                    throw new AssertionError("the jar exited (" + process.exitValue() + ") before health was UP\n" + tail());
                }
                Thread.sleep(500);
            }
            throw new AssertionError("/observe/health not UP within " + timeout + ": " + last + "\n" + tail());
        }

        @Override
        public void close() throws InterruptedException {
            // SIGTERM first: the jar stops its embedded PostgreSQL on the way out; a SIGKILL would leave that server
            // running after the test (it is the JVM's child, not the test's)
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(40, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }

        private static String read(Path p) {
            try {
                // lenient: a line may be half written while the process runs
                return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
