package com.wdtkingdee.sync.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the packaged product, {@code java -jar target/wdt-kingdee-sync.jar}, as a child process, the way an
 * operator runs it (never the test classpath: what the jar lacks, the proofs lack), so a test can SIGKILL or SIGTERM
 * it. The proofs that use it are {@code *IT} classes run by failsafe after {@code package}.
 */
final class ChildApp {

    static final Path PROJECT = Path.of("").toAbsolutePath();
    /** The jar that ships (maven-shade-plugin, {@code package}). */
    static final Path JAR = PROJECT.resolve("target/wdt-kingdee-sync.jar");

    private ChildApp() {
    }

    /**
     * The jar in the project folder (its {@code application.properties} and {@code routes/}), pointed at a fixture's
     * simulators and the test database. Unless {@code settings} names {@code observe.port}, a free port is given, so
     * children of concurrent runs never collide on the default 9876.
     *
     * @param settings product keys on top of the fixture's (passed as {@code -D} before {@code -jar})
     * @param log      where the child's output goes
     * @param args     command-line arguments after the jar ({@code --once}, or none for the service)
     */
    static Process start(SyncFixture f, Map<String, String> settings, Path log, String... args) throws IOException {
        Map<String, String> props = new LinkedHashMap<>(f.properties());
        props.putAll(settings);
        props.putIfAbsent("observe.port", Integer.toString(freePort()));
        return launch(PROJECT, Map.of(), props, List.of(args), log);
    }

    /**
     * {@code java <jvm -D…> -jar target/wdt-kingdee-sync.jar <args…>} in {@code workDir}, with the test JVM's
     * environment plus {@code env}.
     *
     * @param workDir  the folder holding {@code application.properties} and {@code routes/}
     * @param env      environment variables added to the child's
     * @param jvmProps {@code -Dkey=value} given before {@code -jar}
     * @param args     everything after the jar
     */
    static Process launch(Path workDir, Map<String, String> env, Map<String, String> jvmProps, List<String> args,
                          Path log) throws IOException {
        List<String> cmd = command(jvmProps, args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The command line of {@link #launch}; fails clearly when the jar has not been built. */
    static List<String> command(Map<String, String> jvmProps, List<String> args) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the proofs start the packaged jar; build it first"
                    + " (mvn -B package -DskipTests, or run them with mvn -B verify, where failsafe runs after package)");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));
        jvmProps.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(args);
        return cmd;
    }

    /** A loopback port nobody listens on right now. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
