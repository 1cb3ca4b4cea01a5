package com.wdtkingdee.sync.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
            assertThat(instanceB.acquire("lock-test")).as("another process holds it: no wait, a skip").isEmpty();
        }

        first.get().close();
        first.get().close();

        Optional<SchemeLock.Held> second = instanceB.tryAcquire("lock-test");
        assertThat(second).isPresent();
        second.get().close();
    }

    /** Issue 16.5: the ladder and the cycle of one process take turns instead of skipping each other. */
    @Test
    void aRunOfTheSameProcessWaitsForTheOneHoldingTheSchemeThenGoesAhead() throws Exception {
        SchemeLock process = new SchemeLock(TestDatabase.dataSource());
        SchemeLock.Held cycle = process.acquire("turns-test").orElseThrow();
        assertThat(process.heldHere("turns-test")).isTrue();
        assertThat(process.tryAcquire("turns-test")).as("a console replay does not wait").isEmpty();

        CompletableFuture<Optional<SchemeLock.Held>> ladder = CompletableFuture.supplyAsync(() -> process.acquire("turns-test"));
        Thread.sleep(300);
        assertThat(ladder).as("the ladder waits while the cycle runs").isNotDone();

        cycle.close(); // released from this thread, taken by the other
        Optional<SchemeLock.Held> next = ladder.get(10, TimeUnit.SECONDS);
        assertThat(next).as("the ladder runs after the cycle, not skipped").isPresent();
        assertThat(new SchemeLock(TestDatabase.dataSource()).tryAcquire("turns-test"))
                .as("and holds the database lock against other processes").isEmpty();
        next.get().close();
        assertThat(process.heldHere("turns-test")).isFalse();
    }

    @Test
    void aSkipNamesTheProcessHoldingTheLock() {
        SchemeLock other = new SchemeLock(TestDatabase.dataSource());
        try (SchemeLock.Held held = other.acquire("holder-test").orElseThrow()) {
            String holder = new SchemeLock(TestDatabase.dataSource()).describeHolder("holder-test");
            assertThat(holder).contains("wdt-kingdee-sync host=").contains("pid=" + ProcessHandle.current().pid());
        }
        assertThat(new SchemeLock(TestDatabase.dataSource()).describeHolder("holder-test")).isEqualTo("another process");
    }
}
