package com.wdtkingdee.sync.sandbox;

import com.wdtkingdee.sync.sandbox.FaultPlan.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The named fault profiles: what chaos plans, that none plans nothing, that unknown names are refused. */
class FaultProfilesTest {

    static final List<String> OPERATIONS = List.of(FaultPlan.QIMEN, FaultPlan.VALIDATE_USER, FaultPlan.BATCH_SAVE,
            FaultPlan.ALLOCATE, FaultPlan.EXECUTE_BILL_QUERY);
    static final int DRAWS = 3000;

    final QimenSimulator qimen = new QimenSimulator(QimenSimulator.Config.sandboxDefaults());
    final KingdeeSimulator kingdee = new KingdeeSimulator(KingdeeSimulator.Config.sandboxDefaults());

    FaultPlan plan(String operation) {
        return operation.equals(FaultPlan.QIMEN) ? qimen.faults() : kingdee.faults();
    }

    /** Draws the faults of {@code n} requests of each operation, as the simulators would. */
    Map<String, List<Fault>> draw(int n) {
        Map<String, List<Fault>> out = new java.util.LinkedHashMap<>();
        for (String op : OPERATIONS) {
            List<Fault> faults = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                faults.add(plan(op).take(op));
            }
            out.put(op, faults);
        }
        return out;
    }

    @Test
    void chaosPlansTheListedFaultsAtModerateProbabilities() {
        FaultProfiles.apply("chaos", qimen, kingdee, 7);

        assertThat(qimen.faults().standing(FaultPlan.QIMEN)).containsExactly("HTTP_500@0.04", "HTML_502@0.04",
                "TRUNCATED_JSON@0.04", "BUSY@0.04", "RATE_LIMIT_BAN@0.02x1");
        assertThat(kingdee.faults().standing(FaultPlan.BATCH_SAVE)).containsExactly("SESSION_LOST@0.04",
                "LOST_RESPONSE_AFTER_COMMIT@0.04", "ROW_TRANSIENT_ERROR@0.04", "EDIT_LOCK@0.04", "HTTP_500@0.04");
        assertThat(kingdee.faults().standing(FaultPlan.ALLOCATE)).containsExactly("SESSION_LOST@0.04",
                "LOST_RESPONSE_AFTER_COMMIT@0.04", "EDIT_LOCK@0.04", "HTTP_500@0.04");
        assertThat(kingdee.faults().standing(FaultPlan.EXECUTE_BILL_QUERY)).containsExactly("SESSION_LOST@0.04",
                "HTTP_500@0.04");
        assertThat(kingdee.faults().standing(FaultPlan.VALIDATE_USER)).isEmpty();

        Map<String, List<Fault>> drawn = draw(DRAWS);
        assertThat(new java.util.HashSet<>(drawn.get(FaultPlan.QIMEN))).containsExactlyInAnyOrder(null, Fault.HTTP_500,
                Fault.HTML_502, Fault.TRUNCATED_JSON, Fault.BUSY, Fault.RATE_LIMIT_BAN);
        assertThat(Collections.frequency(drawn.get(FaultPlan.QIMEN), Fault.RATE_LIMIT_BAN)).as("one ban at most")
                .isEqualTo(1);
        assertThat(new java.util.HashSet<>(drawn.get(FaultPlan.BATCH_SAVE))).containsExactlyInAnyOrder(null, Fault.SESSION_LOST,
                Fault.LOST_RESPONSE_AFTER_COMMIT, Fault.ROW_TRANSIENT_ERROR, Fault.EDIT_LOCK, Fault.HTTP_500);
        assertThat(new java.util.HashSet<>(drawn.get(FaultPlan.ALLOCATE))).containsExactlyInAnyOrder(null, Fault.SESSION_LOST,
                Fault.LOST_RESPONSE_AFTER_COMMIT, Fault.EDIT_LOCK, Fault.HTTP_500);
        assertThat(new java.util.HashSet<>(drawn.get(FaultPlan.EXECUTE_BILL_QUERY))).containsExactlyInAnyOrder(null,
                Fault.SESSION_LOST, Fault.HTTP_500);
        assertThat(drawn.get(FaultPlan.VALIDATE_USER)).containsOnlyNulls();
        drawn.forEach((op, faults) -> {
            assertThat(faults).as(op + ": never a timeout").doesNotContain(Fault.TIMEOUT);
            long hit = faults.stream().filter(Objects::nonNull).count();
            assertThat(hit).as(op + ": moderate, most requests pass").isLessThan(DRAWS / 4);
        });
    }

    @Test
    void chaosIsReproducibleForASeedAndDiffersBetweenSeeds() {
        FaultProfiles.apply(FaultProfiles.CHAOS, qimen, kingdee, 11);
        Map<String, List<Fault>> first = draw(400);

        FaultProfilesTest again = new FaultProfilesTest();
        FaultProfiles.apply(FaultProfiles.CHAOS, again.qimen, again.kingdee, 11);
        FaultProfilesTest other = new FaultProfilesTest();
        FaultProfiles.apply(FaultProfiles.CHAOS, other.qimen, other.kingdee, 12);

        assertThat(again.draw(400)).isEqualTo(first);
        assertThat(other.draw(400)).isNotEqualTo(first);
    }

    @Test
    void noneAppliesNothing() {
        FaultProfiles.apply("none", qimen, kingdee, 7);

        OPERATIONS.forEach(op -> assertThat(plan(op).standing(op)).as(op).isEmpty());
        draw(500).forEach((op, faults) -> assertThat(faults).as(op).containsOnlyNulls());
        assertThat(qimen.faults().applied()).isEmpty();
        assertThat(kingdee.faults().applied()).isEmpty();
    }

    @Test
    void profilesAddToWhatIsAlreadyPlanned() {
        kingdee.faults().next(FaultPlan.BATCH_SAVE, Fault.TIMEOUT);
        FaultProfiles.apply(FaultProfiles.NONE, qimen, kingdee, 1);
        assertThat(kingdee.faults().pending(FaultPlan.BATCH_SAVE)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Chaos", "", "storm", " none"})
    void anUnknownProfileIsRefusedWithTheValidNames(String name) {
        assertThatThrownBy(() -> FaultProfiles.apply(name, qimen, kingdee, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'")
                .hasMessageContaining("none, chaos");
        assertThatThrownBy(() -> FaultProfiles.apply(null, qimen, kingdee, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none, chaos");
        OPERATIONS.forEach(op -> assertThat(plan(op).standing(op)).isEmpty());
    }

    @Test
    void aFaultCanBeWithdrawnFromAProfile() {
        FaultProfiles.apply(FaultProfiles.CHAOS, qimen, kingdee, 5);

        assertThat(kingdee.faults().withdraw(FaultPlan.BATCH_SAVE, Fault.ROW_TRANSIENT_ERROR)).isEqualTo(1);
        assertThat(kingdee.faults().withdraw(FaultPlan.BATCH_SAVE, Fault.ROW_TRANSIENT_ERROR)).isZero();
        assertThat(kingdee.faults().withdraw(FaultPlan.VALIDATE_USER, Fault.HTTP_500)).isZero();

        assertThat(kingdee.faults().standing(FaultPlan.BATCH_SAVE)).containsExactly("SESSION_LOST@0.04",
                "LOST_RESPONSE_AFTER_COMMIT@0.04", "EDIT_LOCK@0.04", "HTTP_500@0.04");
        assertThat(draw(DRAWS).get(FaultPlan.BATCH_SAVE)).doesNotContain(Fault.ROW_TRANSIENT_ERROR)
                .contains(Fault.EDIT_LOCK);
    }

    @Test
    void aCappedStandingFaultStopsAfterItsLimit() {
        FaultPlan plan = new FaultPlan();
        plan.always(FaultPlan.QIMEN, Fault.RATE_LIMIT_BAN, 1.0, 3, 2);
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            faults.add(plan.take(FaultPlan.QIMEN));
        }
        assertThat(faults).containsExactly(Fault.RATE_LIMIT_BAN, Fault.RATE_LIMIT_BAN, null, null, null);
        assertThatThrownBy(() -> plan.always(FaultPlan.QIMEN, Fault.BUSY, 0.5, 1, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(plan.applied().stream().collect(Collectors.toSet())).containsExactly("qimen:RATE_LIMIT_BAN");
    }
}
