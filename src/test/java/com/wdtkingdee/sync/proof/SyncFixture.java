package com.wdtkingdee.sync.proof;

import com.wdtkingdee.sync.app.SyncRuntime;
import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.sandbox.KingdeeSimulator;
import com.wdtkingdee.sync.sandbox.KingdeeSimulator.SimCustomer;
import com.wdtkingdee.sync.sandbox.QimenSimulator;
import com.wdtkingdee.sync.state.CheckpointStore;
import com.wdtkingdee.sync.state.DeadLetter;
import com.wdtkingdee.sync.state.DeadLetterStore;
import com.wdtkingdee.sync.state.RunLog;
import com.wdtkingdee.sync.state.RunRow;
import com.wdtkingdee.sync.state.TestDatabase;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both simulators with known credentials on a given clock, the orders handed to the Qimen simulator, the product's
 * configuration pointing at them and at the shared test database, and the assertions every proof test makes.
 */
final class SyncFixture implements AutoCloseable {

    static final String SCHEME = "customer-sync";
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final String DISTRIBUTION_ORG_ID = "100040";
    /** Shops of both organisations and 0099, which no rule names. */
    static final List<String> SHOPS = List.of("002", "003", "0071", "005", "0081", "0099");
    /** Shops that have a rule. */
    static final List<String> RULE_SHOPS = List.of("002", "003", "0071", "005", "0081");

    private static final QimenSimulator.Config Q = QimenSimulator.Config.sandboxDefaults();
    private static final KingdeeSimulator.Config K = KingdeeSimulator.Config.sandboxDefaults();

    final Clock clock;
    final QimenSimulator qimen;
    final KingdeeSimulator kingdee;
    private final List<Map<String, Object>> orders = new ArrayList<>();

    SyncFixture(Clock clock) {
        this.clock = clock;
        qimen = new QimenSimulator(new QimenSimulator.Config(Q.appKey(), Q.appSecret(), Q.targetAppKey(), Q.sid(),
                SHANGHAI, clock));
        kingdee = new KingdeeSimulator(new KingdeeSimulator.Config(K.acctId(), K.username(), K.password(),
                K.orgNumbers(), K.orgIdsByNumber(), K.groups(), K.currencies(), Duration.ofMinutes(20), clock));
        qimen.start();
        kingdee.start();
    }

    /** Hands orders to the Qimen simulator (stockout ids and numbers must be new). */
    synchronized void addOrders(List<Map<String, Object>> more) {
        Set<Object> ids = orders.stream().map(o -> o.get("stockout_id")).collect(Collectors.toSet());
        Set<Object> numbers = orders.stream().map(o -> o.get("order_no")).collect(Collectors.toSet());
        for (Map<String, Object> o : more) {
            assertThat(ids.add(o.get("stockout_id"))).as("new stockout_id %s", o.get("stockout_id")).isTrue();
            assertThat(numbers.add(o.get("order_no"))).as("new order_no %s", o.get("order_no")).isTrue();
        }
        orders.addAll(more);
        qimen.addOrders(more);
    }

