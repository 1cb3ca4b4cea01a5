package com.wdtkingdee.sync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wdtkingdee.sync.config.Settings;
import com.wdtkingdee.sync.customer.CustomerDraft;
import com.wdtkingdee.sync.customer.CustomerMapper;
import com.wdtkingdee.sync.customer.InvoiceTitles;
import com.wdtkingdee.sync.customer.StockoutOrder;
import com.wdtkingdee.sync.flow.Window;
import com.wdtkingdee.sync.flow.WindowPlanner;
import com.wdtkingdee.sync.kingdee.KingdeeRequests;
import com.wdtkingdee.sync.kingdee.KingdeeResponses;
import com.wdtkingdee.sync.kingdee.KingdeeServices;
import com.wdtkingdee.sync.kingdee.OperationResult;
import com.wdtkingdee.sync.kingdee.SavedRow;
import com.wdtkingdee.sync.wdt.QimenRequestBuilder;
import com.wdtkingdee.sync.wdt.WdtCredentials;
import com.wdtkingdee.sync.wdt.WdtPage;
import com.wdtkingdee.sync.wdt.WdtQuery;
import com.wdtkingdee.sync.wdt.WdtResponseParser;

import com.wdtkingdee.sync.kingdee.KingdeeFilters;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reference for the throughput ratio: "a careful plain script doing the same job", written as a plain sequential
 * loop over {@link HttpClient} — no Camel, no writer threads, no overlap of reading and writing. Same windows (the
 * product's {@link WindowPlanner} on the same settings), same signed page requests of {@code wdt.page-size}, same
 * paging stop rule, same filter / org rule / mapping, at most {@code sync.batch-size} customers per {@code BatchSave}
 * and one {@code Allocate} per batch. It reuses the product's pure, framework-free helpers (request builders, signer,
 * response parsers, mapper).
 *
 * <p>With a registry ({@code registry != null}) it keeps the scheme's guarantees the way a careful script would,
 * in its own table of the same PostgreSQL ({@code bench_bare_customer}, one connection, auto-commit):
 * <ul>
 *   <li>one registry query per page: customers already written (saved and allocated) are dropped before batching,
 *       as are those already batched in this run;</li>
 *   <li>before each BatchSave its customers are recorded as {@code sending} (one multi-row upsert): a crash
 *       between send and answer leaves them in doubt;</li>
 *   <li>customers found {@code sending} (an earlier unknown outcome, or a send that failed now) are looked up with
 *       ExecuteBillQuery before anything is sent again; only the absent ones are sent;</li>
 *   <li>after BatchSave one update records the FCUSTIDs ({@code saved}), after Allocate one update marks them
 *       allocated.</li>
 * </ul>
 * Per batch of 100 that is 3 statements plus one query per page. Without a registry it is the HTTP conversation
 * alone (the floor: what the stubs and the loopback cost).
 */
final class BareLoop {

    /** Counts of one run. */
    record Result(long pages, long orders, long filtered, long customers, long batchSaves, long allocates,
                  long lookups, long nanos) {
    }

    static final String TABLE = "bench_bare_customer";

    private final Settings settings;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final KingdeeRequests kingdeeRequests = new KingdeeRequests(json);
    private final KingdeeResponses kingdeeResponses = new KingdeeResponses(json);
    private final WdtResponseParser wdtParser = new WdtResponseParser(json);
    private final CustomerMapper mapper;
    private final QimenRequestBuilder qimen;
    private final Map<String, String> business = new LinkedHashMap<>();
    private String sessionId;
    private long pages;
    private long orders;
    private long filtered;
    private long customers;
    private long batchSaves;
    private long allocates;
    private long lookups;
    private final DataSource registry;
    private Connection db;
    /** Customers batched in this run (a careful script does not send a customer twice in one run). */
    private final Set<String> batched = new HashSet<>();

