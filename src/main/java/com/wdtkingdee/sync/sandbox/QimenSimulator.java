package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.wdtkingdee.sync.wdt.Openapi2Signer;
import com.wdtkingdee.sync.wdt.QimenSigner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulator of the 淘宝奇门 router serving 旺店通企业版 {@code wdt.stockout.order.query.trade} on
 * {@code http://127.0.0.1:PORT/router/qm}. It enforces the protocol of reference {@code wdt-stockout-api.md}:
 * POST, form-urlencoded (system parameters may also sit in the query string), the configured app_key /
 * target_app_key / sid, {@code format=json}, {@code v=2.0}, {@code sign_method=md5}, the TOP MD5 signature over
 * every received parameter but {@code sign}, a {@code yyyy-MM-dd HH:mm:ss} timestamp within ±10 minutes of the
 * simulator clock, and the business rules of {@link StockoutQuery}. The same orders are also served over the direct
 * 旺店通·企业版 openapi2 protocol on {@link #openapi2Url()} (see {@code answerOpenapi2}). Every answer is HTTP 200
 * with the documented envelope unless a {@link FaultPlan} fault says otherwise.
 */
public final class QimenSimulator implements AutoCloseable {

    /** The only method the router serves. */
    public static final String METHOD = "wdt.stockout.order.query.trade";
    /** Accepted clock difference between the caller's timestamp and the simulator clock. */
    public static final Duration TIMESTAMP_TOLERANCE = Duration.ofMinutes(10);
    /** Path of the router. */
    public static final String PATH = "/router/qm";
    /** Path of the openapi2 stockout query. */
    public static final String OPENAPI2_PATH = "/openapi2/stockout_order_query_trade.php";
    /** Accepted clock difference of the openapi2 {@code timestamp} (epoch seconds). */
    public static final Duration OPENAPI2_TIMESTAMP_TOLERANCE = Duration.ofMinutes(5);
    private static final String OPENAPI2_PREFIX = "/openapi2/";

    /**
     * Simulator settings.
     *
     * @param appKey       the caller's Qimen app key
     * @param appSecret    the caller's app secret (signature key)
     * @param targetAppKey 旺店通's app key on Qimen
     * @param sid          the 旺店通 seller account
     * @param zone         zone of the timestamp and of order times (Asia/Shanghai)
     * @param clock        the simulator's clock
     */
    public record Config(String appKey, String appSecret, String targetAppKey, String sid, ZoneId zone,
                         Clock clock) {
        public Config {
            Objects.requireNonNull(appKey, "appKey");
            Objects.requireNonNull(appSecret, "appSecret");
            Objects.requireNonNull(targetAppKey, "targetAppKey");
            Objects.requireNonNull(sid, "sid");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(clock, "clock");
        }

        /** Sandbox credentials ({@code sandbox-app}/…) in Asia/Shanghai with the system clock. */
        public static Config sandboxDefaults() {
            return new Config("sandbox-app", "sandbox-secret", "21363512", "sandbox-sid",
                    ZoneId.of("Asia/Shanghai"), Clock.systemUTC());
        }

        @Override
        public String toString() {
            return "Config[appKey=" + appKey + ", appSecret=****, targetAppKey=" + targetAppKey + ", sid=" + sid
                    + ", zone=" + zone + "]";
        }
    }

    private final Config config;
    private final FaultPlan faults = new FaultPlan();
    private final Map<String, Map<String, Object>> orders = new ConcurrentHashMap<>();
    private final List<String> requestLog = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicLong requestIds = new AtomicLong(1_600_000_000L);
    private SimHttp.LoopbackServer server;

    public QimenSimulator(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Binds a free port on 127.0.0.1 and starts serving. */
    public synchronized void start() {
        start(0);
    }

    /**
     * Binds {@code port} on 127.0.0.1 (0 = a free one) and starts serving.
     *
     * @throws IllegalStateException when already started or the port cannot be bound (e.g. in use)
     */
    public synchronized void start(int port) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        server = new SimHttp.LoopbackServer("qimen-sim", Map.of(PATH, this::handleQimen, OPENAPI2_PREFIX,
                this::handleOpenapi2), port);
    }

    /** The router URL, e.g. {@code http://127.0.0.1:41234/router/qm}. */
    public synchronized String url() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return "http://127.0.0.1:" + server.port() + PATH;
    }

    /**
     * The direct 旺店通·企业版 openapi2 endpoint of the same simulator (same orders, same credentials: appKey,
     * appSecret, sid), e.g. {@code http://127.0.0.1:41234/openapi2/stockout_order_query_trade.php}.
     */
    public synchronized String openapi2Url() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return "http://127.0.0.1:" + server.port() + OPENAPI2_PATH;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /**
     * Adds (or replaces, by {@code stockout_id}) raw 企业版 stockout rows as the API returns them. Every row needs
     * a {@code stockout_id}.
     */
    public void addOrders(Collection<Map<String, Object>> newOrders) {
        for (Map<String, Object> o : newOrders) {
            Object id = o.get("stockout_id");
            if (id == null) {
                throw new IllegalArgumentException("order without stockout_id: " + o.get("order_no"));
            }
            orders.put(id.toString(), new LinkedHashMap<>(o));
        }
    }

    /** Removes every order. */
    public void clearOrders() {
        orders.clear();
    }

    /** Number of stored orders. */
    public int orderCount() {
        return orders.size();
    }

    /** Number of HTTP requests received on the router and the openapi2 endpoint, whatever their outcome. */
    public int calls() {
        return calls.get();
    }

    /**
     * One line per request that reached the router or the openapi2 endpoint: method (openapi2:
     * {@code openapi2 stockout_order_query_trade.php}), page_no, page_size, window and outcome, e.g.
     * {@code wdt.stockout.order.query.trade page_no=0 page_size=100 start_time=… end_time=… -> ok 12/57}.
     * No credentials or signatures.
     */
    public List<String> requestLog() {
        synchronized (requestLog) {
            return List.copyOf(requestLog);
        }
    }

    /**
     * Faults applied to the next requests (operation {@code "qimen"}, shared by both protocols: a fault planned for
     * {@code "qimen"} hits the next request whichever endpoint it reaches). On openapi2, {@code BUSY} and
     * {@code RATE_LIMIT_BAN} answer {@code {"code":1012,…}}.
     */
    public FaultPlan faults() {
        return faults;
    }

    /**
     * Sets the hook called at the BEFORE and AFTER_ANSWER phases of every router and openapi2 request (operation
     * {@code "qimen"}); null removes it. Same as {@code faults().onRequest(hook)}.
     */
    public void onRequest(RequestHook hook) {
        faults.onRequest(hook);
    }

    private void handleQimen(HttpExchange ex) throws IOException {
        serve(ex, this::answer, fault -> switch (fault) {
            case RATE_LIMIT_BAN -> new Result(failure(7, "This ban will last for 3 more seconds",
                    "accesscontrol.limited-by-app-access-count", "This ban will last for 3 more seconds"), "code 7");
            case BUSY -> new Result(business(1012, "系统繁忙，请稍后再试"), "errorcode 1012");
            default -> null;
        }, p -> p.getOrDefault("method", "-"));
    }

    private void handleOpenapi2(HttpExchange ex) throws IOException {
        if (!OPENAPI2_PATH.equals(ex.getRequestURI().getPath())) {
            calls.incrementAndGet();
            SimHttp.readBody(ex);
            SimHttp.send(ex, SimHttp.Reply.text(404, "text/plain; charset=utf-8", "Not Found"));
            return;
        }
        serve(ex, this::answerOpenapi2, fault -> switch (fault) {
            case RATE_LIMIT_BAN -> new Result(openapi2Error(1012, "调用过于频繁，请稍后再试"), "code 1012");
            case BUSY -> new Result(openapi2Error(1012, "系统繁忙，请稍后再试"), "code 1012");
            default -> null;
        }, p -> "openapi2 stockout_order_query_trade.php");
    }

    /** Answers a request of either protocol. */
    private interface Answerer {
        Result answer(String httpMethod, boolean formBody, int bodyLength, Map<String, String> params);
    }

    /** Collects the parameters (query string, then form body), applies the "qimen" faults and answers. */
    private void serve(HttpExchange ex, Answerer answerer,
                       java.util.function.Function<FaultPlan.Fault, Result> businessFaults,
                       java.util.function.Function<Map<String, String>, String> label) throws IOException {
        calls.incrementAndGet();
        Map<String, String> params = new LinkedHashMap<>();
        SimHttp.parseForm(ex.getRequestURI().getRawQuery(), params);
        byte[] body = SimHttp.readBody(ex);
        String contentType = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"))
                .toLowerCase(Locale.ROOT);
        boolean formBody = contentType.startsWith("application/x-www-form-urlencoded");
        if (formBody) {
            SimHttp.parseForm(new String(body, StandardCharsets.UTF_8), params);
        }
        int seq = faults.arrive(FaultPlan.QIMEN);
        if (!faults.reached(FaultPlan.QIMEN, RequestHook.Phase.BEFORE, seq)) {
            SimHttp.drop(ex);
            return;
        }
        FaultPlan.Fault fault = faults.take(FaultPlan.QIMEN);
        if (fault == FaultPlan.Fault.TIMEOUT) {
            SimHttp.sleep(faults.timeoutDelay());
        }
        Result r = fault == null ? null : businessFaults.apply(fault);
        if (r == null && fault == FaultPlan.Fault.HTTP_500) {
            r = new Result(SimHttp.http500(), "HTTP 500");
        } else if (r == null && fault == FaultPlan.Fault.HTML_502) {
            r = new Result(SimHttp.html502(), "HTTP 502");
        } else if (r == null) {
            r = answerer.answer(ex.getRequestMethod(), formBody, body.length, params);
        }
        log(label.apply(params), params, r.outcome + (fault == null ? "" : " [fault " + fault + "]"));
        boolean counted = faults.answering();
        try {
            SimHttp.send(ex, fault == FaultPlan.Fault.TRUNCATED_JSON ? r.reply.truncated() : r.reply);
        } finally {
            faults.reached(FaultPlan.QIMEN, RequestHook.Phase.AFTER_ANSWER, seq);
            faults.answered(counted);
        }
    }

    private record Result(SimHttp.Reply reply, String outcome) {
    }

    private Result answer(String httpMethod, boolean formBody, int bodyLength, Map<String, String> p) {
        if (!"POST".equalsIgnoreCase(httpMethod)) {
            return gateway(41, "Invalid Arguments", "isv.invalid-http-method", "HTTP method must be POST");
        }
        if (bodyLength > 0 && !formBody) {
            return gateway(41, "Invalid Arguments", "isv.invalid-content-type",
                    "Content-Type must be application/x-www-form-urlencoded");
        }
        String method = p.get("method");
        if (isBlank(method)) {
            return gateway(21, "Missing Method", null, null);
        }
        if (!METHOD.equals(method)) {
            return gateway(22, "Invalid Method", null, null);
        }
        String appKey = p.get("app_key");
        if (isBlank(appKey)) {
            return gateway(28, "Missing App Key", null, null);
        }
        if (!config.appKey().equals(appKey)) {
            return gateway(29, "Invalid App Key", null, null);
        }
        String targetAppKey = p.get("target_app_key");
        if (isBlank(targetAppKey)) {
            return gateway(40, "Missing Required Arguments", "isv.missing-parameter:target_app_key",
                    "target_app_key is required");
        }
        if (!config.targetAppKey().equals(targetAppKey)) {
            return gateway(41, "Invalid Arguments", "isv.invalid-parameter:target_app_key",
                    "target_app_key has no route to this API");
        }
        if (!"json".equals(p.get("format"))) {
            return gateway(23, "Invalid Format", null, null);
        }
        String v = p.get("v");
        if (isBlank(v)) {
            return gateway(32, "Missing Version", null, null);
        }
        if (!"2.0".equals(v)) {
            return gateway(33, "Invalid Version", null, null);
        }
        if (!"md5".equals(p.get("sign_method"))) {
            return gateway(41, "Invalid Arguments", "isv.invalid-parameter:sign_method",
                    "sign_method must be md5");
        }
        String timestamp = p.get("timestamp");
        if (isBlank(timestamp)) {
            return gateway(30, "Missing Timestamp", null, null);
        }
        if (!timestampAccepted(timestamp)) {
            return gateway(31, "Invalid Timestamp", null, null);
        }
        String sign = p.get("sign");
        if (isBlank(sign)) {
            return gateway(24, "Missing Signature", null, null);
        }
        if (!QimenSigner.sign(p, config.appSecret()).equals(sign)) {
            return gateway(25, "Invalid signature", null, null);
        }
        String sid = p.get("sid");
        if (isBlank(sid)) {
            return gateway(40, "Missing Required Arguments", "isv.missing-parameter:sid", "sid is required");
        }
        if (!config.sid().equals(sid)) {
            return gateway(41, "Invalid Arguments", "isv.invalid-parameter:sid", "卖家账号不存在: " + sid);
        }
        StockoutQuery query;
        try {
            query = StockoutQuery.parse(p);
        } catch (StockoutQuery.BusinessError e) {
            return new Result(business(e.code(), e.getMessage()), "errorcode " + e.code());
        }
        StockoutQuery.Page page = query.run(orders.values());
        ObjectNode response = SimHttp.JSON.createObjectNode();
        response.put("errorcode", 0);
        response.put("message", "");
        if (query.pageNo == 0) {
            response.put("total_count", page.totalCount());
        }
        response.set("stockout_list", SimHttp.JSON.valueToTree(page.rows()));
        ObjectNode root = SimHttp.JSON.createObjectNode();
        root.set("response", response);
        return new Result(SimHttp.Reply.json(root), "ok " + page.rows().size() + "/" + page.totalCount());
    }

    /**
     * openapi2 ({@code stockout_order_query_trade.php}): POST, form-urlencoded, no empty parameter (the official
     * PHP SDK refuses them), {@code appkey} (2030), {@code timestamp} in epoch seconds within ±5 minutes (2104),
     * the length-prefixed lowercase MD5 {@code sign} over every received parameter but {@code sign} (2100),
     * {@code sid} (2060), then the business rules of {@link StockoutQuery} (2900, 2220, 100). Errors are
     * {@code {"code":N,"message":…}}, success {@code {"code":0,"message":"","total_count":N,"stockout_list":[…]}}
     * with {@code total_count} on page 0 only. The codes follow the classes of reference §6; their exact values on
     * a real server are unverified.
     */
    private Result answerOpenapi2(String httpMethod, boolean formBody, int bodyLength, Map<String, String> p) {
        if (!"POST".equalsIgnoreCase(httpMethod)) {
            return openapi2(100, "请使用POST方式提交请求");
        }
        if (bodyLength > 0 && !formBody) {
            return openapi2(100, "Content-Type必须为application/x-www-form-urlencoded");
        }
        for (Map.Entry<String, String> e : p.entrySet()) {
            if (e.getValue() == null || e.getValue().isEmpty()) {
                return openapi2(100, "参数[" + e.getKey() + "]的值不能为空");
            }
        }
        String appKey = p.get("appkey");
        if (appKey == null) {
            return openapi2(2030, "缺少参数appkey");
        }
        if (!config.appKey().equals(appKey)) {
            return openapi2(2030, "appkey不存在: " + appKey);
        }
        String timestamp = p.get("timestamp");
        if (timestamp == null) {
            return openapi2(2104, "缺少参数timestamp");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return openapi2(2104, "timestamp格式错误，应为秒级时间戳: " + timestamp);
        }
        Duration skew = Duration.between(config.clock().instant(), Instant.ofEpochSecond(seconds)).abs();
        if (skew.compareTo(OPENAPI2_TIMESTAMP_TOLERANCE) > 0) {
            return openapi2(2104, "timestamp与服务器时间相差超过5分钟");
        }
        String sign = p.get("sign");
        if (sign == null || !Openapi2Signer.sign(p, config.appSecret()).equals(sign)) {
            return openapi2(2100, "签名错误");
        }
        String sid = p.get("sid");
        if (sid == null) {
            return openapi2(2060, "缺少参数sid");
        }
        if (!config.sid().equals(sid)) {
            return openapi2(2060, "卖家账号不存在: " + sid);
        }
        StockoutQuery query;
        try {
            query = StockoutQuery.parse(p);
        } catch (StockoutQuery.BusinessError e) {
            return openapi2(e.code(), e.getMessage());
        }
        StockoutQuery.Page page = query.run(orders.values());
        ObjectNode root = SimHttp.JSON.createObjectNode();
        root.put("code", 0);
        root.put("message", "");
        if (query.pageNo == 0) {
            root.put("total_count", page.totalCount());
        }
        root.set("stockout_list", SimHttp.JSON.valueToTree(page.rows()));
        return new Result(SimHttp.Reply.json(root), "ok " + page.rows().size() + "/" + page.totalCount());
    }

    private static Result openapi2(int code, String message) {
        return new Result(openapi2Error(code, message), "code " + code);
    }

    private static SimHttp.Reply openapi2Error(int code, String message) {
        ObjectNode root = SimHttp.JSON.createObjectNode();
        root.put("code", code);
        root.put("message", message);
        return SimHttp.Reply.json(root);
    }

    /** TOP accepts {@code yyyy-MM-dd HH:mm:ss} in the zone, and epoch milliseconds. */
    private boolean timestampAccepted(String text) {
        Instant sent;
        try {
            if (text.chars().allMatch(Character::isDigit) && text.length() >= 12) {
                sent = Instant.ofEpochMilli(Long.parseLong(text));
            } else {
                sent = LocalDateTime.parse(text, StockoutQuery.TIME).atZone(config.zone()).toInstant();
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            return false;
        }
        Duration skew = Duration.between(config.clock().instant(), sent).abs();
        return skew.compareTo(TIMESTAMP_TOLERANCE) <= 0;
    }

    private Result gateway(int code, String message, String subCode, String subMessage) {
        return new Result(failure(code, message, subCode, subMessage), "code " + code);
    }

    private SimHttp.Reply failure(int code, String message, String subCode, String subMessage) {
        ObjectNode response = SimHttp.JSON.createObjectNode();
        response.put("flag", "failure");
        response.put("code", code);
        response.put("message", message);
        if (subCode != null) {
            response.put("sub_code", subCode);
        }
        if (subMessage != null) {
            response.put("sub_message", subMessage);
        }
        response.put("request_id", Long.toString(requestIds.incrementAndGet(), 36));
        ObjectNode root = SimHttp.JSON.createObjectNode();
        root.set("response", response);
        return SimHttp.Reply.json(root);
    }

    private static SimHttp.Reply business(int code, String message) {
        ObjectNode response = SimHttp.JSON.createObjectNode();
        response.put("errorcode", code);
        response.put("message", message);
        ObjectNode root = SimHttp.JSON.createObjectNode();
        root.set("response", response);
        return SimHttp.Reply.json(root);
    }

    private void log(String label, Map<String, String> p, String outcome) {
        String line = label + " page_no=" + p.getOrDefault("page_no", "-")
                + " page_size=" + p.getOrDefault("page_size", "-")
                + " start_time=" + p.getOrDefault("start_time", "-")
                + " end_time=" + p.getOrDefault("end_time", "-") + " -> " + outcome;
        synchronized (requestLog) {
            requestLog.add(line);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
