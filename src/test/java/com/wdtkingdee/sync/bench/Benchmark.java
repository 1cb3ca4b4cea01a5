package com.wdtkingdee.sync.bench;

import com.wdtkingdee.sync.app.SyncRuntime;
import com.wdtkingdee.sync.config.ConfigSource;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.flow.CycleOutcome;
import com.wdtkingdee.sync.sandbox.DemoOrders;
import com.wdtkingdee.sync.sandbox.KingdeeSimulator;
import com.wdtkingdee.sync.sandbox.QimenSimulator;
import com.wdtkingdee.sync.sandbox.RequestHook;
import com.wdtkingdee.sync.state.TestDatabase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark of issues 5 and 11 (not a test; {@code mvn verify} does not run it). Start it with
 * {@code bash bench/run} from the project folder; it prints a table and writes it to {@code target/bench/results.md}.
 *
 * <ul>
 *   <li><b>throughput</b> — a 100,000-order sync without simulated latency, the product (in this JVM, real
 *       {@link SyncRuntime}, YAML routes, state in PostgreSQL) against a careful sequential script making the same
 *       calls with the same guarantees ({@link BareLoop} with its registry) and against the HTTP conversation alone,
 *       all against the same stubs ({@link QimenStub}, {@link KingdeeStub}) serving pre-rendered pages.</li>
 *   <li><b>latency</b> — the stubs sleeping 200 ms per page and 500 ms per BatchSave, no source limit: total time
 *       against the slower side, max(pages × 0.2 s, BatchSave calls × 0.5 s ÷ {@code kingdee.writers}).</li>
 *   <li><b>rate-limited</b> — the sandbox simulators with 200 ms per page and 500 ms per BatchSave (request hooks
 *       sleeping before the request is processed) and {@code wdt.calls-per-minute=60}: total time against the
 *       bound the limit imposes (one page per second).</li>
 *   <li><b>batches</b> — half the titles repeat, several windows: BatchSave calls per window against
 *       ceil(new customers ÷ batch size) + 1.</li>
 *   <li><b>memory</b> — a 1,000,000-order backfill by the product in a child JVM ({@code java -Xmx256m -jar
 *       target/wdt-kingdee-sync.jar --once}): completion, peak heap from its GC log, peak RSS (≤ 450 MB).</li>
 *   <li><b>start</b> — launch of {@code java -jar target/wdt-kingdee-sync.jar --once} to "routes started", with an
 *       external PostgreSQL (the one this harness started) and with the embedded one.</li>
 * </ul>
 */
public final class Benchmark {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final Path OUT = PROJECT.resolve("target/bench");

    private final Options options;
    private final String secret = random(16);
    private final String kingdeePassword = random(12);
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** The product has run in this JVM (its classes loaded and compiled): a timed run is not its first. */
    private boolean productWarm;

    /** One line of the result table. */
    record Row(String measurement, String value, String target, String verdict) {
    }