    /**
     * Demo orders ({@link com.wdtkingdee.sync.sandbox.DemoOrders}) whose stockout numbers are made unique across
     * batches ({@code CK} + stockout id; the ids of different seeds below 1000 never collide).
     */
    static List<Map<String, Object>> demoOrders(long seed, int count, LocalDateTime from, LocalDateTime to,
                                                List<String> shops) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> o : com.wdtkingdee.sync.sandbox.DemoOrders.generate(seed, count, from, to, shops)) {
            Map<String, Object> copy = new LinkedHashMap<>(o);
            copy.put("order_no", "CK" + o.get("stockout_id"));
            out.add(copy);
        }
        return out;
    }

    synchronized List<Map<String, Object>> orders() {
        return List.copyOf(orders);
    }

    /** The keys that point the product at the simulators and the test database. */
    Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("wdt.url", qimen.url());
        p.put("wdt.app-key", Q.appKey());
        p.put("wdt.app-secret", Q.appSecret());
        p.put("wdt.target-app-key", Q.targetAppKey());
        p.put("wdt.sid", Q.sid());
        p.put("wdt.shop-nos", String.join(",", SHOPS));
        p.put("kingdee.url", kingdee.baseUrl());
        p.put("kingdee.acct-id", K.acctId());
        p.put("kingdee.username", K.username());
        p.put("kingdee.password", K.password());
        p.put("customer.distribution-org", DISTRIBUTION_ORG_ID);
        p.put("db.url", TestDatabase.get().jdbcUrl());
        p.put("db.username", "postgres");
        p.put("observe.host", "127.0.0.1"); // service-mode children: /observe and /console on loopback (no console.token)
        return p;
    }

    Settings settings(Map<String, String> extra) {
        ConfigSource c = ConfigSource.load(Path.of("application.properties"));
        properties().forEach(c::override);
        extra.forEach(c::override);
        return Settings.from(c);
    }

    /** A started product runtime (once mode) on this fixture's clock. */
    SyncRuntime runtime(Map<String, String> extra) throws Exception {
        return new SyncRuntime(settings(extra), Path.of(""), false, clock).start();
    }

    @Override
    public void close() {
        qimen.close();
        kingdee.close();
    }

    // ------------------------------------------------------------------ assertions

    /**
     * Kingdee holds exactly the expected customers, each once, with the promised number and fields, audited and
     * allocated to the distribution organisation.
     */
    void assertKingdeeHoldsExactly(Expected expected) {
        com.wdtkingdee.sync.state.RunBuckets.assertAddUp();   // every window: read = the sum of its buckets (killed: ≥)
        List<SimCustomer> customers = kingdee.customers();
        assertThat(customers).extracting(SimCustomer::number).as("no number twice").doesNotHaveDuplicates();
        List<String> keys = customers.stream().map(c -> c.useOrg() + "|" + Expected.normalise(c.name())).toList();
        assertThat(keys).as("no customer twice").doesNotHaveDuplicates();
        assertThat(new HashSet<>(keys)).as("exactly the customers derived from the orders")
                .isEqualTo(expected.keys());
        for (SimCustomer c : customers) {
            String key = c.useOrg() + "|" + Expected.normalise(c.name());
            assertThat(c.number()).as(key).isEqualTo(Expected.number(key));
            assertThat(c.group()).as(key).isEqualTo("B11");
            assertThat(c.createOrg()).as(key).isEqualTo("100");
            assertThat(c.currency()).as(key).isEqualTo("PRE001");
            assertThat(c.name()).as(key).isEqualTo(c.name().strip());
            assertThat(c.invoiceTitle()).as(key).isEqualTo(c.name());
            assertThat(c.documentStatus()).as(key + " audited").isEqualTo("C");
            assertThat(c.allocatedOrgIds()).as(key + " allocated").containsExactly(DISTRIBUTION_ORG_ID);
            assertThat(expected.taxCodesByKey().get(key)).as(key).contains(c.taxCode());
        }
    }

    static List<DeadLetter> openDeadLetters() {
        return new DeadLetterStore(TestDatabase.dataSource()).open(SCHEME, null, null);
    }

    /** The open dead letters are exactly one per order of a shop without a rule, and nothing else. */
    static void assertDeadLettersAreExactlyTheNoRuleOrders(Expected expected) {
        List<DeadLetter> dead = openDeadLetters();
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.stage()).isEqualTo("org-rule");
            assertThat(d.reason()).isEqualTo("no organisation rule for shop_no 0099");
        });
        assertThat(dead).extracting(DeadLetter::itemKey).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected.noRuleOrderNos());
    }

    static Optional<Instant> checkpoint() {
        return new CheckpointStore(TestDatabase.dataSource()).get(SCHEME);
    }

    /** Every run-log row of the scheme, oldest first. */
    static List<RunRow> runs() {
        List<RunRow> rows = new ArrayList<>(new RunLog(TestDatabase.dataSource()).recent(SCHEME, 100_000));
        rows.sort(Comparator.comparingLong(RunRow::id));
        return rows;
    }

    static List<RunRow> windows(String status) {
        return runs().stream().filter(r -> r.kind().equals("window") && r.status().equals(status)).toList();
    }

    /** {@code yyyy-MM-dd HH:mm:ss}, the format of sync.initial-start. */
    static String erp(LocalDateTime t) {
        return Settings.ERP_TIME.format(t);
    }

    /** The cycles of the run log, oldest first. */
    static List<RunRow> cycles() {
        return runs().stream().filter(r -> r.kind().equals("cycle")).toList();
    }

    /** The windows of one cycle, oldest first. */
    static List<RunRow> windowsOf(RunRow cycle) {
        return runs().stream().filter(r -> r.kind().equals("window") && cycle.id() == r.parentId()).toList();
    }

    /** Runs one statement on the test database (test set-up, e.g. resetting the checkpoint). */
    static void sql(String statement) {
        try (var c = TestDatabase.dataSource().getConnection(); var st = c.createStatement()) {
            st.execute(statement);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }

    static LocalDateTime local(Instant i) {
        return LocalDateTime.ofInstant(i, SHANGHAI);
    }

    static Instant instant(LocalDateTime t) {
        return t.atZone(SHANGHAI).toInstant();
    }
}