    BareLoop(Settings settings, Clock clock, DataSource registry) {
        this.settings = settings;
        this.clock = clock;
        this.registry = registry;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies).build();
        this.mapper = new CustomerMapper(settings.mapping());
        Settings.Wdt w = settings.wdt();
        this.qimen = new QimenRequestBuilder(new WdtCredentials(w.appKey(), w.appSecret(), w.targetAppKey(), w.sid()),
                settings.sync().zone(), clock);
        business.put("status", w.status());
        business.put("shop_nos", w.shopNos());
        business.putAll(w.optionalParams());
    }

    /** One full sync from {@code sync.initial-start} to now − lag. */
    Result run() throws IOException, InterruptedException {
        if (registry != null) {
            try (Connection c = registry.getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (key text PRIMARY KEY, number text NOT NULL,"
                        + " status text NOT NULL, fcustid text, allocated boolean NOT NULL DEFAULT false)");
                st.execute("CREATE UNIQUE INDEX IF NOT EXISTS " + TABLE + "_number ON " + TABLE + " (number)");
                st.execute("TRUNCATE " + TABLE);
            } catch (SQLException e) {
                throw new IOException("bare loop registry", e);
            }
        }
        long t0 = System.nanoTime();
        Settings.Sync s = settings.sync();
        try {
            db = registry == null ? null : registry.getConnection();
            login();
            List<Window> windows = new WindowPlanner(s.lookback(), s.lag(), s.maxWindow())
                    .plan(Optional.empty(), s.initialStart().atZone(s.zone()).toInstant(), clock.instant());
            for (Window window : windows) {
                syncWindow(window);
            }
        } catch (SQLException e) {
            throw new IOException("bare loop registry", e);
        } finally {
            if (db != null) {
                try {
                    db.close();
                } catch (SQLException e) {
                    // closing only
                }
            }
        }
        return new Result(pages, orders, filtered, customers, batchSaves, allocates, lookups, System.nanoTime() - t0);
    }

    /** Registry state of a customer found by the page query. */
    private record Known(String status, String fcustid, boolean allocated) {
    }

    private void syncWindow(Window window) throws IOException, InterruptedException, SQLException {
        int pageSize = settings.wdt().pageSize();
        int batchSize = settings.sync().batchSize();
        List<CustomerDraft> batch = new ArrayList<>(batchSize);
        Map<String, Known> batchKnown = new HashMap<>();
        Long total = null;
        int pageNo = 0;
        boolean more = true;
        while (more) {
            WdtQuery q = new WdtQuery(window.fromLocal(settings.sync().zone()), window.toLocal(settings.sync().zone()),
                    pageNo, pageSize, business);
            HttpRequest req = HttpRequest.newBuilder(URI.create(settings.wdt().url()))
                    .timeout(settings.wdt().timeout())
                    .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(QimenRequestBuilder.formBody(qimen.params(q))))
                    .build();
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            WdtPage page = wdtParser.parseQimen(resp.statusCode(), resp.body());
            pages++;
            if (pageNo == 0) {
                total = page.totalCount();
            }
            int rows = page.orders().size();
            orders += rows;
            List<CustomerDraft> drafts = new ArrayList<>(rows);
            for (StockoutOrder o : page.orders()) {
                if (InvoiceTitles.isBlank(o.invoiceTitle())) {
                    filtered++;
                    continue;
                }
                String org = settings.orgRule().orgFor(o.shopNo())
                        .orElseThrow(() -> new IllegalStateException("no organisation rule for shop_no " + o.shopNo()));
                drafts.add(mapper.toCustomer(o, org));
            }
            Map<String, Known> known = known(drafts);
            for (CustomerDraft d : drafts) {
                Known k = known.get(d.key().id());
                if (k != null && k.allocated() || !batched.add(d.key().id())) {
                    continue;   // written before, or already batched in this run
                }
                batch.add(d);
                if (k != null) {
                    batchKnown.put(d.key().id(), k);
                }
                if (batch.size() >= batchSize) {
                    write(batch, batchKnown);
                    batch.clear();
                    batchKnown.clear();
                }
            }
            boolean reachedTotal = total != null && (long) (pageNo + 1) * pageSize >= total;
            more = rows > 0 && rows >= pageSize && !reachedTotal;
            pageNo++;
        }
        if (!batch.isEmpty()) {
            write(batch, batchKnown);
        }
    }

    /** The page's one registry query: state of the customers already recorded. */
    private Map<String, Known> known(List<CustomerDraft> drafts) throws SQLException {
        if (db == null || drafts.isEmpty()) {
            return Map.of();
        }
        Map<String, Known> out = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT key, status, fcustid, allocated FROM " + TABLE
                + " WHERE key = ANY (?)")) {
            ps.setArray(1, db.createArrayOf("text", drafts.stream().map(d -> d.key().id()).distinct().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Known(rs.getString(2), rs.getString(3), rs.getBoolean(4)));
                }
            }
        }
        return out;
    }

    private void update(String sql, List<String> a, List<String> b) throws SQLException {
        if (db == null || a.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setArray(1, db.createArrayOf("text", a.toArray()));
            if (b != null) {
                ps.setArray(2, db.createArrayOf("text", b.toArray()));
            }
            ps.executeUpdate();
        }
    }

    /** The scheme's BD_Customer row, written out by hand (the bare loop has no mapping configuration). */
    private static Map<String, Object> model(CustomerDraft c) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("FCUSTID", 0);
        m.put("FCreateOrgId", Map.of("FNumber", "100"));
        m.put("FNumber", c.number());
        m.put("FUseOrgId", Map.of("FNumber", c.useOrg()));
        m.put("FName", c.name());
        m.put("FINVOICETITLE", c.name());
        m.put("FTAXREGISTERCODE", c.taxCode());
        m.put("FGroup", Map.of("FNumber", "B11"));
        m.put("FTRADINGCURRID", Map.of("FNumber", "PRE001"));
        return m;
    }

    /**
     * One batch: customers in doubt ({@code sending}) are looked up first; the rest are recorded as sending, saved
     * with one BatchSave (an exception is an unknown outcome: looked up, the absent ones sent again, at most three
     * times), recorded with their FCUSTIDs, allocated with one Allocate and marked allocated.
     */
    private void write(List<CustomerDraft> batch, Map<String, Known> known)
            throws IOException, InterruptedException, SQLException {
        Map<String, String> ids = new LinkedHashMap<>();   // number → FCUSTID
        List<CustomerDraft> toSend = new ArrayList<>();
        List<CustomerDraft> inDoubt = new ArrayList<>();
        for (CustomerDraft d : batch) {
            Known k = known.get(d.key().id());
            if (k != null && k.fcustid() != null) {
                ids.put(d.number(), k.fcustid());       // saved before, allocation missing
            } else if (k != null && "sending".equals(k.status())) {
                inDoubt.add(d);
            } else {
                toSend.add(d);
            }
        }
        if (!inDoubt.isEmpty()) {
            toSend.addAll(absentAfterLookup(inDoubt, ids));
        }
        for (int attempt = 1; !toSend.isEmpty(); attempt++) {
            update("INSERT INTO " + TABLE + " (key, number, status) SELECT k, n, 'sending' FROM unnest(?::text[], "
                    + "?::text[]) AS u(k, n) ON CONFLICT (key) DO UPDATE SET status = 'sending'",
                    toSend.stream().map(d -> d.key().id()).toList(), toSend.stream().map(CustomerDraft::number).toList());
            List<Map<String, Object>> models = toSend.stream().map(BareLoop::model).toList();
            OperationResult saved;
            try {
                saved = kingdee(KingdeeServices.BATCH_SAVE, kingdeeRequests.batchSave("BD_Customer", models,
                        settings.kingdee().autoSubmitAudit()).toString());
                batchSaves++;
            } catch (IOException unknownOutcome) {
                batchSaves++;
                if (attempt >= 3) {
                    throw unknownOutcome;
                }
                toSend = absentAfterLookup(toSend, ids);
                continue;
            }
            Map<String, String> now = new LinkedHashMap<>();
            for (int i = 0; i < toSend.size(); i++) {
                CustomerDraft d = toSend.get(i);
                now.put(d.number(), saved.savedAt(i).map(SavedRow::id).orElseThrow(() ->
                        new IllegalStateException("BatchSave did not save every row: " + saved.messages())));
            }
            update("UPDATE " + TABLE + " t SET status = 'saved', fcustid = u.id FROM unnest(?::text[], ?::text[])"
                    + " AS u(n, id) WHERE t.number = u.n", List.copyOf(now.keySet()), List.copyOf(now.values()));
            customers += now.size();
            ids.putAll(now);
            toSend = List.of();
        }
        if (ids.isEmpty()) {
            return;
        }
        OperationResult allocated = kingdee(KingdeeServices.ALLOCATE, kingdeeRequests.allocate("BD_Customer",
                List.copyOf(ids.values()), List.of(settings.distributionOrg()), settings.kingdee().autoSubmitAudit())
                .toString());
        allocates++;
        if (!allocated.success()) {
            throw new IllegalStateException("Allocate failed: " + allocated.messages());
        }
        update("UPDATE " + TABLE + " SET allocated = true WHERE number = ANY (?)", List.copyOf(ids.keySet()), null);
    }

    /** ExecuteBillQuery (one per use organisation) of customers in doubt: present ones go to {@code ids}. */
    private List<CustomerDraft> absentAfterLookup(List<CustomerDraft> drafts, Map<String, String> ids)
            throws IOException, InterruptedException, SQLException {
        Map<String, List<CustomerDraft>> byOrg = new LinkedHashMap<>();
        drafts.forEach(d -> byOrg.computeIfAbsent(d.useOrg(), k -> new ArrayList<>()).add(d));
        Map<String, String> found = new HashMap<>();
        for (Map.Entry<String, List<CustomerDraft>> e : byOrg.entrySet()) {
            List<String> numbers = e.getValue().stream().map(CustomerDraft::number).toList();
            HttpResponse<String> resp = post(KingdeeServices.EXECUTE_BILL_QUERY, kingdeeRequests.executeBillQuery(
                    "BD_Customer", List.of("FCUSTID", "FNumber", "FUseOrgId.FNumber"),
                    KingdeeFilters.numbersInOrg(numbers, e.getKey()), 0, numbers.size()).toString());
            lookups++;
            for (List<com.fasterxml.jackson.databind.JsonNode> row
                    : kingdeeResponses.parseBillQuery(resp.statusCode(), resp.body())) {
                found.put(row.get(1).asText(), row.get(0).asText());
            }
        }
        update("UPDATE " + TABLE + " t SET status = 'saved', fcustid = u.id FROM unnest(?::text[], ?::text[])"
                + " AS u(n, id) WHERE t.number = u.n", List.copyOf(found.keySet()), List.copyOf(found.values()));
        ids.putAll(found);
        return drafts.stream().filter(d -> !found.containsKey(d.number())).toList();
    }

    private void login() throws IOException, InterruptedException {
        Settings.Kingdee k = settings.kingdee();
        HttpResponse<String> resp = post(KingdeeServices.VALIDATE_USER,
                kingdeeRequests.validateUser(k.acctId(), k.username(), k.password(), k.lcid()).toString());
        if (!kingdeeResponses.parseLogin(resp.statusCode(), resp.body()).success()) {
            throw new IllegalStateException("login refused");
        }
        for (HttpCookie c : cookies.getCookieStore().getCookies()) {
            if (c.getName().equals(KingdeeStub.SESSION_COOKIE)) {
                sessionId = c.getValue();
            }
        }
    }

    private OperationResult kingdee(String service, String body) throws IOException, InterruptedException {
        HttpResponse<String> resp = post(service, body);
        return kingdeeResponses.parseOperation(resp.statusCode(), resp.body());
    }

    private HttpResponse<String> post(String service, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(KingdeeServices.uri(settings.kingdee().url(), service))
                .timeout(settings.kingdee().timeout())
                .header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (sessionId != null) {
            b.header(KingdeeStub.SESSION_COOKIE, sessionId);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