    private Benchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Options options = Options.parse(args);
        Files.createDirectories(OUT);
        Benchmark b = new Benchmark(options);
        int status = 0;
        try {
            b.runAll();
        } catch (Exception | Error e) {
            status = 1;
            b.notes.add("ABORTED: " + e);
            e.printStackTrace();
        }
        String report = b.report();
        System.out.println();
        System.out.println(report);
        Files.writeString(OUT.resolve("results.md"), report, StandardCharsets.UTF_8);
        System.out.println("(written to " + PROJECT.relativize(OUT.resolve("results.md")) + ")");
        System.exit(status);
    }

    private void runAll() throws Exception {
        long t0 = System.nanoTime();
        notes.add("Load average (1/5/15 min) at the start: " + loadAverage() + " — other processes on the machine share"
                + " its cores with the benchmark.");
        say("Starting the benchmark's PostgreSQL (embedded zonky server, used as the external database)");
        TestDatabase.get();
        if (options.cases.contains("start")) {
            startCase();
        }
        if (options.cases.contains("throughput")) {
            throughputCase();
        }
        if (options.cases.contains("latency")) {
            latencyCase();
        }
        if (options.cases.contains("rate-limited")) {
            rateLimitedCase();
        }
        if (options.cases.contains("batches")) {
            batchesCase();
        }
        if (options.cases.contains("memory")) {
            memoryCase();
        }
        notes.add(String.format(Locale.ROOT, "Whole benchmark: %.0f s; load average at the end: %s.",
                (System.nanoTime() - t0) / 1e9, loadAverage()));
    }

    // ------------------------------------------------------------------ throughput

    private void throughputCase() throws Exception {
        int n = options.orders;
        say("throughput: rendering the stub's pages (" + n + " + " + n / 10 + " orders, not timed)");
        OrderFeed warm = throughputFeed(n / 10).prerender();
        OrderFeed feed = throughputFeed(n).prerender();
        say("throughput: warm-up (" + n / 10 + " orders, bare loop and product)");
        bareRun(warm, true);
        bareRun(warm, false);
        productRun(warm, false);
        productWarm = true;
        say("throughput: bare loop without registry (HTTP only), " + n + " orders");
        BareRun floor = bareRun(feed, false);
        say("throughput: bare loop (careful script: registry in PostgreSQL), " + n + " orders");
        BareRun bare = bareRun(feed, true);
        say("throughput: product (Camel), " + n + " orders");
        ProductRun product = productRun(feed, true);

        double bareRate = n / (bare.result.nanos() / 1e9);
        double floorRate = n / (floor.result.nanos() / 1e9);
        double productRate = n / (product.cycleNanos / 1e9);
        double ratio = product.cycleNanos / (double) bare.result.nanos();
        boolean sameCalls = bare.result.pages() == product.pages && bare.result.batchSaves() == product.batchSaves
                && bare.result.allocates() == product.allocates;
        rows.add(new Row(String.format(Locale.ROOT, "throughput: product (Camel), %,d orders, no latency", n),
                String.format(Locale.ROOT, "%,.0f orders/s (%.2f s)", productRate, product.cycleNanos / 1e9),
                "≥ 20,000 orders/s", verdict(productRate >= 20_000, productRate / 20_000 - 1)
                + throughputWhy(productRate >= 20_000, product)));
        rows.add(new Row("throughput: bare loop, careful script (registry in PostgreSQL, sequential), same calls",
                String.format(Locale.ROOT, "%,.0f orders/s (%.2f s)", bareRate, bare.result.nanos() / 1e9), "—", "—"));
        rows.add(new Row("throughput: ratio product time / careful-script time", String.format(Locale.ROOT, "%.2f×",
                ratio), "≤ 1.25×", verdict(ratio <= 1.25, 1.25 / ratio - 1) + (ratio <= 1.25 ? ""
                : String.format(Locale.ROOT, ": the product does more per order than the script (window thread: %s)",
                top(product.profile, 3)))));
        rows.add(new Row("throughput: bare loop without registry (HTTP only: the stubs' and loopback's floor)",
                String.format(Locale.ROOT, "%,.0f orders/s (%.2f s); product / floor %.2f×", floorRate,
                        floor.result.nanos() / 1e9, product.cycleNanos / (double) floor.result.nanos()), "—", "—"));
        double stubShare = (product.qimenCpuNanos + product.kingdeeCpuNanos) / (double) product.cycleNanos;
        notes.add(String.format(Locale.ROOT, "throughput calls — product: %d pages, %d BatchSave, %d Allocate, %d "
                        + "ExecuteBillQuery, %d ValidateUser, %d customers saved; careful script: %d pages, %d BatchSave,"
                        + " %d Allocate, %d ExecuteBillQuery, %d customers; same calls: %s. Stub CPU (handler threads'"
                        + " CPU time: parse, check, answer from pre-rendered pages) during the product run: 旺店通 %.2f s, 金蝶 %.2f s (%.0f %% of"
                        + " the run's wall time, on %d cores); during the careful script: 旺店通 %.2f s, 金蝶 %.2f s. Product"
                        + " start (database pool, Camel, routes) %.2f s, not counted.",
                product.pages, product.batchSaves, product.allocates, product.lookups, product.logins,
                product.customers, bare.result.pages(), bare.result.batchSaves(), bare.result.allocates(),
                bare.result.lookups(), bare.result.customers(), sameCalls ? "yes" : "NO", product.qimenCpuNanos / 1e9,
                product.kingdeeCpuNanos / 1e9, stubShare * 100, Runtime.getRuntime().availableProcessors(),
                bare.qimenCpuNanos / 1e9, bare.kingdeeCpuNanos / 1e9, product.startNanos / 1e9));
        notes.add("throughput profile of the product's window thread (share of " + product.samples + " stack samples,"
                + " 20 ms apart; the writer threads are not sampled): " + format(product.profile) + ".");
        notes.add("throughput: the database share of the window thread by store method (percent of all samples): "
                + format(product.databaseProfile) + ".");
        notes.add("throughput profile of the careful script (" + bare.samples + " samples): " + format(bare.profile)
                + ".");
    }

    /** Why the throughput target was missed: the stubs' share of the time, the window thread's biggest shares. */
    private static String throughputWhy(boolean met, ProductRun p) {
        if (met) {
            return "";
        }
        return String.format(Locale.ROOT, ": the stubs' own CPU was %.1f s of the %.1f s; the window thread's biggest"
                        + " shares: %s; load average %s", (p.qimenCpuNanos + p.kingdeeCpuNanos) / 1e9,
                p.cycleNanos / 1e9, top(p.profile, 3), loadAverage());
    }

    private static String top(Map<String, Double> shares, int n) {
        StringBuilder sb = new StringBuilder();
        shares.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(n)
                .forEach(e -> sb.append(sb.length() == 0 ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), e.getValue())));
        return sb.toString();
    }

    record BareRun(BareLoop.Result result, long qimenCpuNanos, long kingdeeCpuNanos, Map<String, Double> profile,
                   long samples) {
    }

    /** The bare loop on fresh stubs; {@code registry}: the careful script (its own table in the same PostgreSQL). */
    private BareRun bareRun(OrderFeed feed, boolean registry) throws Exception {
        try (QimenStub q = qimenStub(feed, 0); KingdeeStub k = kingdeeStub(0)) {
            Settings s = settings(props(q.url(), k.baseUrl(), initialStart(feed), Map.of()));
            BareLoop.Result r;
            BareLoop loop = new BareLoop(s, Clock.systemUTC(), registry ? TestDatabase.dataSource() : null);
            StackSampler sampler = new StackSampler(Thread.currentThread(), 20);
            try {
                r = loop.run();
            } finally {
                sampler.close();
            }
            check(q, k, feed, registry ? "careful script" : "bare loop (HTTP only)");
            return new BareRun(r, q.handlingNanos(), k.handlingNanos(), sampler.shares(), sampler.total());
        }
    }

    record ProductRun(long startNanos, long cycleNanos, long pages, long batchSaves, long allocates, long lookups,
                      long logins, long customers, long duplicateRows, long qimenCpuNanos, long kingdeeCpuNanos,
                      Map<String, Double> profile, long samples, Map<String, Double> databaseProfile,
                      Map<String, long[]> perWindow, Settings settings, int maxSavesInFlight, long pagesDuringWrites,
                      double[] saveOccupancy) {
    }

    private ProductRun productRun(OrderFeed feed, boolean sample) throws Exception {
        try (QimenStub q = qimenStub(feed, 0); KingdeeStub k = kingdeeStub(0)) {
            return productRun(q, k, feed, Map.of(), sample);
        }
    }

    /** Before the first timed product run in this JVM (a case run alone): one untimed 5,000-order sync. */
    private void warmUpProduct() throws Exception {
        if (!productWarm) {
            say("warm-up of the product in this JVM (5,000 orders, not timed)");
            productWarm = true;
            productRun(throughputFeed(5_000).prerender(), false);
        }
    }

    /** The product in this JVM (SyncRuntime, shipped routes, fresh state database): one cycle against the stubs. */
    private ProductRun productRun(QimenStub q, KingdeeStub k, OrderFeed feed, Map<String, String> more,
                                  boolean sample) throws Exception {
        TestDatabase.truncateAll();
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("db.url", TestDatabase.get().jdbcUrl());
        extra.put("db.username", "postgres");
        extra.putAll(more);
        k.windowFrom(q::window);
        q.overlapWith(k::savesInFlight);
        Settings s = settings(props(q.url(), k.baseUrl(), initialStart(feed), extra));
        long t0 = System.nanoTime();
        try (SyncRuntime runtime = new SyncRuntime(s, PROJECT, false, Clock.systemUTC()).start()) {
            long startNanos = System.nanoTime() - t0;
            StackSampler sampler = sample ? new StackSampler(Thread.currentThread(), 20) : null;
            long t1 = System.nanoTime();
            CycleOutcome outcome;
            try {
                outcome = runtime.runCycle();
            } finally {
                if (sampler != null) {
                    sampler.close();
                }
            }
            long cycle = System.nanoTime() - t1;
            if (outcome.status() != CycleOutcome.Status.SYNCED) {
                throw new IllegalStateException("product run ended " + outcome);
            }
            check(q, k, feed, "product");
            return new ProductRun(startNanos, cycle, q.calls(), k.calls("BatchSave"), k.calls("Allocate"),
                    k.calls("ExecuteBillQuery"), k.calls("ValidateUser"), k.customers(), k.duplicateRows(),
                    q.handlingNanos(), k.handlingNanos(), sampler == null ? Map.of() : sampler.shares(),
                    sampler == null ? 0 : sampler.total(), sampler == null ? Map.of() : sampler.databaseShares(),
                    k.perWindow(), s, k.maxSavesInFlight(), q.pagesDuringWrites(), k.saveOccupancy());
        }
    }

    /**
     * The stubs saw a valid conversation (a duplicate-number answer is part of the protocol, not a refusal) and
     * 金蝶 holds exactly one customer per distinct title of the feed, each allocated.
     */
    private static void check(QimenStub q, KingdeeStub k, OrderFeed feed, String who) {
        if (q.rejected() > 0 || k.rejected() > 0) {
            throw new IllegalStateException(who + ": the stubs refused requests: 旺店通 " + q.rejected() + " ("
                    + q.lastRejection() + "), 金蝶 " + k.rejected() + " (" + k.lastRejection() + ")");
        }
        if (k.customers() != feed.distinctCustomers() || k.allocatedCustomers() != feed.distinctCustomers()) {
            throw new IllegalStateException(who + ": 金蝶 holds " + k.customers() + " customers (" + k.allocatedCustomers()
                    + " allocated), expected " + feed.distinctCustomers());
        }
    }

    private static OrderFeed throughputFeed(int n) {
        LocalDateTime now = LocalDateTime.now(ZONE).truncatedTo(ChronoUnit.SECONDS);
        return new OrderFeed(n, now.minusDays(1), now.minusMinutes(10));
    }

    // ------------------------------------------------------------------ latency (no source limit)

    /**
     * 200 ms per page, 500 ms per BatchSave (the stubs sleep before answering, no CPU), no source limit: the product
     * should take about as long as its slower side — pages × 0.2 s, or BatchSave calls × 0.5 s ÷ kingdee.writers —
     * not the sum of both.
     */
    private void latencyCase() throws Exception {
        warmUpProduct();
        int n = options.latencyPages * options.pageSize;
        OrderFeed feed = throughputFeed(n).prerender();
        say(String.format(Locale.ROOT, "latency: %,d orders (%d pages), 200 ms/page, 500 ms/BatchSave, no source limit",
                n, options.latencyPages));
        try (QimenStub q = qimenStub(feed, 200); KingdeeStub k = kingdeeStub(500)) {
            ProductRun p = productRun(q, k, feed, Map.of(), false);
            int writers = p.settings.kingdee().writers();
            double source = p.pages * 0.2;
            double kingdee = p.batchSaves * 0.5;
            double bound = Math.max(source, kingdee / writers);
            double seconds = p.cycleNanos / 1e9;
            double ratio = seconds / bound;
            rows.add(new Row(String.format(Locale.ROOT, "latency: %d pages, 200 ms/page, 500 ms/BatchSave, no source"
                            + " limit, kingdee.writers=%d", p.pages, writers),
                    String.format(Locale.ROOT, "%.1f s vs max(source %.1f s, 金蝶 %.1f s ÷ %d) = %.1f s: %.2f× (the"
                            + " sum of both sides would be %.1f s); BatchSave calls in flight: %.2f on average, at most"
                            + " %d, none for %.1f of %.1f s", seconds, source, kingdee, writers, bound, ratio,
                            source + kingdee, p.saveOccupancy[0], p.maxSavesInFlight, p.saveOccupancy[1],
                            p.saveOccupancy[2]),
                    "≤ 1.1×", verdict(ratio <= 1.1, 1.1 / ratio - 1) + latencyWhy(ratio <= 1.1, p, writers)));
            notes.add(String.format(Locale.ROOT, "latency: stubs sleeping before the answer (200 ms per page, 500 ms per"
                            + " BatchSave; Allocate and login without delay), wdt.calls-per-minute=100000, sync.max-in-flight=%d;"
                            + " %d pages, %d BatchSave, %d Allocate, %d customers. Source time = pages × 0.2 s, 金蝶 time"
                            + " = BatchSave calls × 0.5 s (the calls the product made; %d would do). Overlap seen by the"
                            + " stubs: at most %d BatchSave answered at once (kingdee.writers=%d); %d of %d pages asked"
                            + " for while a BatchSave was in flight.",
                    p.settings.sync().maxInFlight(), p.pages, p.batchSaves, p.allocates, p.customers,
                    (feed.distinctCustomers() + options.batchSize - 1) / options.batchSize, p.maxSavesInFlight,
                    writers, p.pagesDuringWrites, p.pages));
        }
    }

    /** Why a latency run missed, from what the stubs saw: writers starved of batches, or 金蝶 the slower side. */
    private static String latencyWhy(boolean met, ProductRun p, int writers) {
        if (met) {
            return "";
        }
        double msPerPage = p.cycleNanos / 1e6 / Math.max(1, p.pages);
        double inFlight = p.saveOccupancy[0];
        if (inFlight < writers * 0.9) {
            return String.format(Locale.ROOT, ": the writers waited for batches (%.2f of %d BatchSave in flight on"
                    + " average); the window thread took %.0f ms per page, 200 ms of it the source's latency and the rest"
                    + " its own work (on a busy machine, CPU it did not get)", inFlight, writers, msPerPage);
        }
        return String.format(Locale.ROOT, ": 金蝶 was the slower side and kept busy (%.2f of %d BatchSave in flight on"
                + " average); the time beyond the bound is the pipeline filling and draining and the calls between"
                + " BatchSaves (Allocate, registry)", inFlight, writers);
    }

    // ------------------------------------------------------------------ batches (half the titles repeat)

    /**
     * A run where about half of the titled orders repeat an earlier title (uniformly drawn from all earlier orders
     * of the same shop), over several windows: BatchSave calls of each window against ceil(new customers ÷ batch
     * size) + 1, new customers being those 金蝶 created during that window.
     */
    private void batchesCase() throws Exception {
        warmUpProduct();
        int n = options.repeatOrders;
        LocalDateTime now = LocalDateTime.now(ZONE).truncatedTo(ChronoUnit.SECONDS);
        OrderFeed feed = new OrderFeed(n, now.minusDays(1), now.minusMinutes(10), true).prerender();
        say(String.format(Locale.ROOT, "batches: %,d orders, half the titles repeat (%,d distinct customers), windows"
                + " of %s", n, feed.distinctCustomers(), options.repeatWindow));
        try (QimenStub q = qimenStub(feed, 0); KingdeeStub k = kingdeeStub(0)) {
            ProductRun p = productRun(q, k, feed, Map.of("sync.max-window", options.repeatWindow), false);
            int batch = options.batchSize;
            long worstOver = Long.MIN_VALUE;
            String worst = "";
            long saves = 0;
            long created = 0;
            long rowsSent = 0;
            int missed = 0;
            List<String> perWindow = new ArrayList<>();
            for (Map.Entry<String, long[]> e : p.perWindow.entrySet()) {
                long[] t = e.getValue();
                long allowed = (t[2] + batch - 1) / batch + 1;
                saves += t[0];
                rowsSent += t[1];
                created += t[2];
                if (t[0] > allowed) {
                    missed++;
                }
                String line = String.format(Locale.ROOT, "%d BatchSave (%d rows) for %d new customers, allowed %d",
                        t[0], t[1], t[2], allowed);
                perWindow.add(e.getKey() + ": " + line);
                if (t[0] - allowed > worstOver) {
                    worstOver = t[0] - allowed;
                    worst = line;
                }
            }
            int windows = p.perWindow.size();
            rows.add(new Row(String.format(Locale.ROOT, "batches: BatchSave calls per window, %,d orders, half the"
                            + " titles repeat, %d windows with BatchSave calls", n, windows),
                    String.format(Locale.ROOT, "worst window: %s; all windows: %d BatchSave for %d new customers;"
                            + " %d ExecuteBillQuery, %d duplicate-number rows", worst, saves, created, p.lookups,
                            p.duplicateRows),
                    "≤ ceil(new ÷ " + batch + ") + 1 in every window",
                    missed == 0 ? "met" : String.format(Locale.ROOT, "**MISSED** in %d of %d windows (worst by %d"
                            + " call%s): BatchSave carried %d rows for %d new customers, i.e. %d rows of customers"
                            + " already written or being written by another batch (%d answered as a used number)",
                            missed, windows, worstOver, worstOver == 1 ? "" : "s", rowsSent, created,
                            rowsSent - created, p.duplicateRows)));
            notes.add(String.format(Locale.ROOT, "batches: sync.max-window=%s, no latency; %,d orders, %,d titled, %,d"
                            + " distinct customers (about half of the titled orders repeat an earlier title of the same"
                            + " shop, drawn uniformly from all earlier orders, so a few repeat a customer of a batch"
                            + " still being written); %d pages, %d Allocate. Per window (the 旺店通 window the product was"
                            + " reading when 金蝶 got the BatchSave): %s.", options.repeatWindow, n, feed.titledOrders(),
                    feed.distinctCustomers(), p.pages, p.allocates, String.join("; ", perWindow)));
        }
    }

    // ------------------------------------------------------------------ rate-limited

    private void rateLimitedCase() throws Exception {
        int pagesWanted = options.ratePages;
        LocalDateTime now = LocalDateTime.now(ZONE).truncatedTo(ChronoUnit.SECONDS);
        List<String> shops = List.of("002", "003", "0071", "005", "0081");
        // DemoOrders: ~4 % of the orders have status 55 (not selected); aim at pagesWanted full pages
        List<Map<String, Object>> orders = DemoOrders.generate(5L, (int) Math.round(pagesWanted * 100 / 0.96 - 50),
                now.minusDays(1), now.minusMinutes(10), shops);
        long selected = orders.stream().filter(o -> !Integer.valueOf(55).equals(o.get("status"))).count();
        String acct = "bench-acct";
        String user = "bench-user";
        QimenSimulator qimen = new QimenSimulator(new QimenSimulator.Config("bench-app", secret, "21363512",
                "bench-sid", ZONE, Clock.systemUTC()));
        KingdeeSimulator kingdee = new KingdeeSimulator(new KingdeeSimulator.Config(acct, user, kingdeePassword,
                Set.of("100", "DZ", "BZ"), Map.of("100040", "100040"), Set.of("B11"), Set.of("PRE001"),
                Duration.ofMinutes(20), Clock.systemUTC()));
        RequestHook latency = (operation, phase, sequence) -> {
            if (phase == RequestHook.Phase.BEFORE && operation.equals("qimen")) {
                QimenStub.sleep(200);
            } else if (phase == RequestHook.Phase.BEFORE && operation.equals("BatchSave")) {
                QimenStub.sleep(500);
            }
        };
        qimen.onRequest(latency);
        kingdee.onRequest(latency);
        qimen.start();
        kingdee.start();
        try {
            qimen.addOrders(orders);
            TestDatabase.truncateAll();
            Map<String, String> p = props(qimen.url(), kingdee.baseUrl(), now.minusDays(1).minusMinutes(1), Map.of());
            p.put("wdt.shop-nos", String.join(",", shops));
            p.put("wdt.calls-per-minute", "60");
            p.put("kingdee.acct-id", acct);
            p.put("kingdee.username", user);
            p.put("db.url", TestDatabase.get().jdbcUrl());
            p.put("db.username", "postgres");
            Settings s = settings(p);
            say(String.format(Locale.ROOT, "rate-limited: %d orders (%d selected by status) ⇒ ~%d pages at 60 calls/min,"
                    + " 200 ms/page, 500 ms/BatchSave (about %d s)", orders.size(), selected,
                    (selected + 99) / 100, (selected + 99) / 100));
            try (SyncRuntime runtime = new SyncRuntime(s, PROJECT, false, Clock.systemUTC()).start()) {
                long t0 = System.nanoTime();
                CycleOutcome outcome = runtime.runCycle();
                long nanos = System.nanoTime() - t0;
                if (outcome.status() != CycleOutcome.Status.SYNCED) {
                    throw new IllegalStateException("rate-limited run ended " + outcome);
                }
                int pages = qimen.calls();
                int saves = kingdee.calls("BatchSave");
                double bound = pages / 60.0 * 60.0;
                double ratio = nanos / 1e9 / bound;
                rows.add(new Row(String.format(Locale.ROOT, "rate-limited: %d pages × 100, wdt.calls-per-minute=60,"
                                + " 200 ms/page, 500 ms/BatchSave", pages),
                        String.format(Locale.ROOT, "%.1f s vs bound %.0f s = %.2f×", nanos / 1e9, bound, ratio),
                        "≤ 1.02×", verdict(ratio <= 1.02, 1.02 / ratio - 1)));
                notes.add(String.format(Locale.ROOT, "rate-limited: sandbox QimenSimulator/KingdeeSimulator with "
                                + "RequestHook sleeps; %d orders of DemoOrders (shops with a rule), %d pages, %d BatchSave"
                                + " (%d customers), %d Allocate. Bound = pages / 60 per minute = %.0f s. Read one after the"
                                + " other, the simulated latency alone would sum to %.1f s (pages × 0.2 s + BatchSave ×"
                                + " 0.5 s); the limiter is a sliding 60-second window, so the first 60 pages may go at once.",
                        orders.size(), pages, saves, kingdee.customers().size(), kingdee.calls("Allocate"), bound,
                        pages * 0.2 + saves * 0.5));
            }
        } finally {
            qimen.close();
            kingdee.close();
        }
    }

    // ------------------------------------------------------------------ memory

    private void memoryCase() throws Exception {
        int n = options.backfill;
        LocalDateTime now = LocalDateTime.now(ZONE).truncatedTo(ChronoUnit.SECONDS);
        OrderFeed feed = new OrderFeed(n, now.minusDays(10), now.minusMinutes(10));
        TestDatabase.truncateAll();
        try (QimenStub q = qimenStub(feed, 0); KingdeeStub k = kingdeeStub(0)) {
            Map<String, String> p = props(q.url(), k.baseUrl(), initialStart(feed), Map.of());
            p.put("db.url", TestDatabase.get().jdbcUrl());
            p.put("db.username", "postgres");
            say(String.format(Locale.ROOT, "memory: %,d-order backfill, child JVM -Xmx256m (log: %s)", n,
                    PROJECT.relativize(OUT.resolve("memory-child.log"))));
            ChildJvm.Outcome o = ChildJvm.run(PROJECT, List.of("-Xmx256m"), p, OUT.resolve("memory-child.log"),
                    OUT.resolve("memory-gc.log"), Duration.ofSeconds(options.memoryTimeoutSeconds));
            boolean complete = !o.timedOut() && !o.heapExhausted() && o.exit() == 0
                    && k.customers() == feed.titledOrders() && q.rejected() == 0 && k.rejected() == 0
                    && q.ordersServed() >= n;
            double seconds = o.wallNanos() / 1e9;
            long read = q.ordersServed();
            String heap = String.format(Locale.ROOT, "peak heap %d MB used, %d MB live after GC; peak RSS %d MB",
                    o.peakHeapUsedMb(), o.peakHeapAfterGcMb(), o.peakRssKb() / 1024);
            String value;
            String verdict;
            if (complete) {
                value = String.format(Locale.ROOT, "completed in %.0f s (%,.0f orders/s); %s", seconds, n / seconds, heap);
                verdict = "met";
            } else if (o.heapExhausted()) {
                value = String.format(Locale.ROOT, "DID NOT COMPLETE: heap exhausted (%d full GCs) after %,d of %,d orders"
                        + " read, %,d customers written, %.0f s; stopped; %s", ChildJvm.FULL_GCS_MEAN_EXHAUSTED, read, n,
                        k.customers(), seconds, heap);
                verdict = "**MISSED**";
            } else if (o.timedOut()) {
                double rate = read / seconds;
                value = String.format(Locale.ROOT, "stopped at the %d s time box after %,d of %,d orders (%,.0f orders/s"
                        + " ⇒ ~%.0f min for all); %s", options.memoryTimeoutSeconds, read, n, rate,
                        n / Math.max(rate, 1) / 60, heap);
                verdict = o.peakHeapAfterGcMb() > 240 ? "**MISSED** (heap full)" : "not shown (time box)";
            } else {
                value = String.format(Locale.ROOT, "DID NOT COMPLETE (exit %d after %.0f s, %,d orders read); %s",
                        o.exit(), seconds, read, heap);
                verdict = "**MISSED**";
            }
            Path histogram = OUT.resolve("memory-child-histogram.txt");
            if (o.heapExhausted() && Files.exists(histogram)) {
                notes.add("memory: what filled the heap (jcmd GC.class_histogram, " + PROJECT.relativize(histogram) + "): "
                        + topClasses(histogram, 12) + ".");
            }
            rows.add(new Row(String.format(Locale.ROOT, "memory: %,d-order backfill, child JVM -Xmx256m", n), value,
                    "completes within 256 MB heap", verdict));
            double rssMb = o.peakRssKb() / 1024.0;
            String rssVerdict = rssMb > 450 ? verdict(false, 450 / rssMb - 1)
                    : complete ? "met" : "not shown (the run did not complete)";
            rows.add(new Row(String.format(Locale.ROOT, "memory: peak RSS of the %,d-order backfill (VmHWM)", n),
                    String.format(Locale.ROOT, "%.0f MB%s", rssMb, complete ? "" : " (incomplete run)"), "≤ 450 MB",
                    rssVerdict));
            notes.add(String.format(Locale.ROOT, "memory: `java -Xmx256m -jar target/wdt-kingdee-sync.jar --once`, one"
                            + " window (sync.max-window P30D) of %,d orders over 10 days; %d pages, %d BatchSave, %,d"
                            + " customers in 金蝶; %d GCs (default collector); result line: %s; log %s, GC log %s.",
                    n, q.calls(), k.calls("BatchSave"), k.customers(), o.gcCount(), o.resultLine(),
                    PROJECT.relativize(o.log()), PROJECT.relativize(OUT.resolve("memory-gc.log"))));
        }
    }

    // ------------------------------------------------------------------ start

    private void startCase() throws Exception {
        OrderFeed empty = new OrderFeed(0, LocalDateTime.now(ZONE).minusHours(1), LocalDateTime.now(ZONE));
        try (QimenStub q = qimenStub(empty, 0); KingdeeStub k = kingdeeStub(0)) {
            Map<String, String> base = props(q.url(), k.baseUrl(), LocalDateTime.now(ZONE).minusHours(1)
                    .truncatedTo(ChronoUnit.SECONDS), Map.of());
            Map<String, String> external = new LinkedHashMap<>(base);
            external.put("db.url", TestDatabase.get().jdbcUrl());
            external.put("db.username", "postgres");
            Path dir = OUT.resolve("pg-embedded");
            deleteRecursively(dir);
            Map<String, String> embedded = new LinkedHashMap<>(base);
            embedded.put("db.embedded-dir", dir.toString());
            // first the embedded server in a fresh folder (initdb), then external and embedded in turn
            ChildJvm.Outcome first = startChild(embedded, "start-embedded-fresh");
            double fresh = first.launchToRoutesStartedNanos() / 1e9;
            List<Double> ext = new ArrayList<>();
            List<Double> extDb = new ArrayList<>();
            List<Double> emb = new ArrayList<>();
            List<Double> embDb = new ArrayList<>();
            String camelLine = null;
            for (int i = 1; i <= options.startRuns; i++) {
                ChildJvm.Outcome o = startChild(external, "start-external-" + i);
                ext.add(o.launchToRoutesStartedNanos() / 1e9);
                extDb.add(o.launchToDatabaseReadyNanos() / 1e9);
                camelLine = o.camelStartedLine();
                ChildJvm.Outcome e = startChild(embedded, "start-embedded-" + i);
                emb.add(e.launchToRoutesStartedNanos() / 1e9);
                embDb.add(e.launchToDatabaseReadyNanos() / 1e9);
            }
            deleteRecursively(dir);
            double extMedian = median(ext);
            rows.add(new Row("start: launch → routes started, external PostgreSQL",
                    String.format(Locale.ROOT, "%.2f s (median of %s)", extMedian, list(ext)), "≤ 3 s",
                    verdict(extMedian <= 3.0, 3.0 / extMedian - 1)));
            rows.add(new Row("start: launch → routes started, embedded PostgreSQL, existing data dir",
                    String.format(Locale.ROOT, "%.2f s (median of %s)", median(emb), list(emb)), "—", "—"));
            rows.add(new Row("start: launch → routes started, embedded PostgreSQL, fresh data dir (initdb)",
                    String.format(Locale.ROOT, "%.2f s", fresh), "—", "—"));
            notes.add(String.format(Locale.ROOT, "start: `java -jar target/wdt-kingdee-sync.jar --once` (no JVM options)"
                            + " against the stubs with no orders; time from process launch to Camel's \"started\" line (%s)."
                            + " External = the benchmark's PostgreSQL (already migrated), embedded = db.url empty, the"
                            + " child starts its own; runs alternate external/embedded after the fresh one. Launch → state"
                            + " database open and migrated (median): external %.2f s, embedded %.2f s; the rest is Camel"
                            + " Main loading the YAML routes and starting them.", camelLine, median(extDb), median(embDb)));
        }
    }

    private ChildJvm.Outcome startChild(Map<String, String> props, String name) throws Exception {
        ChildJvm.Outcome o = ChildJvm.run(PROJECT, List.of(), props, OUT.resolve(name + ".log"), null,
                Duration.ofSeconds(120));
        if (o.launchToRoutesStartedNanos() < 0 || o.exit() != 0) {
            throw new IllegalStateException(name + ": exit " + o.exit() + ", routes started line "
                    + (o.launchToRoutesStartedNanos() < 0 ? "not seen" : "seen") + "; see " + o.log());
        }
        say(String.format(Locale.ROOT, "start %s: %.2f s to routes started", name, o.launchToRoutesStartedNanos() / 1e9));
        return o;
    }

    // ------------------------------------------------------------------ wiring

    private QimenStub qimenStub(OrderFeed feed, long latencyMs) {
        return new QimenStub("bench-app", secret, "21363512", "bench-sid", ZONE, feed, latencyMs);
    }

    private KingdeeStub kingdeeStub(long latencyMs) {
        return new KingdeeStub("bench-acct", "bench-user", kingdeePassword, latencyMs);
    }

    private static LocalDateTime initialStart(OrderFeed feed) {
        return LocalDateTime.ofEpochSecond(feed.consignSecond(0), 0, java.time.ZoneOffset.UTC).minusMinutes(1);
    }

    /** The product's keys for a run against the given endpoints; page size and batch size from the options. */
    private Map<String, String> props(String wdtUrl, String kingdeeUrl, LocalDateTime initialStart,
                                      Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("wdt.url", wdtUrl);
        p.put("wdt.app-key", "bench-app");
        p.put("wdt.app-secret", secret);
        p.put("wdt.target-app-key", "21363512");
        p.put("wdt.sid", "bench-sid");
        p.put("wdt.shop-nos", String.join(",", OrderFeed.SHOPS));
        p.put("wdt.page-size", Integer.toString(options.pageSize));
        p.put("wdt.calls-per-minute", "100000");
        p.put("kingdee.url", kingdeeUrl);
        p.put("kingdee.acct-id", "bench-acct");
        p.put("kingdee.username", "bench-user");
        p.put("kingdee.password", kingdeePassword);
        p.put("kingdee.startup-check", "false");   // the stubs serve no base-data forms
        p.put("customer.distribution-org", KingdeeStub.DISTRIBUTION_ORG_ID);
        p.put("sync.initial-start", Settings.ERP_TIME.format(initialStart));
        p.put("sync.max-window", "P30D");
        p.put("sync.max-pages", "100000");
        p.put("sync.batch-size", Integer.toString(options.batchSize));
        p.putAll(extra);
        return p;
    }

    private static Settings settings(Map<String, String> props) {
        ConfigSource c = ConfigSource.load(PROJECT.resolve("application.properties"));
        props.forEach(c::override);
        return Settings.from(c);
    }

    // ------------------------------------------------------------------ report

    private String report() {
        StringBuilder sb = new StringBuilder();
        sb.append("# wdt-kingdee-sync benchmark\n\n");
        sb.append("Machine: ").append(machine()).append("\n\n");
        Settings defaults = settings(props("http://127.0.0.1:1" + QimenStub.PATH, "http://127.0.0.1:1/k3cloud/",
                LocalDateTime.now(ZONE), Map.of()));
        sb.append(String.format(Locale.ROOT, "Settings: wdt.page-size=%d, sync.batch-size=%d, sync.max-window=P30D (%s in"
                + " the batches case), wdt.calls-per-minute=100000 (60 in the rate-limited case), kingdee.writers=%d,"
                + " sync.max-in-flight=%d; state in PostgreSQL 15 (zonky embedded server started by the harness,"
                + " synchronous_commit=off).%n%n", options.pageSize, options.batchSize, options.repeatWindow,
                defaults.kingdee().writers(), defaults.sync().maxInFlight()));
        sb.append("| Measurement | Result | Target | Verdict |\n|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.measurement()).append(" | ").append(r.value()).append(" | ").append(r.target())
                    .append(" | ").append(r.verdict()).append(" |\n");
        }
        sb.append("\nNotes:\n\n");
        notes.forEach(n -> sb.append("- ").append(n).append('\n'));
        return sb.toString();
    }

    static String machine() {
        String cpu = "?";
        long memKb = 0;
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
            memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D+", ""))).findFirst().orElse(0L);
        } catch (IOException | RuntimeException e) {
            // not Linux: leave the unknowns
        }
        return String.format(Locale.ROOT, "%d cores (%s), %.1f GB RAM, Java %s (%s), %s %s",
                Runtime.getRuntime().availableProcessors(), cpu, memKb / 1024.0 / 1024.0,
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"),
                System.getProperty("os.name"), System.getProperty("os.version"));
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The first {@code n} lines of a class histogram as {@code class ×instances (MB)}. */
    static String topClasses(Path histogram, int n) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(histogram)) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":") && out.size() < n) {
                out.add(String.format(Locale.ROOT, "%s ×%s (%.1f MB)", f[3], f[1], Long.parseLong(f[2]) / 1048576.0));
            }
        }
        return String.join(", ", out);
    }

    private static String verdict(boolean met, double margin) {
        if (met) {
            return "met";
        }
        return Double.isNaN(margin) ? "**MISSED**"
                : String.format(Locale.ROOT, "**MISSED** (by %.0f %%)", Math.abs(margin) * 100);
    }

    private static String format(Map<String, Double> shares) {
        StringBuilder sb = new StringBuilder();
        shares.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.0f %%", k, v)));
        return sb.toString();
    }

    private static double median(List<Double> values) {
        List<Double> s = values.stream().sorted().toList();
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    private static String list(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList().toString();
    }

    private static void say(String line) {
        System.out.println("[bench " + LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS).toLocalTime() + "] " + line);
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Command-line options: {@code --cases a,b} and the sizes of the cases (see {@code bench/README.md}). */
    static final class Options {
        static final List<String> CASES = List.of("start", "throughput", "latency", "rate-limited", "batches", "memory");
        Set<String> cases = new LinkedHashSet<>(CASES);
        int orders = 100_000;
        int backfill = 1_000_000;
        int latencyPages = 90;
        int ratePages = 90;
        int repeatOrders = 20_000;
        String repeatWindow = "PT4H";
        int startRuns = 5;
        int pageSize = 100;
        int batchSize = 100;
        int memoryTimeoutSeconds = 600;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--cases" -> {
                        o.cases = new LinkedHashSet<>(Arrays.asList(v.split(",")));
                        if (!CASES.containsAll(o.cases)) {
                            throw new IllegalArgumentException("unknown case in " + v + "; cases: " + CASES);
                        }
                    }
                    case "--rate-pages" -> o.ratePages = Integer.parseInt(v);
                    case "--repeat-orders" -> o.repeatOrders = Integer.parseInt(v);
                    case "--repeat-window" -> o.repeatWindow = v;
                    case "--orders" -> o.orders = Integer.parseInt(v);
                    case "--backfill" -> o.backfill = Integer.parseInt(v);
                    case "--latency-pages" -> o.latencyPages = Integer.parseInt(v);
                    case "--start-runs" -> o.startRuns = Integer.parseInt(v);
                    case "--memory-timeout" -> o.memoryTimeoutSeconds = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + a + "; use --cases "
                            + String.join(",", CASES) + " --orders N --backfill N --latency-pages N --rate-pages N"
                            + " --repeat-orders N --repeat-window ISO-DURATION --start-runs N --memory-timeout SECONDS");
                }
            }
            return o;
        }
    }
}
