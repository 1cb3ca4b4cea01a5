package com.wdtkingdee.sync.ops;

import com.wdtkingdee.sync.state.CheckpointStore;
import com.wdtkingdee.sync.state.DeadLetterStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The product's own metrics, published beside Camel's route metrics on {@code /observe/metrics}
 * (Prometheus names {@code wdtsync_*}). Counters are plain atomics updated by the beans; they are bound to the
 * Micrometer registry once Camel has started.
 */
public final class SyncMetrics {

    private final AtomicLong ordersFetched = new AtomicLong();
    /** orders per bucket of the completed windows: every order read is in exactly one */
    private final java.util.Map<com.wdtkingdee.sync.flow.Bucket, AtomicLong> ordersByBucket =
            new java.util.EnumMap<>(com.wdtkingdee.sync.flow.Bucket.class);
    private final AtomicLong wdtCalls = new AtomicLong();
    private final AtomicLong wdtBans = new AtomicLong();
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong failedCycles = new AtomicLong();
    private final CheckpointStore checkpoints;
    private final DeadLetterStore deadLetters;
    private final String scheme;
    private final Clock clock;
    private com.wdtkingdee.sync.kingdee.KingdeeCircuit kingdeeCircuit;

    public SyncMetrics(CheckpointStore checkpoints, DeadLetterStore deadLetters, String scheme, Clock clock) {
        this.checkpoints = checkpoints;
        this.deadLetters = deadLetters;
        this.scheme = scheme;
        this.clock = clock;
        for (com.wdtkingdee.sync.flow.Bucket b : com.wdtkingdee.sync.flow.Bucket.values()) {
            ordersByBucket.put(b, new AtomicLong());
        }
    }

    /** A completed window's counts: orders read, and orders per bucket. */
    public void window(com.wdtkingdee.sync.state.WindowCounts c) {
        ordersFetched.addAndGet(c.orders());
        add(com.wdtkingdee.sync.flow.Bucket.FILTERED, c.filtered());
        add(com.wdtkingdee.sync.flow.Bucket.PARKED, c.deadLettered());
        add(com.wdtkingdee.sync.flow.Bucket.NEW, c.saved());
        add(com.wdtkingdee.sync.flow.Bucket.EXISTING, c.existing());
        add(com.wdtkingdee.sync.flow.Bucket.ALREADY_WRITTEN, c.alreadyWritten());
        add(com.wdtkingdee.sync.flow.Bucket.REPEATED, c.repeated());
    }

    private void add(com.wdtkingdee.sync.flow.Bucket bucket, long n) {
        ordersByBucket.get(bucket).addAndGet(n);
    }

    /** Orders of the completed windows in {@code bucket}. */
    public long orders(com.wdtkingdee.sync.flow.Bucket bucket) {
        return ordersByBucket.get(bucket).get();
    }

    /** Orders read by the completed windows. */
    public long ordersRead() {
        return ordersFetched.get();
    }

    public void wdtCall() {
        wdtCalls.incrementAndGet();
    }

    public void wdtBan() {
        wdtBans.incrementAndGet();
    }

    public void cycle(boolean failed) {
        cycles.incrementAndGet();
        if (failed) {
            failedCycles.incrementAndGet();
        }
    }

    /** Seconds between the checkpoint and now; -1 before the first completed window. */
    public double checkpointLagSeconds() {
        return checkpoints.get(scheme).map(c -> (double) Duration.between(c, clock.instant()).toSeconds()).orElse(-1.0);
    }

    public long openDeadLetters() {
        return deadLetters.countOpen(scheme);
    }

    public long wdtCalls() {
        return wdtCalls.get();
    }

    /** Where the Kingdee calls are counted (logins and data calls, per service name). */
    public SyncMetrics kingdeeCalls(java.util.function.Supplier<java.util.Map<String, Long>> calls) {
        this.kingdeeCalls = calls;
        return this;
    }

    private java.util.function.Supplier<java.util.Map<String, Long>> kingdeeCalls = java.util.Map::of;
    /** The Kingdee circuit breaker whose state and refusals are exported. */
    public void kingdeeCircuit(com.wdtkingdee.sync.kingdee.KingdeeCircuit circuit) {
        this.kingdeeCircuit = circuit;
    }

    /** 0 closed (or switched off), 1 open (calls fail fast), 2 half-open (trial calls). */
    static double circuitState(String state) {
        return switch (state) {
            case "OPEN", "FORCED_OPEN" -> 1;
            case "HALF_OPEN" -> 2;
            default -> 0;
        };
    }

    public void bindTo(MeterRegistry registry) {
        counter(registry, "wdtsync.orders.read", "read: stockout orders read from 旺店通", ordersFetched);
        // one counter per bucket, tagged: sum(wdtsync_orders_total) == wdtsync_orders_read_total
        for (com.wdtkingdee.sync.flow.Bucket b : com.wdtkingdee.sync.flow.Bucket.values()) {
            FunctionCounter.builder("wdtsync.orders", ordersByBucket.get(b), AtomicLong::doubleValue)
                    .description("orders read, per bucket (filtered, parked, new, existing, already-written,"
                            + " repeated): each order read is in exactly one")
                    .tag("scheme", scheme).tag("bucket", b.word(true)).register(registry);
        }
        counter(registry, "wdtsync.wdt.calls", "calls to the 旺店通 API", wdtCalls);
        counter(registry, "wdtsync.wdt.bans", "rate-limit bans answered by the 旺店通 API", wdtBans);
        for (String service : com.wdtkingdee.sync.kingdee.KingdeeStatistics.COUNTED_SERVICES) {
            FunctionCounter.builder("wdtsync.kingdee.calls", this,
                            m -> m.kingdeeCalls.get().getOrDefault(service, 0L).doubleValue())
                    .description("calls made to Kingdee (logins, BatchSave, Allocate, ExecuteBillQuery)")
                    .tag("scheme", scheme).tag("service", service).register(registry);
        }
        counter(registry, "wdtsync.cycles", "sync cycles run", cycles);
        counter(registry, "wdtsync.cycles.failed", "sync cycles that failed", failedCycles);
        Gauge.builder("wdtsync.parked.open", this, m -> m.safe(m::openDeadLetters))
                .description("parked: items in the dead-letter table not yet resolved").tag("scheme", scheme).register(registry);
        Gauge.builder("wdtsync.checkpoint.lag.seconds", this, m -> m.safe(m::checkpointLagSeconds))
                .description("seconds between the checkpoint and now").tag("scheme", scheme).register(registry);
        if (kingdeeCircuit != null) {
            com.wdtkingdee.sync.kingdee.KingdeeCircuit c = kingdeeCircuit;
            Gauge.builder("wdtsync.kingdee.circuit.state", c, k -> circuitState(k.state()))
                    .description("Kingdee circuit breaker: 0 closed, 1 open (calls fail fast), 2 half-open")
                    .tag("scheme", scheme).register(registry);
            FunctionCounter.builder("wdtsync.kingdee.calls.rejected", c, k -> (double) k.rejectedCalls())
                    .description("Kingdee calls refused by the open circuit breaker").tag("scheme", scheme)
                    .register(registry);
        }
    }

    private double safe(java.util.function.Supplier<Number> s) {
        try {
            return s.get().doubleValue();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private void counter(MeterRegistry registry, String name, String description, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::doubleValue).description(description).tag("scheme", scheme)
                .register(registry);
    }
}
