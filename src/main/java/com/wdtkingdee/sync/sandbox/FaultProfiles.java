package com.wdtkingdee.sync.sandbox;

import com.wdtkingdee.sync.sandbox.FaultPlan.Fault;

import java.util.List;
import java.util.Objects;

/**
 * Named sets of standing faults for both simulators, so that tests (and a sandbox run) can say "sync under chaos"
 * in one line, reproducibly.
 *
 * <ul>
 *   <li>{@value #NONE}: plans nothing.</li>
 *   <li>{@value #CHAOS}: every fault a real deployment meets, at moderate probabilities, drawn from fixed seeds
 *       derived from the given seed (the same request order sees the same faults):
 *       <ul>
 *         <li>Qimen: HTTP 500, HTML 502, truncated JSON, busy (errorcode 1012), each with {@value #CHAOS_P}, and at
 *             most {@value #CHAOS_MAX_BANS} rate-limit ban in the whole run (probability {@value #CHAOS_BAN_P});</li>
 *         <li>Kingdee BatchSave: session lost, response lost after commit, transient row error (MsgCode 6), edit
 *             lock (MsgCode 13), HTTP 500;</li>
 *         <li>Kingdee Allocate: session lost, response lost after commit, edit lock, HTTP 500;</li>
 *         <li>Kingdee ExecuteBillQuery: session lost, HTTP 500.</li>
 *       </ul>
 *       No {@link Fault#TIMEOUT} (each costs a whole client timeout). The simulators' ban is one refused answer:
 *       the next call is served again (it does not hold the client off for the announced seconds).</li>
 * </ul>
 * Profiles add to whatever is already planned on the simulators' {@link FaultPlan}s.
 */
public final class FaultProfiles {

    /** No faults. */
    public static final String NONE = "none";
    /** Moderate, seeded faults on both simulators. */
    public static final String CHAOS = "chaos";
    /** Every profile name. */
    public static final List<String> NAMES = List.of(NONE, CHAOS);

    /** Probability of each chaos fault per request. */
    public static final double CHAOS_P = 0.04;
    /** Probability of the Qimen rate-limit ban per request, until it happened once. */
    public static final double CHAOS_BAN_P = 0.02;
    /** Rate-limit bans in a whole chaos run, at most. */
    public static final int CHAOS_MAX_BANS = 1;

    private FaultProfiles() {
    }

    /**
     * Plans the standing faults of {@code profile} on both simulators.
     *
     * @param seed base of the fault seeds: the same seed and request order give the same faults
     * @throws IllegalArgumentException for an unknown profile (the message lists {@link #NAMES})
     */
    public static void apply(String profile, QimenSimulator qimen, KingdeeSimulator kingdee, long seed) {
        Objects.requireNonNull(qimen, "qimen");
        Objects.requireNonNull(kingdee, "kingdee");
        switch (String.valueOf(profile)) {
            case NONE -> {
                // nothing
            }
            case CHAOS -> chaos(qimen.faults(), kingdee.faults(), seed);
            default -> throw new IllegalArgumentException("unknown fault profile '" + profile + "', valid: "
                    + String.join(", ", NAMES));
        }
    }

    private static void chaos(FaultPlan q, FaultPlan k, long seed) {
        Seeds s = new Seeds(seed);
        for (Fault f : List.of(Fault.HTTP_500, Fault.HTML_502, Fault.TRUNCATED_JSON, Fault.BUSY)) {
            q.always(FaultPlan.QIMEN, f, CHAOS_P, s.next());
        }
        q.always(FaultPlan.QIMEN, Fault.RATE_LIMIT_BAN, CHAOS_BAN_P, s.next(), CHAOS_MAX_BANS);

        for (Fault f : List.of(Fault.SESSION_LOST, Fault.LOST_RESPONSE_AFTER_COMMIT, Fault.ROW_TRANSIENT_ERROR,
                Fault.EDIT_LOCK, Fault.HTTP_500)) {
            k.always(FaultPlan.BATCH_SAVE, f, CHAOS_P, s.next());
        }
        for (Fault f : List.of(Fault.SESSION_LOST, Fault.LOST_RESPONSE_AFTER_COMMIT, Fault.EDIT_LOCK,
                Fault.HTTP_500)) {
            k.always(FaultPlan.ALLOCATE, f, CHAOS_P, s.next());
        }
        for (Fault f : List.of(Fault.SESSION_LOST, Fault.HTTP_500)) {
            k.always(FaultPlan.EXECUTE_BILL_QUERY, f, CHAOS_P, s.next());
        }
    }

    /** Distinct, reproducible seeds for each standing fault. */
    private static final class Seeds {
        private long n;

        Seeds(long base) {
            this.n = base * 1_000_003L;
        }

        long next() {
            return ++n * 0x9E3779B97F4A7C15L;
        }
    }
}
