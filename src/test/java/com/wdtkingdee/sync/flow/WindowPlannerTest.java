package com.wdtkingdee.sync.flow;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class WindowPlannerTest {

    private static final Instant T0 = Instant.parse("2024-05-20T00:00:00Z");

    static Stream<Arguments> plans() {
        return Stream.of(
                // no checkpoint: from the initial start to now - lag, one window
                Arguments.of("first run", null, T0, T0.plus(Duration.ofHours(5)),
                        List.of(w(T0, T0.plus(Duration.ofHours(5)).minusSeconds(60)))),
                // checkpoint: re-read the 10-minute lookback
                Arguments.of("lookback", T0.plus(Duration.ofHours(1)), T0, T0.plus(Duration.ofHours(2)),
                        List.of(w(T0.plus(Duration.ofMinutes(50)), T0.plus(Duration.ofHours(2)).minusSeconds(60)))),
                // nothing to do when now - lag is not after the start
                Arguments.of("caught up", T0.plus(Duration.ofMinutes(10)), T0, T0.plus(Duration.ofMinutes(1)), List.of()),
                // a 45-day gap is cut into 1-day windows sharing their boundaries
                Arguments.of("45-day gap", T0.plus(Duration.ofMinutes(10)), T0, T0.plus(Duration.ofDays(45)).plusSeconds(60),
                        daily(45)),
                // sub-second instants are cut to whole seconds
                Arguments.of("seconds", null, T0.plusMillis(1500), T0.plusSeconds(100).plusMillis(900),
                        List.of(w(T0.plusSeconds(1), T0.plusSeconds(40)))));
    }

    private static Window w(Instant a, Instant b) {
        return new Window(a, b);
    }

    private static List<Window> daily(int days) {
        return java.util.stream.IntStream.range(0, days)
                .mapToObj(i -> w(T0.plus(Duration.ofDays(i)), T0.plus(Duration.ofDays(i + 1)))).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void plansWindows(String name, Instant checkpoint, Instant initial, Instant now, List<Window> expected) {
        WindowPlanner planner = new WindowPlanner(Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofDays(1));
        List<Window> windows = planner.plan(Optional.ofNullable(checkpoint), initial, now);
        assertThat(windows).containsExactlyElementsOf(expected);
        for (int i = 1; i < windows.size(); i++) {
            assertThat(windows.get(i).from()).as("windows are contiguous").isEqualTo(windows.get(i - 1).to());
        }
        windows.forEach(x -> assertThat(Duration.between(x.from(), x.to())).isLessThanOrEqualTo(Duration.ofDays(1)));
    }
}
