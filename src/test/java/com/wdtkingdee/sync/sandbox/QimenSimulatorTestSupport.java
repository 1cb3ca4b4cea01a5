package com.wdtkingdee.sync.sandbox;

import java.time.LocalDateTime;
import java.util.List;

final class QimenSimulatorTestSupport {

    private QimenSimulatorTestSupport() {
    }

    static void addDemo(QimenSimulator sim, int count) {
        sim.addOrders(DemoOrders.generate(11, count, LocalDateTime.of(2024, 5, 10, 0, 0),
                LocalDateTime.of(2024, 5, 20, 9, 0), List.of("002", "003")));
    }
}
