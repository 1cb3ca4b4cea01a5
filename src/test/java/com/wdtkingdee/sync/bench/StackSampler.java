package com.wdtkingdee.sync.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A poor man's sampling profiler for one thread: every {@code intervalMs} it takes the thread's stack and files the
 * sample under the first matching category: a frame anywhere in the stack for the state database, the 金蝶 and
 * 旺店通 HTTP calls, logging and JSON; otherwise the first non-JDK frame decides (Camel routing, product code,
 * other). Cheap enough (one stack walk per 20 ms) to run during a measured run, and enough to say where the
 * time of a page or a batch goes.
 */
final class StackSampler implements AutoCloseable {

    /** Category → predicate on a frame's class name, checked over the whole stack in this order. */
    private static final List<String[]> CATEGORIES = List.of(
            new String[]{"state database (JDBC)", "org.postgresql.", "com.zaxxer.hikari.", "com.wdtkingdee.sync.state."},
            new String[]{"金蝶 HTTP call (incl. stub)", "com.wdtkingdee.sync.kingdee.KingdeeClient.send",
                    "com.wdtkingdee.sync.bench.BareLoop.post"},
            new String[]{"旺店通 HTTP call (incl. stub)", "org.apache.hc.", "org.apache.camel.component.http.",
                    "jdk.internal.net.http.", "java.net.http."},
            new String[]{"logging", "ch.qos.logback.", "org.slf4j."},
            new String[]{"JSON (Jackson)", "com.fasterxml.jackson."});

    private final Thread target;
    private final long intervalMs;
    private final Map<String, Long> samples = new LinkedHashMap<>();
    private final Map<String, Long> databaseEntries = new LinkedHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread sampler;
    private long total;

    StackSampler(Thread target, long intervalMs) {
        this.target = target;
        this.intervalMs = intervalMs;
        for (String[] c : CATEGORIES) {
            samples.put(c[0], 0L);
        }
        samples.put("product code", 0L);
        samples.put("Camel routing", 0L);
        samples.put("other (JDK)", 0L);
        sampler = new Thread(this::loop, "bench-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void loop() {
        while (running.get()) {
            StackTraceElement[] stack = target.getStackTrace();
            if (stack.length > 0 && target.getState() != Thread.State.TERMINATED) {
                record(stack);
            }
            try {
                Thread.sleep(intervalMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void record(StackTraceElement[] stack) {
        total++;
        for (String[] c : CATEGORIES) {
            for (StackTraceElement f : stack) {
                String where = f.getClassName() + "." + f.getMethodName();
                for (int i = 1; i < c.length; i++) {
                    if (where.startsWith(c[i])) {
                        samples.merge(c[0], 1L, Long::sum);
                        if (c == CATEGORIES.get(0)) {
                            databaseEntries.merge(stateEntry(stack), 1L, Long::sum);
                        }
                        return;
                    }
                }
            }
        }
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")) {
                continue;
            }
            samples.merge(c.startsWith("org.apache.camel.") ? "Camel routing"
                    : c.startsWith("com.wdtkingdee.sync.") ? "product code" : "other (JDK)", 1L, Long::sum);
            return;
        }
        samples.merge("other (JDK)", 1L, Long::sum);
    }

    /** The outermost frame of the state package: the store method the product called (e.g. markSaved). */
    private static String stateEntry(StackTraceElement[] stack) {
        String entry = "?";
        boolean inside = false;
        for (StackTraceElement f : stack) {
            boolean state = f.getClassName().startsWith("com.wdtkingdee.sync.state.");
            if (state) {
                String cls = f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1);
                int lambda = cls.indexOf('$');
                entry = (lambda < 0 ? cls : cls.substring(0, lambda)) + "." + f.getMethodName();
                inside = true;
            } else if (inside) {
                break;
            }
        }
        return entry;
    }

    /** Share of the database samples per store method, in percent of all samples, largest first. */
    synchronized Map<String, Double> databaseShares() {
        Map<String, Double> out = new LinkedHashMap<>();
        databaseEntries.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> out.put(e.getKey(), 100.0 * e.getValue() / Math.max(1, total)));
        return out;
    }

    /** Share of the samples per category, in percent, largest first (categories without samples omitted). */
    synchronized Map<String, Double> shares() {
        Map<String, Double> out = new LinkedHashMap<>();
        samples.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> out.put(e.getKey(), 100.0 * e.getValue() / Math.max(1, total)));
        return out;
    }

    synchronized long total() {
        return total;
    }

    @Override
    public void close() {
        running.set(false);
        sampler.interrupt();
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
