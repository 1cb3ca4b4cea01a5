package com.wdtkingdee.sync.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemeLockTest {

    @Test
    void onlyOneHolderPerSchemeUntilReleased() {
        SchemeLock instanceA = new SchemeLock(TestDatabase.dataSource());
        SchemeLock instanceB = new SchemeLock(TestDatabase.dataSource());

        Optional<SchemeLock.Held> first = instanceA.tryAcquire("lock-test");
        assertThat(first).isPresent();
        try (SchemeLock.Held other = instanceB.tryAcquire("lock-test-other").orElseThrow()) {
            assertThat(other.scheme()).isEqualTo("lock-test-other");
            assertThat(instanceB.tryAcquire("lock-test")).isEmpty();
        }

        first.get().close();
        first.get().close();

        Optional<SchemeLock.Held> second = instanceB.tryAcquire("lock-test");
        assertThat(second).isPresent();
        second.get().close();
    }
}
