package com.wdtkingdee.sync.ops;

import com.wdtkingdee.sync.alert.AlertEvent;
import com.wdtkingdee.sync.alert.AlertKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which looks at the health call for an alert. */
class HealthTransitionsTest {

    /**
     * Each row is a sequence of looks {@code UP|DOWN/inRow/total}, separated by spaces, and the kinds expected at
     * each look ({@code -} = none, {@code +} joins two).
     */
    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            UP/0/0 UP/0/0                              | - -
            DOWN/0/0 DOWN/0/0 UP/0/0 UP/0/0            | HEALTH_DOWN - HEALTH_UP -
            UP/0/0 DOWN/0/0 UP/0/0 DOWN/0/0            | - HEALTH_DOWN HEALTH_UP HEALTH_DOWN
            UP/1/1 UP/2/2 UP/3/3 UP/3/3 UP/4/4         | - - KINGDEE_LOGIN_FAILING - KINGDEE_LOGIN_FAILING
            UP/3/3 UP/0/3 UP/3/6                       | KINGDEE_LOGIN_FAILING - KINGDEE_LOGIN_FAILING
            DOWN/5/5 DOWN/5/5 UP/0/5                   | HEALTH_DOWN+KINGDEE_LOGIN_FAILING - HEALTH_UP
            UP/2/9 UP/2/10                             | - -
            """)
    void looks(String looks, String expected) {
        HealthTransitions t = new HealthTransitions();
        String[] want = expected.trim().split(" +");
        String[] seen = looks.trim().split(" +");
        assertThat(want).hasSameSizeAs(seen);
        for (int i = 0; i < seen.length; i++) {
            String[] l = seen[i].split("/");
            List<AlertKind> kinds = t.look(l[0].equals("UP"), Integer.parseInt(l[1]), Long.parseLong(l[2]));
            List<AlertKind> expectedKinds = want[i].equals("-") ? List.of()
                    : Arrays.stream(want[i].split("\\+")).map(AlertKind::valueOf).toList();
            assertThat(kinds).as("look %d (%s)", i + 1, seen[i]).containsExactlyElementsOf(expectedKinds);
        }
    }

    @Test
    void theWatchNamesTheChecksThatAreDownAndTheLastLoginError() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-30T06:00:00Z"), ZoneOffset.UTC);
        HealthWatch watch = new HealthWatch("customer-sync", null, clock);
        List<AlertEvent> down = watch.events(new ArrayList<>(List.of("kingdee (Kingdee unreachable: HTTP 500)",
                "kingdee-session (login failed)")), 3, 3, "Kingdee login answered HTTP 500");
        assertThat(down).extracting(AlertEvent::kind)
                .containsExactly(AlertKind.HEALTH_DOWN, AlertKind.KINGDEE_LOGIN_FAILING);
        assertThat(down.get(0).text()).contains("DOWN").contains("kingdee (Kingdee unreachable: HTTP 500)")
                .contains("kingdee-session");
        assertThat(down.get(1).text()).contains("3 login(s) failed in a row").contains("HTTP 500");
        assertThat(down.get(1).counts()).containsEntry("attempts", 3L);
        assertThat(down.get(0).at()).isEqualTo(clock.instant());

        assertThat(watch.events(List.of(), 0, 3, null)).extracting(AlertEvent::kind)
                .containsExactly(AlertKind.HEALTH_UP);
        assertThat(watch.events(List.of(), 0, 3, null)).isEmpty();
    }
}
