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
 * probabilistic ones ({@link #always}), and the {@link RequestHook} called at fixed points of every request
 * ({@link #onRequest}). Thread-safe.
 *
 * <p>Operation names: {@code "qimen"} for the 旺店通 source (both the Qimen router and the openapi2 endpoint of
 * {@link QimenSimulator}), {@code "ValidateUser"}, {@code "LoginByAppSecret"}, {@code "LoginBySign"},
 * {@code "BatchSave"}, {@code "ExecuteBillQuery"}, {@code "Allocate"} for the Kingdee WebAPI. A fault that makes no sense for an
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
    /** Kingdee third-party app login (secret in clear) operation name. */
    public static final String LOGIN_BY_APP_SECRET = "LoginByAppSecret";
    /** Kingdee third-party app login (SHA-256 sign) operation name. */
    public static final String LOGIN_BY_SIGN = "LoginBySign";
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
            LOGIN_BY_APP_SECRET, TRANSPORT,
            LOGIN_BY_SIGN, TRANSPORT,
            EXECUTE_BILL_QUERY, union(TRANSPORT, EnumSet.of(Fault.SESSION_LOST)),
            BATCH_SAVE, union(TRANSPORT, EnumSet.of(Fault.SESSION_LOST, Fault.LOST_RESPONSE_AFTER_COMMIT,
                    Fault.ROW_TRANSIENT_ERROR, Fault.EDIT_LOCK)),
            ALLOCATE, union(TRANSPORT, EnumSet.of(Fault.SESSION_LOST, Fault.LOST_RESPONSE_AFTER_COMMIT,
                    Fault.EDIT_LOCK)));

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FaultPlan.class);

    private final Map<String, Deque<Fault>> queued = new HashMap<>();
    private final Map<String, List<Standing>> standing = new HashMap<>();
    private final Map<String, Integer> arrivals = new HashMap<>();
    private final List<String> applied = new ArrayList<>();
    private Duration timeoutDelay = Duration.ofSeconds(65);
    private volatile RequestHook hook;
    private final Object answerLock = new Object();
    /** Answers being written whose AFTER_ANSWER hook has not returned yet (counted only while a hook is set). */
    private int answersInFlight;
    private static final long ANSWER_WAIT_MILLIS = 5_000;

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
        always(operation, fault, probability, seed, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #always(String, Fault, double, long)}, but the fault is applied at most {@code maxTimes} times in
     * total (e.g. at most one rate-limit ban in a whole run); afterwards it no longer draws.
     */
    public synchronized void always(String operation, Fault fault, double probability, long seed, int maxTimes) {
        check(operation, fault);
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("probability must be in [0,1]: " + probability);
        }
        if (maxTimes < 0) {
            throw new IllegalArgumentException("maxTimes must be >= 0: " + maxTimes);
        }
        standing.computeIfAbsent(operation, k -> new ArrayList<>()).add(new Standing(fault, probability,
                new Random(seed), maxTimes));
    }

    /**
     * Standing faults planned so far for {@code operation}, in planning order, as {@code FAULT@probability}
     * (with {@code xN} when capped), e.g. {@code [HTTP_500@0.04, RATE_LIMIT_BAN@0.02x1]}.
     */
    public synchronized List<String> standing(String operation) {
        return standing.getOrDefault(operation, List.of()).stream()
                .map(s -> s.fault + "@" + s.probability + (s.maxTimes == Integer.MAX_VALUE ? "" : "x" + s.maxTimes))
                .toList();
    }

    /**
     * Sets the hook called at the {@link RequestHook.Phase phases} of every request (null removes it). One hook at
     * a time; {@link #clear()} does not remove it.
     */
    public void onRequest(RequestHook hook) {
        this.hook = hook;
    }

    /**
     * Removes the standing faults of kind {@code fault} planned for {@code operation} (e.g. to run a profile minus
     * one fault); returns how many were removed. Queued one-shot faults stay.
     */
    public synchronized int withdraw(String operation, Fault fault) {
        List<Standing> list = standing.get(operation);
        if (list == null) {
            return 0;
        }
        int before = list.size();
        list.removeIf(s -> s.fault == fault);
        return before - list.size();
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
                if (s.used < s.maxTimes && s.random.nextDouble() < s.probability) {
                    s.used++;
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

    /** Counts a new request of {@code operation} and returns its 1-based sequence number. */
    synchronized int arrive(String operation) {
        return arrivals.merge(operation, 1, Integer::sum);
    }

    /**
     * Called by a simulator right before it writes (or drops) an answer. While a hook is set, the BEFORE phase of
     * any later request waits (at most 5 s) until that answer's AFTER_ANSWER hook has returned, so a client that
     * sends its requests one after the other sees the hook events in request order (the client can read an answer
     * before the server thread gets to its AFTER_ANSWER hook). Returns whether the answer was counted; pass it to
     * {@link #answered(boolean)}.
     */
    boolean answering() {
        if (hook == null) {
            return false;
        }
        synchronized (answerLock) {
            answersInFlight++;
        }
        return true;
    }

    /** Called after the AFTER_ANSWER hook with the value {@link #answering()} returned. */
    void answered(boolean counted) {
        if (counted) {
            synchronized (answerLock) {
                answersInFlight--;
                answerLock.notifyAll();
            }
        }
    }

    private void awaitAnswers() {
        long deadline = System.nanoTime() + ANSWER_WAIT_MILLIS * 1_000_000;
        synchronized (answerLock) {
            while (answersInFlight > 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return;
                }
                try {
                    answerLock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Calls the hook, if any. Returns false when the hook threw: the simulator then abandons the request (closes the
     * connection without an answer).
     */
    boolean reached(String operation, RequestHook.Phase phase, int sequence) {
        RequestHook h = hook;
        if (h == null) {
            return true;
        }
        if (phase == RequestHook.Phase.BEFORE) {
            awaitAnswers();
        }
        try {
            h.on(operation, phase, sequence);
            return true;
        } catch (RuntimeException e) {
            LOG.debug("request hook abandoned {} #{} at {}: {}", operation, sequence, phase, e.toString());
            return false;
        }
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

    private static final class Standing {
        final Fault fault;
        final double probability;
        final Random random;
        final int maxTimes;
        int used;

        Standing(Fault fault, double probability, Random random, int maxTimes) {
            this.fault = fault;
            this.probability = probability;
            this.random = random;
            this.maxTimes = maxTimes;
        }
    }
}
