package com.wdtkingdee.sync.proof;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the real application ({@code com.wdtkingdee.sync.app.Application}) in a child JVM, pointed at a
 * fixture's simulators and the test database, so a test can SIGKILL or SIGTERM it.
 */
final class ChildApp {

    static final Path PROJECT = Path.of("").toAbsolutePath();

    private ChildApp() {
    }

    /**
     * @param settings product keys on top of the fixture's (passed as {@code -D})
     * @param log      where the child's output goes
     * @param args     command-line arguments ({@code --once}, or none for the service)
     */
    static Process start(SyncFixture f, Map<String, String> settings, Path log, String... args) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                + File.pathSeparator + PROJECT.resolve("target/classes");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-cp", cp));
        Map<String, String> props = new LinkedHashMap<>(f.properties());
        props.putAll(settings);
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("com.wdtkingdee.sync.app.Application");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }
}
