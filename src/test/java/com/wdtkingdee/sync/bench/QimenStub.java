package com.wdtkingdee.sync.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.wdtkingdee.sync.wdt.QimenSigner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lightweight stand-in for the 淘宝奇门 router serving {@code wdt.stockout.order.query.trade}, for volumes the
 * sandbox {@code QimenSimulator} cannot serve (it filters and sorts its whole order map on every page, so a page of a
 * 100,000-order window costs ~100 ms there). Orders come from an {@link OrderFeed} and are generated per page.
 *
 * <p>It checks what the real router checks and the product must get right: POST with a form body, method, app key,
 * target app key, {@code format=json}, {@code v=2.0}, {@code sign_method=md5}, the timestamp within ±10 minutes,
 * the TOP MD5 signature ({@link QimenSigner}), sid, the window (both ends, at most 30 days), {@code page_size}
 * 1..100, {@code page_no} ≥ 0, and that {@code status}/{@code shop_nos} select every order of the feed. It answers
 * the documented envelope: {@code {"response":{"errorcode":0,"message":"","total_count":N,"stockout_list":[…]}}}
 * with {@code total_count} on page 0 only, or the gateway failure envelope
 * {@code {"response":{"flag":"failure","code":…,"message":…}}}. A request the stub refuses is counted in
 * {@link #rejected()}: a benchmark run is only valid when it is 0.
 */
final class QimenStub implements AutoCloseable {

    static final String PATH = "/router/qm";
    static final String METHOD = "wdt.stockout.order.query.trade";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] PAGE_HEAD = "{\"response\":{\"errorcode\":0,\"message\":\"\",\"stockout_list\":["
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAGE_TAIL = "]}}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMA = {','};

    private final String appKey;
    private final String appSecret;
    private final String targetAppKey;
    private final String sid;
    private final ZoneId zone;
    private final OrderFeed feed;
    private final long pageLatencyMs;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong ordersServed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong handlingNanos = new AtomicLong();
    private volatile String lastRejection;
    private volatile long firstCallNanos;
    private volatile String window = "";
    private volatile java.util.function.IntSupplier writesInFlight = () -> 0;
    private final AtomicLong pagesDuringWrites = new AtomicLong();

    QimenStub(String appKey, String appSecret, String targetAppKey, String sid, ZoneId zone, OrderFeed feed,
              long pageLatencyMs) {
        this.appKey = appKey;
        this.appSecret = appSecret;
        this.targetAppKey = targetAppKey;
        this.sid = sid;
        this.zone = zone;
        this.feed = feed;
        this.pageLatencyMs = pageLatencyMs;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind a loopback port", e);
        }
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "bench-qimen");
            t.setDaemon(true);
            return t;
        });
        server.createContext(PATH, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    long calls() {
        return calls.get();
    }

    long ordersServed() {
        return ordersServed.get();
    }

    long rejected() {
        return rejected.get();
    }

    String lastRejection() {
        return lastRejection;
    }

    /** CPU time of the handler threads answering (parsing, checking, generating, writing), without the latency. */
    long handlingNanos() {
        return handlingNanos.get();
    }

    /** The window ({@code start_time → end_time}) of the latest page served: which window the product is syncing. */
    String window() {
        return window;
    }

    /** Counts the pages asked for while the other side answers a write ({@link #pagesDuringWrites()}). */
    void overlapWith(java.util.function.IntSupplier writesInFlight) {
        this.writesInFlight = writesInFlight;
    }

    /** Pages asked for while at least one write was in flight at the 金蝶 stub: fetching and writing overlapped. */
    long pagesDuringWrites() {
        return pagesDuringWrites.get();
    }

    /** {@link System#nanoTime()} of the first request, 0 if none came. */
    long firstCallNanos() {
        return firstCallNanos;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (calls.getAndIncrement() == 0) {
                firstCallNanos = System.nanoTime();
            }
            if (writesInFlight.getAsInt() > 0) {
                pagesDuringWrites.incrementAndGet();
            }
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (pageLatencyMs > 0) {
                sleep(pageLatencyMs);
            }
            long t0 = cpuNanos();
            List<byte[]> answer;
            try {
                answer = answer(ex, body);
            } catch (Refusal r) {
                rejected.incrementAndGet();
                lastRejection = r.getMessage();
                answer = List.of(failure(r.code, r.getMessage()));
            }
            long length = 0;
            for (byte[] chunk : answer) {
                length += chunk.length;
            }
            ex.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
            ex.sendResponseHeaders(200, length);
            try (OutputStream out = ex.getResponseBody()) {
                for (byte[] chunk : answer) {
                    out.write(chunk);
                }
            }
            handlingNanos.addAndGet(cpuNanos() - t0);
        }
    }

    /** The answer as chunks written one after the other (no page-sized copy): envelope, orders, commas. */
    private List<byte[]> answer(HttpExchange ex, byte[] body) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            throw new Refusal(41, "HTTP method must be POST");
        }
        String type = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")).toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            throw new Refusal(41, "Content-Type must be application/x-www-form-urlencoded, was " + type);
        }
        Map<String, String> p = form(new String(body, StandardCharsets.UTF_8));
        String query = ex.getRequestURI().getRawQuery();
        if (query != null) {
            form(query).forEach(p::putIfAbsent);
        }
        expect(p, "method", METHOD, 22);
        expect(p, "app_key", appKey, 29);
        expect(p, "target_app_key", targetAppKey, 41);
        expect(p, "format", "json", 23);
        expect(p, "v", "2.0", 33);
        expect(p, "sign_method", "md5", 41);
        String ts = p.get("timestamp");
        try {
            Instant sent = LocalDateTime.parse(String.valueOf(ts), TIME).atZone(zone).toInstant();
            if (Duration.between(Instant.now(), sent).abs().compareTo(Duration.ofMinutes(10)) > 0) {
                throw new Refusal(31, "Invalid Timestamp " + ts);
            }
        } catch (DateTimeParseException e) {
            throw new Refusal(31, "Invalid Timestamp " + ts);
        }
        if (!QimenSigner.sign(p, appSecret).equals(p.get("sign"))) {
            throw new Refusal(25, "Invalid signature");
        }
        expect(p, "sid", sid, 41);
        LocalDateTime start = time(p, "start_time");
        LocalDateTime end = time(p, "end_time");
        if (end.isBefore(start) || Duration.between(start, end).compareTo(Duration.ofDays(30)) > 0) {
            throw new Refusal(100, "bad window " + start + " → " + end);
        }
        int pageSize = integer(p, "page_size");
        int pageNo = integer(p, "page_no");
        if (pageSize < 1 || pageSize > 100 || pageNo < 0) {
            throw new Refusal(2220, "page_size 1..100 and page_no >= 0, got " + pageSize + "/" + pageNo);
        }
        Set<String> statuses = list(p.get("status"));
        for (int s : OrderFeed.STATUSES) {
            if (!statuses.isEmpty() && !statuses.contains(Integer.toString(s))) {
                throw new Refusal(100, "status " + p.get("status") + " does not select status " + s);
            }
        }
        Set<String> shops = list(p.get("shop_nos"));
        if (!shops.isEmpty() && !shops.containsAll(OrderFeed.SHOPS)) {
            throw new Refusal(100, "shop_nos " + p.get("shop_nos") + " does not select every shop " + OrderFeed.SHOPS);
        }
        int[] range = feed.range(start, end);
        int total = range[1] - range[0];
        long from = range[0] + (long) pageNo * pageSize;
        long to = Math.min(range[1], from + pageSize);
        window = start + " → " + end;
        // the envelope around the orders' JSON (pre-rendered by the feed for the throughput runs: a copy of bytes)
        List<byte[]> out = new ArrayList<>(2 * pageSize + 2);
        out.add(pageNo == 0 ? ("{\"response\":{\"errorcode\":0,\"message\":\"\",\"total_count\":" + total
                + ",\"stockout_list\":[").getBytes(StandardCharsets.US_ASCII) : PAGE_HEAD);
        for (long i = from; i < to; i++) {
            if (i > from) {
                out.add(COMMA);
            }
            out.add(feed.json((int) i));
        }
        out.add(PAGE_TAIL);
        ordersServed.addAndGet(Math.max(0, to - from));
        return out;
    }

    private static void expect(Map<String, String> p, String key, String value, int code) {
        if (!value.equals(p.get(key))) {
            throw new Refusal(code, "Invalid " + key + ": " + p.get(key));
        }
    }

    private static LocalDateTime time(Map<String, String> p, String key) {
        try {
            return LocalDateTime.parse(String.valueOf(p.get(key)), TIME);
        } catch (DateTimeParseException e) {
            throw new Refusal(100, key + " must be yyyy-MM-dd HH:mm:ss, got " + p.get(key));
        }
    }

    private static int integer(Map<String, String> p, String key) {
        try {
            return Integer.parseInt(String.valueOf(p.get(key)).trim());
        } catch (NumberFormatException e) {
            throw new Refusal(100, key + " must be a whole number, got " + p.get(key));
        }
    }

    private static Set<String> list(String csv) {
        Set<String> out = new HashSet<>();
        if (csv != null) {
            Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        return out;
    }

    static Map<String, String> form(String raw) {
        Map<String, String> m = new HashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            m.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return m;
    }

    private static byte[] failure(int code, String message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("response");
            g.writeStringField("flag", "failure");
            g.writeNumberField("code", code);
            g.writeStringField("message", message);
            g.writeEndObject();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CPU time of the current thread (what answering costs, not the time spent waiting for the client to read). */
    static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A request the router refuses (gateway failure envelope). */
    private static final class Refusal extends RuntimeException {
        final int code;

        Refusal(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
