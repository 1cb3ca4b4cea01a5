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

import java.io.IOException;
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
 * The reference for the throughput ratio: the same conversation as the product, written as a plain loop over
 * {@link HttpClient} — no Camel, no database. Same windows (the product's {@link WindowPlanner} on the same
 * settings), same signed page requests of {@code wdt.page-size}, same paging stop rule, same filter / org rule /
 * mapping, one {@code BatchSave} per {@code sync.batch-size} customers (the last, smaller batch at the window's end)
 * and one {@code Allocate} per batch. It reuses the product's pure, framework-free helpers (request builders,
 * signer, response parsers, mapper) so that the ratio measures what Camel, the routes and the state database add.
 */
final class BareLoop {

    /** Counts of one run. */
    record Result(long pages, long orders, long filtered, long customers, long batchSaves, long allocates, long nanos) {
    }

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

    BareLoop(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
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
        long t0 = System.nanoTime();
        Settings.Sync s = settings.sync();
        login();
        List<Window> windows = new WindowPlanner(s.lookback(), s.lag(), s.maxWindow())
                .plan(Optional.empty(), s.initialStart().atZone(s.zone()).toInstant(), clock.instant());
        for (Window window : windows) {
            syncWindow(window);
        }
        return new Result(pages, orders, filtered, customers, batchSaves, allocates, System.nanoTime() - t0);
    }

    private void syncWindow(Window window) throws IOException, InterruptedException {
        int pageSize = settings.wdt().pageSize();
        int batchSize = settings.sync().batchSize();
        List<CustomerDraft> batch = new ArrayList<>(batchSize);
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
            for (StockoutOrder o : page.orders()) {
                if (InvoiceTitles.isBlank(o.invoiceTitle())) {
                    filtered++;
                    continue;
                }
                String org = settings.orgRule().orgFor(o.shopNo())
                        .orElseThrow(() -> new IllegalStateException("no organisation rule for shop_no " + o.shopNo()));
                batch.add(mapper.toCustomer(o, org));
                if (batch.size() >= batchSize) {
                    write(batch);
                    batch.clear();
                }
            }
            boolean reachedTotal = total != null && (long) (pageNo + 1) * pageSize >= total;
            more = rows > 0 && rows >= pageSize && !reachedTotal;
            pageNo++;
        }
        if (!batch.isEmpty()) {
            write(batch);
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

    private void write(List<CustomerDraft> batch) throws IOException, InterruptedException {
        List<Map<String, Object>> models = batch.stream().map(BareLoop::model).toList();
        OperationResult saved = kingdee(KingdeeServices.BATCH_SAVE, kingdeeRequests.batchSave("BD_Customer", models,
                settings.kingdee().autoSubmitAudit()).toString());
        batchSaves++;
        List<String> ids = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            ids.add(saved.savedAt(i).map(SavedRow::id)
                    .orElseThrow(() -> new IllegalStateException("BatchSave did not save every row: " + saved.messages())));
        }
        customers += ids.size();
        OperationResult allocated = kingdee(KingdeeServices.ALLOCATE, kingdeeRequests.allocate("BD_Customer", ids,
                List.of(settings.distributionOrg()), settings.kingdee().autoSubmitAudit()).toString());
        allocates++;
        if (!allocated.success()) {
            throw new IllegalStateException("Allocate failed: " + allocated.messages());
        }
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
