package com.wdtkingdee.sync.flow;

import com.wdtkingdee.sync.state.CustomerStatus;
import com.wdtkingdee.sync.state.DeadLetter;
import com.wdtkingdee.sync.state.TestDatabase;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the state database costs per batch, counted on the shipped routes (see {@link MockedChainSupport}) through a
 * DataSource that records every statement prepared: the registry's statements per batch, their order against the
 * Kingdee calls (the SENDING mark is committed before BatchSave, the outcome recorded after it), and one INSERT for
 * all the dead letters of a batch. {@code sync.batch-size} is 3.
 */
class StatementsPerBatchTest extends MockedChainSupport {

    /** A registry statement: one naming the {@code customer} table. */
    private static final Pattern REGISTRY = Pattern.compile("\\bcustomer\\b");

    /** Every statement prepared through the state DataSource, in order. */
    private final List<String> statements = Collections.synchronizedList(new ArrayList<>());

    @Override
    protected DataSource stateDataSource() {
        DataSource real = TestDatabase.dataSource();
        return proxy(DataSource.class, (p, m, args) -> {
            Object result = invoke(real, m, args);
            return m.getName().equals("getConnection") ? counting((Connection) result) : result;
        });
    }

    private Connection counting(Connection real) {
        return proxy(Connection.class, (p, m, args) -> {
            if ((m.getName().equals("prepareStatement") || m.getName().equals("prepareCall")) && args != null) {
                record((String) args[0]);
            } else if (m.getName().equals("createStatement")) {
                record("(plain statement)");
            }
            return invoke(real, m, args);
        });
    }

    private void record(String sql) {
        statements.add(sql);
        if (REGISTRY.matcher(sql).find()) {
            events.add("db:" + kind(sql));
        }
    }

    /** A short name for each registry statement the batch steps run. */
    private static String kind(String sql) {
        if (sql.contains("AS k(use_org, title_key)")) {
            return "written-lookup";
        }
        if (sql.contains("INSERT INTO customer")) {
            return "register";
        }
        if (sql.contains("SET status = 'SENDING'")) {
            return "sending";
        }
        if (sql.startsWith("WITH upd AS (UPDATE customer")) {
            return "confirm+read";
        }
        if (sql.contains("allocated_at = COALESCE")) {
            return "allocated";
        }
        if (sql.contains("'FAILED'")) {
            return "failed";
        }
        return sql.startsWith("SELECT") ? "read" : "other";
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(StatementsPerBatchTest.class.getClassLoader(), new Class<?>[] {type},
                handler);
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private List<String> registryEvents() {
        synchronized (events) {
            return events.stream().filter(e -> e.startsWith("db:") || e.equals("batch-save") || e.equals("allocate"))
                    .toList();
        }
    }

    /**
     * Three batches of new customers: four registry statements each (the registration, the SENDING mark, the
     * outcome recorded and read back, the allocation), in this order around the two Kingdee calls. Before
     * issue 11 it was six (INSERT and SELECT apart, a separate read before Allocate).
     */
    @Test
    @WithSettings("kingdee.writers=1")   // one writer: the batches' statements do not interleave
    void aBatchOfNewCustomersCostsFourRegistryStatementsAndMarksSendingBeforeTheSave() throws Exception {
        for (int i = 1; i <= 9; i++) {
            source.add(order(Integer.toString(i), "002", "客户" + i + "公司", ""));
        }
        context.start();

        CycleOutcome outcome = runCycle();

        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED);
        assertThat(kingdee.saves).hasSize(3);
        List<String> perBatch = List.of("db:register", "db:sending", "batch-save", "db:confirm+read", "allocate",
                "db:allocated");
        List<String> expected = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            expected.addAll(perBatch);
        }
        // the window thread's one lookup per page (issue 11) runs while the writer writes: counted apart
        assertThat(registryEvents()).filteredOn("db:written-lookup"::equals).hasSize(pagesAsked.size());
        assertThat(registryEvents()).filteredOn(e -> !e.equals("db:written-lookup")).containsExactlyElementsOf(expected);
        assertThat(beans.registry().all()).hasSize(9).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(CustomerStatus.SAVED);
            assertThat(r.allocatedAt()).isNotNull();
        });
    }

    /**
     * Rows Kingdee keeps answering "locked, try later": after the retries the whole batch is parked, its three
     * letters in one INSERT through the camel-jdbc step, after one registry read for the whole batch.
     */
    @Test
    void theLettersOfAParkedBatchAreOneInsert() throws Exception {
        for (int i = 1; i <= 3; i++) {
            source.add(order(Integer.toString(i), "002", "客户" + i + "公司", ""));
        }
        String locked = "单据被锁定，请稍后重试";
        kingdee.otherwise = (k, ex, req) -> k.saveExcept(ex, req, Map.of(0, new String[] {"", locked},
                1, new String[] {"", locked}, 2, new String[] {"", locked}));
        context.start();

        CycleOutcome outcome = runCycle();

        assertThat(outcome.status()).isEqualTo(CycleOutcome.Status.SYNCED_WITH_DEAD_LETTERS);
        List<String> inserts = statements.stream().filter(s -> s.contains("INSERT INTO dead_letter")).toList();
        assertThat(inserts).hasSize(1);
        // which of the batch's customers are already written is one registry read for the batch, not one each
        assertThat(statements).filteredOn(s -> s.contains("FROM customer WHERE number = ?")).isEmpty();
        assertThat(statements).filteredOn(s -> s.startsWith("SELECT") && s.contains("FROM customer WHERE number = ANY"))
                .hasSize(1);
        List<DeadLetter> dead = beans.deadLetters().open(SCHEME, null, null);
        assertThat(dead).hasSize(3).allSatisfy(d -> {
            assertThat(d.stage()).isEqualTo("batch-save");
            assertThat(d.reason()).contains(locked);
            assertThat(d.attempts()).isEqualTo(3);
        });
        assertThat(dead).extracting(DeadLetter::itemKey).containsExactly(
                numberOf("BZ", "客户1公司"), numberOf("BZ", "客户2公司"), numberOf("BZ", "客户3公司"));
    }
}
