package com.wdtkingdee.sync.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the product as production does — {@code java -jar target/wdt-kingdee-sync.jar --once} in the project folder,
 * configured with {@code -D} keys — and observes it from outside: wall time from launch to the line Camel logs when
 * its routes are started ({@code Apache Camel … started in …}, made visible by {@code bench/logback-child.xml}),
 * the line the product logs once its state database is open and migrated ({@code State database: …}), exit code,
 * peak resident memory ({@code VmHWM} of {@code /proc/PID/status}, polled) and, when GC logging is on,
 * the peak heap before and after a collection from the GC log. A child still running at the time box, or thrashing
 * on an exhausted heap (three full collections in its GC log), is stopped with SIGTERM (graceful), then SIGKILL.
 */
final class ChildJvm {

    /** What one child run showed. */
    record Outcome(int exit, boolean timedOut, boolean heapExhausted, long launchToRoutesStartedNanos, long launchToDatabaseReadyNanos,
                   String camelStartedLine, long wallNanos, long peakRssKb, long peakHeapUsedMb, long peakHeapAfterGcMb,
                   long lastHeapAfterGcMb, int gcCount, String resultLine, Path log) {
    }

    /** A child whose GC log shows this many full collections is thrashing on a full heap: it is stopped. */
    static final int FULL_GCS_MEAN_EXHAUSTED = 3;
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private ChildJvm() {
    }

    static Outcome run(Path projectDir, List<String> jvmOptions, Map<String, String> properties, Path log,
                       Path gcLog, Duration timeout) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        if (gcLog != null) {
            Files.deleteIfExists(gcLog);
            cmd.add("-Xlog:gc:file=" + gcLog);
        }
        cmd.add("-Dlogback.configurationFile=" + projectDir.resolve("bench/logback-child.xml"));
        cmd.add("-Dsun.net.httpserver.nodelay=true");
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(projectDir.resolve("target/wdt-kingdee-sync.jar").toString());
        cmd.add("--once");
        Files.createDirectories(log.getParent());

        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(projectDir.toFile()).redirectErrorStream(true).start();
        AtomicLong started = new AtomicLong(-1);
        AtomicLong databaseReady = new AtomicLong(-1);
        String[] startedLine = {null};
        String[] resultLine = {null};
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (started.get() < 0 && line.contains("Apache Camel") && line.contains(" started in ")) {
                        started.set(System.nanoTime() - t0);
                        startedLine[0] = line.substring(line.indexOf("Apache Camel"));
                    }
                    if (databaseReady.get() < 0 && line.contains("State database:")) {
                        databaseReady.set(System.nanoTime() - t0);
                    }
                    if (line.startsWith("Result:")) {
                        resultLine[0] = line;
                    }
                    out.println(line);
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, "bench-child-output");
        reader.setDaemon(true);
        reader.start();

        long peakRss = 0;
        long deadline = t0 + timeout.toNanos();
        boolean heapExhausted = false;
        long nextGcCheck = System.nanoTime();
        while (p.isAlive() && System.nanoTime() < deadline && !heapExhausted) {
            peakRss = Math.max(peakRss, vmHwmKb(p.pid()));
            p.waitFor(200, TimeUnit.MILLISECONDS);
            if (gcLog != null && System.nanoTime() > nextGcCheck) {
                heapExhausted = fullGcs(gcLog) >= FULL_GCS_MEAN_EXHAUSTED;
                nextGcCheck = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            }
        }
        boolean timedOut = p.isAlive() && !heapExhausted;
        if (heapExhausted && p.isAlive()) {
            histogram(p.pid(), log.resolveSibling(log.getFileName().toString().replace(".log", "") + "-histogram.txt"));
        }
        if (p.isAlive()) {
            // time box reached or heap exhausted: SIGTERM (the product stops gracefully at a page boundary), then SIGKILL
            p.destroy();
            while (p.isAlive() && !p.waitFor(200, TimeUnit.MILLISECONDS)) {
                peakRss = Math.max(peakRss, vmHwmKb(p.pid()));
                if (System.nanoTime() > deadline + TimeUnit.SECONDS.toNanos(40)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
        long wall = System.nanoTime() - t0;
        reader.join(5000);
        int exit = p.exitValue();

        long peakUsed = -1;
        long peakAfter = -1;
        long lastAfter = -1;
        int gcs = 0;
        if (gcLog != null && Files.exists(gcLog)) {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = GC_LINE.matcher(line);
                if (m.find()) {
                    gcs++;
                    peakUsed = Math.max(peakUsed, Long.parseLong(m.group(1)));
                    lastAfter = Long.parseLong(m.group(2));
                    peakAfter = Math.max(peakAfter, lastAfter);
                }
            }
        }
        return new Outcome(exit, timedOut, heapExhausted, started.get(), databaseReady.get(), startedLine[0], wall, peakRss, peakUsed,
                peakAfter, lastAfter, gcs, resultLine[0], log);
    }

    /** What fills the heap: {@code jcmd PID GC.class_histogram} into {@code out} (best effort). */
    static void histogram(long pid, Path out) {
        try {
            Process j = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!j.waitFor(90, TimeUnit.SECONDS)) {
                j.destroyForcibly();
            }
        } catch (IOException e) {
            // no jcmd: no histogram
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int fullGcs(Path gcLog) {
        try (var lines = Files.lines(gcLog)) {
            return (int) lines.filter(l -> l.contains("Pause Full")).count();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Peak resident set size so far of a live process, in kB (0 if unreadable). */
    static long vmHwmKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
