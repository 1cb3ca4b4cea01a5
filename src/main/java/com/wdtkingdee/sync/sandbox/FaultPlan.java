package com.wdtkingdee.sync.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Faults a simulator applies to its requests: one-shot faults queued per operation ({@link #next}) and standing,
 * probabilistic ones ({@link #always}). Thread-safe.
 *
 * <p>Operation names: {@code "qimen"} for the Qimen router, {@code "ValidateUser"}, {@code "BatchSave"},
 * {@code "ExecuteBillQuery"}, {@code "Allocate"} for the Kingdee WebAPI. A fault that makes no sense for an
 * operation (for example {@link Fault#SESSION_LOST} on {@code "qimen"}) is refused with an
 * {@link IllegalArgumentException} when it is planned, so a test cannot silently plan nothing.
 */
public final class FaultPlan {

    /** The faults a simulator can inject. */
    public enum Fault {
        /** HTTP 500 with a plain-text body; nothing is executed. */
        HTTP_500,
        /** HTTP 502 with an HTML body, as a reverse proxy in front of the server answers; nothing is executed. */
        HTML_502,
        /**
         * The server sleeps {@link FaultPlan#timeoutDelay()} (longer than a client timeout) before handling the
         * request normally: the request IS executed, the client has usually given up by then.
         */
        TIMEOUT,
        /** The request is executed normally and the answer is cut in the middle of the JSON. */
        TRUNCATED_JSON,
        /**
         * Qimen: {@code flag=failure, code=7}, sub_code {@code accesscontrol.limited-by-app-access-count},
         * "This ban will last for 3 more seconds". Kingdee: MsgCode 14 (调用限制). Nothing is executed.
         */
        RATE_LIMIT_BAN,
        /** Qimen: business errorcode 1012 (系统繁忙). Kingdee: HTTP 503 "Server Too Busy". Nothing is executed. */
        BUSY,
        /** Kingdee: every session is dropped (as on an application-pool recycle) and MsgCode 1 is answered. */
        SESSION_LOST,
        /** Kingdee BatchSave/Allocate: the request is executed and committed, then the connection is closed. */
        LOST_RESPONSE_AFTER_COMMIT,
        /** Kingdee BatchSave: the first row fails with a transient database error (MsgCode 6); other rows run. */
        ROW_TRANSIENT_ERROR,
        /** Kingdee BatchSave/Allocate: MsgCode 13 网控冲突 "…冲突，请稍候再使用。"; nothing is executed. */
        EDIT_LOCK
    }

    /** Operation name of the Qimen router. */
    public static final String QIMEN = "qimen";
    /** Kingdee login operation name. */
    public static final String VALIDATE_USER = "ValidateUser";
    /** Kingdee save operation name. */
    public static final String BATCH_SAVE = "BatchSave";
    /** Kingdee query operation name. */
    public static final String EXECUTE_BILL_QUERY = "ExecuteBillQuery";
    /** Kingdee allocate operation name. */
    public static final String ALLOCATE = "Allocate";

    private static final Set<Fault> TRANSPORT = EnumSet.of(Fault.HTTP_500, Fault.HTML_502, Fault.TIMEOUT,
            Fault.TRUNCATED_JSON, Fault.RATE_LIMIT_BAN, Fault.BUSY);
    private static final Map<String, Set<Fault>> SUPPORTED = Map.of(
            QIMEN, TRANSPORT,
            VALIDATE_USER, TRANSPORT,
            EXECUTE_BILL_QUERY, union(TRANSPORT, EnumSet.of(Fault.SESSION_LOST)),
            BATCH_SAVE, union(TRANSPORT, EnumSet.of(Fault.SESSION_LOST, Fault.LOST_RESPONSE_AFTER_COMMIT,
                    Fault.ROW_TRANSIENT_ERROR, Fault.EDIT_LOCK)),
            ALLOCATE, union(TRANSPORT, EnumSet.of(Fault.SESSION_LOST, Fault.LOST_RESPONSE_AFTER_COMMIT,
                    Fault.EDIT_LOCK)));

    private final Map<String, Deque<Fault>> queued = new HashMap<>();
    private final Map<String, List<Standing>> standing = new HashMap<>();
    private final List<String> applied = new ArrayList<>();
    private Duration timeoutDelay = Duration.ofSeconds(65);

    /** Queues a one-shot fault for the next request of {@code operation} (FIFO per operation). */
    public synchronized void next(String operation, Fault fault) {
        check(operation, fault);
        queued.computeIfAbsent(operation, k -> new ArrayDeque<>()).addLast(fault);
    }

    /**
     * Applies {@code fault} to every request of {@code operation} with the given probability, drawn from a
     * {@link Random} seeded with {@code seed} (deterministic for a given request order). One-shot faults win.
     */
    public synchronized void always(String operation, Fault fault, double probability, long seed) {
        check(operation, fault);
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("probability must be in [0,1]: " + probability);
        }
        standing.computeIfAbsent(operation, k -> new ArrayList<>()).add(new Standing(fault, probability,
                new Random(seed)));
    }

    /** Removes every planned fault (queued and standing). */
    public synchronized void clear() {
        queued.clear();
        standing.clear();
    }

    /** How long {@link Fault#TIMEOUT} sleeps; default 65 s (longer than usual client read timeouts). */
    public synchronized Duration timeoutDelay() {
        return timeoutDelay;
    }

    /** Sets how long {@link Fault#TIMEOUT} sleeps. */
    public synchronized void timeoutDelay(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("delay must be >= 0");
        }
        this.timeoutDelay = delay;
    }

    /** Number of one-shot faults still waiting for {@code operation}. */
    public synchronized int pending(String operation) {
        Deque<Fault> q = queued.get(operation);
        return q == null ? 0 : q.size();
    }

    /** Log of faults applied so far, as {@code operation:FAULT}, oldest first. */
    public synchronized List<String> applied() {
        return List.copyOf(applied);
    }

    /**
     * Takes the fault to apply to the current request of {@code operation}, or {@code null}. Called by the
     * simulators once per request.
     */
    synchronized Fault take(String operation) {
        Fault fault = null;
        Deque<Fault> q = queued.get(operation);
        if (q != null && !q.isEmpty()) {
            fault = q.pollFirst();
        } else {
            for (Standing s : standing.getOrDefault(operation, List.of())) {
                if (s.random.nextDouble() < s.probability) {
                    fault = s.fault;
                    break;
                }
            }
        }
        if (fault != null) {
            applied.add(operation + ":" + fault);
        }
        return fault;
    }

    private static void check(String operation, Fault fault) {
        Objects.requireNonNull(fault, "fault");
        Set<Fault> ok = SUPPORTED.get(operation);
        if (ok == null) {
            throw new IllegalArgumentException("unknown operation " + operation + ", expected one of "
                    + SUPPORTED.keySet());
        }
        if (!ok.contains(fault)) {
            throw new IllegalArgumentException(fault + " is not supported for " + operation + ", supported: " + ok);
        }
    }

    private static Set<Fault> union(Set<Fault> a, Set<Fault> b) {
        EnumSet<Fault> s = EnumSet.copyOf(a);
        s.addAll(b);
        return s;
    }

    private record Standing(Fault fault, double probability, Random random) {
    }
}
