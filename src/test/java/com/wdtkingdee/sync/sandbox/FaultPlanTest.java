package com.wdtkingdee.sync.sandbox;

import com.wdtkingdee.sync.sandbox.FaultPlan.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultPlanTest {

    @Test
    void oneShotFaultsAreFifoPerOperation() {
        FaultPlan plan = new FaultPlan();
        plan.next("BatchSave", Fault.HTTP_500);
        plan.next("BatchSave", Fault.EDIT_LOCK);
        plan.next("qimen", Fault.BUSY);

        assertThat(plan.take("ExecuteBillQuery")).isNull();
        assertThat(plan.take("BatchSave")).isEqualTo(Fault.HTTP_500);
        assertThat(plan.pending("BatchSave")).isEqualTo(1);
        assertThat(plan.take("BatchSave")).isEqualTo(Fault.EDIT_LOCK);
        assertThat(plan.take("BatchSave")).isNull();
        assertThat(plan.take("qimen")).isEqualTo(Fault.BUSY);
    }

    @Test
    void standingFaultsAreDeterministicForASeedAndOneShotsComeFirst() {
        List<Fault> a = draw(7);
        List<Fault> b = draw(7);
        assertThat(a).isEqualTo(b);
        assertThat(a).contains(Fault.BUSY).containsNull();

        FaultPlan plan = new FaultPlan();
        plan.always("qimen", Fault.BUSY, 1.0, 1);
        plan.next("qimen", Fault.HTTP_500);
        assertThat(plan.take("qimen")).isEqualTo(Fault.HTTP_500);
        assertThat(plan.take("qimen")).isEqualTo(Fault.BUSY);
    }

    private static List<Fault> draw(long seed) {
        FaultPlan plan = new FaultPlan();
        plan.always("qimen", Fault.BUSY, 0.5, seed);
        List<Fault> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            out.add(plan.take("qimen"));
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"qimen, SESSION_LOST", "qimen, LOST_RESPONSE_AFTER_COMMIT", "ExecuteBillQuery, EDIT_LOCK",
            "ValidateUser, ROW_TRANSIENT_ERROR", "Allocate, ROW_TRANSIENT_ERROR", "Save, HTTP_500"})
    void faultsThatCannotApplyAreRefused(String operation, Fault fault) {
        FaultPlan plan = new FaultPlan();
        assertThatThrownBy(() -> plan.next(operation, fault)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> plan.always(operation, fault, 1.0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void probabilityMustBeAProbability() {
        assertThatThrownBy(() -> new FaultPlan().always("qimen", Fault.BUSY, 1.5, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
