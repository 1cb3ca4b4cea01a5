package com.wdtkingdee.sync.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lightweight stand-in for the 金蝶云星空 WebAPI for volumes the sandbox {@code KingdeeSimulator} cannot serve (its
 * unique-number check scans every stored customer for every row, so BatchSave becomes quadratic). Customers are
 * kept as a number → FCUSTID map only.
 *
 * <p>Protocol kept: {@code AuthService.ValidateUser} with the {@code kdservice-sessionid} and
 * {@code ASP.NET_SessionId} cookies; data calls need a live session (cookie or header), else MsgCode 1;
 * {@code BatchSave} of {@code BD_Customer} with per-{@code DIndex} results, unique {@code FNumber} (MsgCode 11),
 * required {@code FNumber}/{@code FName}, verified base-data references (orgs, group, currency) and
 * {@code NeedReturnData}; {@code Allocate} of known {@code FCUSTID}s to a known organisation id. Every answer that
 * is not a full success is counted in {@link #rejected()}: a benchmark run is only valid when it is 0.
 */
final class KingdeeStub implements AutoCloseable {

    static final String SESSION_COOKIE = "kdservice-sessionid";
    private static final Pattern SERVICE = Pattern.compile(
            "/k3cloud/Kingdee\\.BOS\\.WebApi\\.ServicesStub\\.(AuthService|DynamicFormService)\\.(\\w+)\\.common\\.kdsvc");
    private static final long FIRST_ID = 100_001;
    private static final Set<String> ORGS = Set.of("100", "BZ", "DZ");
    private static final Set<String> GROUPS = Set.of("B11");
    private static final Set<String> CURRENCIES = Set.of("PRE001");
    static final String DISTRIBUTION_ORG_ID = "100040";

    private final ObjectMapper json = new ObjectMapper();
    private final String acctId;
    private final String username;
    private final String password;
    private final long batchSaveLatencyMs;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();
    private final Map<String, Customer> numbers = new ConcurrentHashMap<>();
    private final Set<Long> allocatedIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong duplicateRows = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger savesInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxSavesInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<String, long[]> perWindow = new LinkedHashMap<>();
    private volatile Supplier<String> window = () -> "";
    private final AtomicLong nextId = new AtomicLong(FIRST_ID);
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final AtomicLong allocated = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong handlingNanos = new AtomicLong();
    private volatile String lastRejection;

    KingdeeStub(String acctId, String username, String password, long batchSaveLatencyMs) {
        this.acctId = acctId;
        this.username = username;
        this.password = password;
        this.batchSaveLatencyMs = batchSaveLatencyMs;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind a loopback port", e);
        }
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "bench-kingdee");
            t.setDaemon(true);
            return t;
        });
        server.createContext("/k3cloud/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/k3cloud/";
    }

    long calls(String operation) {
        AtomicLong n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    /** Customers saved (distinct numbers). */
    long customers() {
        return numbers.size();
    }

    /** Successful Allocate rows (an already allocated customer allocated again counts again). */
    long allocated() {
        return allocated.get();
    }

    /** Distinct customers allocated at least once. */
    long allocatedCustomers() {
        return allocatedIds.size();
    }

    /** BatchSave rows answered "number already used" (MsgCode 11): the protocol's answer, not a refusal. */
    long duplicateRows() {
        return duplicateRows.get();
    }

    /** BatchSave calls being answered now (received, answer not yet written). */
    int savesInFlight() {
        return savesInFlight.get();
    }

    private int occupied;
    private long occupancyIntegral;
    private long occupancyLast;
    private long occupancyFirst;
    private long idleNanos;

    private synchronized void occupancy(int delta) {
        long now = System.nanoTime();
        if (occupancyFirst == 0) {
            occupancyFirst = now;
        } else {
            occupancyIntegral += occupied * (now - occupancyLast);
            if (occupied == 0) {
                idleNanos += now - occupancyLast;
            }
        }
        occupancyLast = now;
        occupied += delta;
    }

    /**
     * From the first BatchSave's arrival to the last one's answer: {average BatchSave calls in flight, seconds with
     * none in flight, seconds in all}.
     */
    synchronized double[] saveOccupancy() {
        double span = occupancyLast - occupancyFirst;
        return span <= 0 ? new double[]{0, 0, 0}
                : new double[]{occupancyIntegral / span, idleNanos / 1e9, span / 1e9};
    }

    /** The most BatchSave calls answered at the same time. */
    int maxSavesInFlight() {
        return maxSavesInFlight.get();
    }

    /** Which window the product is in (the 旺店通 stub's latest page), for {@link #perWindow()}. */
    void windowFrom(Supplier<String> current) {
        this.window = current;
    }

    /** Per window, in order: {BatchSave calls, rows sent, new customers created}. */
    Map<String, long[]> perWindow() {
        synchronized (perWindow) {
            Map<String, long[]> copy = new LinkedHashMap<>();
            perWindow.forEach((k, v) -> copy.put(k, v.clone()));
            return copy;
        }
    }

    long rejected() {
        return rejected.get();
    }

    String lastRejection() {
        return lastRejection;
    }

    /** CPU time of the handler threads answering (parsing, checking, writing), without the simulated latency. */
    long handlingNanos() {
        return handlingNanos.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Matcher m = SERVICE.matcher(ex.getRequestURI().getPath());
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!m.matches() || !"POST".equals(ex.getRequestMethod())) {
                rejected.incrementAndGet();
                lastRejection = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
                ex.sendResponseHeaders(404, -1);
                return;
            }
            String op = m.group(2);
            calls.computeIfAbsent(op, k -> new AtomicLong()).incrementAndGet();
            boolean save = op.equals("BatchSave");
            if (save) {
                int now = savesInFlight.incrementAndGet();
                maxSavesInFlight.accumulateAndGet(now, Math::max);
                occupancy(+1);
            }
            try {
                if (save && batchSaveLatencyMs > 0) {
                    QimenStub.sleep(batchSaveLatencyMs);
                }
                answer(ex, op, body);
            } finally {
                if (save) {
                    savesInFlight.decrementAndGet();
                    occupancy(-1);
                }
            }
        }
    }

    private void answer(HttpExchange ex, String op, byte[] body) throws IOException {
        long t0 = cpuNanos();
        byte[] answer;
        if (op.equals("ValidateUser")) {
            answer = login(ex, json.readTree(body));
        } else if (!hasSession(ex)) {
            answer = failure(1, "会话信息已丢失，请重新登录");
        } else if (op.equals("BatchSave")) {
            answer = batchSave(Request.parse(body));
        } else if (op.equals("Allocate")) {
            answer = allocate(Request.parse(body));
        } else if (op.equals("ExecuteBillQuery")) {
            answer = billQuery(Request.parse(body));
        } else {
            answer = failure(8, op + " is not simulated");
        }
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(200, answer.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(answer);
        }
        handlingNanos.addAndGet(cpuNanos() - t0);
    }

    private byte[] login(HttpExchange ex, JsonNode root) throws IOException {
        JsonNode p = root.path("parameters");
        if (!acctId.equals(p.path(0).asText()) || !username.equals(p.path(1).asText())
                || !password.equals(p.path(2).asText())) {
            rejected.incrementAndGet();
            lastRejection = "login refused";
            return json.writeValueAsBytes(Map.of("LoginResultType", 0, "Message", "用户名或密码错误！"));
        }
        String id = UUID.randomUUID().toString();
        sessions.add(id);
        ex.getResponseHeaders().add("Set-Cookie", SESSION_COOKIE + "=" + id + "; path=/");
        ex.getResponseHeaders().add("Set-Cookie", "ASP.NET_SessionId=" + id.replace("-", "").substring(0, 24)
                + "; path=/; HttpOnly");
        return json.writeValueAsBytes(Map.of("LoginResultType", 1, "KDSVCSessionId", id, "IsSuccessByAPI", true,
                "Context", Map.of("UserName", username, "DBid", acctId)));
    }

    private boolean hasSession(HttpExchange ex) {
        for (String cookieHeader : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : cookieHeader.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).trim().equals(SESSION_COOKIE)
                        && sessions.contains(part.substring(eq + 1).trim())) {
                    return true;
                }
            }
        }
        String header = ex.getRequestHeaders().getFirst(SESSION_COOKIE);
        return header != null && sessions.contains(header);
    }

    private record RowError(String field, String message, int dIndex) {
    }

    private record Saved(long id, String number, int dIndex) {
    }

    private byte[] batchSave(Request data) throws IOException {
        if (!"BD_Customer".equals(data.formId)) {
            return failure(8, "BatchSave of form " + data.formId + " is not simulated");
        }
        List<RowError> errors = new ArrayList<>();
        List<Saved> saved = new ArrayList<>();
        int duplicates = 0;
        for (int i = 0; i < data.model.size(); i++) {
            Map<String, String> row = data.model.get(i);
            String number = row.getOrDefault("FNumber", "");
            String name = row.getOrDefault("FName", "");
            int before = errors.size();
            if (number.isBlank()) {
                errors.add(new RowError("FNumber", "字段[编码]是必录字段", i));
            }
            if (name.isBlank()) {
                errors.add(new RowError("FName", "字段[客户名称]是必录字段", i));
            }
            if (data.verify) {
                ref(row, "FCreateOrgId", ORGS, i, errors);
                ref(row, "FUseOrgId", ORGS, i, errors);
                ref(row, "FGroup", GROUPS, i, errors);
                ref(row, "FTRADINGCURRID", CURRENCIES, i, errors);
            }
            if (errors.size() > before) {
                continue;
            }
            long id = nextId.getAndIncrement();
            if (numbers.putIfAbsent(number, new Customer(id, row.get("FUseOrgId"))) != null) {
                errors.add(new RowError("FNumber", "违反字段唯一性要求：编码唯一。[" + number + "]", i));
                duplicates++;
                continue;
            }
            saved.add(new Saved(id, number, i));
        }
        duplicateRows.addAndGet(duplicates);
        if (errors.size() > duplicates) {
            rejected.incrementAndGet();
            lastRejection = "BatchSave: " + errors.get(0);
        }
        String w = window.get();
        synchronized (perWindow) {
            long[] t = perWindow.computeIfAbsent(w, k -> new long[3]);
            t[0]++;
            t[1] += data.model.size();
            t[2] += saved.size();
        }
        return result(errors, saved, errors.isEmpty() ? 0 : 11, true);
    }

    private static void ref(Map<String, String> row, String field, Set<String> known, int i, List<RowError> errors) {
        String n = row.getOrDefault(field, "");
        if (!known.contains(n)) {
            errors.add(new RowError(field, "字段[" + field + "]的值[" + n + "]不存在", i));
        }
    }

    private byte[] allocate(Request data) throws IOException {
        String[] pk = data.pkIds.split(",");
        List<RowError> errors = new ArrayList<>();
        List<Saved> ok = new ArrayList<>();
        if (!DISTRIBUTION_ORG_ID.equals(data.tOrgIds)) {
            errors.add(new RowError(null, "目标组织内码[" + data.tOrgIds + "]不存在", 0));
        } else {
            for (int i = 0; i < pk.length; i++) {
                long id;
                try {
                    id = Long.parseLong(pk[i].trim());
                } catch (NumberFormatException e) {
                    id = -1;
                }
                if (id < FIRST_ID || id >= nextId.get()) {
                    errors.add(new RowError(null, "未找到对应数据：内码为" + pk[i] + "的客户不存在", i));
                } else {
                    ok.add(new Saved(id, null, i));
                }
            }
        }
        allocated.addAndGet(ok.size());
        ok.forEach(r -> allocatedIds.add(r.id()));
        if (!errors.isEmpty()) {
            rejected.incrementAndGet();
            lastRejection = "Allocate: " + errors.get(0);
        }
        return result(errors, ok, errors.isEmpty() ? 0 : 10, false);
    }

    private static final Pattern NUMBERS_IN_ORG = Pattern.compile(
            "FNumber IN \\((.*)\\) AND FUseOrgId\\.FNumber='([^']*)'");

    /**
     * ExecuteBillQuery of BD_Customer by {@code FNumber IN (…) AND FUseOrgId.FNumber='X'} (the product's lookups
     * after an unknown outcome or a duplicate number): one row {@code [FCUSTID, FNumber, FUseOrgId.FNumber]} per
     * stored customer of those numbers in that organisation.
     */
    private byte[] billQuery(Request data) throws IOException {
        Matcher m = NUMBERS_IN_ORG.matcher(data.filter);
        if (!"BD_Customer".equals(data.formId) || !data.fieldKeys.equals("FCUSTID,FNumber,FUseOrgId.FNumber")
                || !m.matches()) {
            return failure(8, "ExecuteBillQuery not simulated: " + data.formId + " " + data.fieldKeys + " "
                    + data.filter);
        }
        String org = m.group(2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rows = 0;
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (String quoted : m.group(1).split(",")) {
                String number = quoted.trim();
                number = number.substring(1, number.length() - 1).replace("''", "'");
                Customer c = numbers.get(number);
                if (c != null && org.equals(c.useOrg()) && rows < data.limit) {
                    g.writeStartArray();
                    g.writeNumber(c.id());
                    g.writeString(number);
                    g.writeString(org);
                    g.writeEndArray();
                    rows++;
                }
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    /** A stored customer: its FCUSTID and use organisation. */
    private record Customer(long id, String useOrg) {
    }

    private static final JsonFactory FACTORY = new JsonFactory();

    /**
     * The fields of a data call the stub reads, with a streaming parser (no tree per request): {@code formid} (or
     * {@code data.FormId}), {@code data.IsVerifyBaseDataField}, {@code data.Model} rows (scalar fields, and the
     * {@code FNumber} of reference objects), {@code PkIds}, {@code TOrgIds}, {@code FieldKeys}, {@code FilterString},
     * {@code Limit}.
     */
    static final class Request {
        String formId = "";
        boolean verify;
        final List<Map<String, String>> model = new ArrayList<>();
        String pkIds = "";
        String tOrgIds = "";
        String fieldKeys = "";
        String filter = "";
        int limit = Integer.MAX_VALUE;

        static Request parse(byte[] body) throws IOException {
            Request r = new Request();
            try (JsonParser p = FACTORY.createParser(body)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("body is not a JSON object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken t = p.nextToken();
                    if (f.equals("formid") && t == JsonToken.VALUE_STRING) {
                        r.formId = p.getText();
                    } else if (f.equals("data") && t == JsonToken.START_OBJECT) {
                        r.data(p);
                    } else {
                        p.skipChildren();
                    }
                }
            }
            return r;
        }

        private void data(JsonParser p) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (f.equals("Model") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        model.add(row(p));
                    }
                } else if (t.isScalarValue()) {
                    String v = p.getValueAsString("");
                    switch (f) {
                        case "FormId" -> formId = v;
                        case "IsVerifyBaseDataField" -> verify = "true".equalsIgnoreCase(v);
                        case "PkIds" -> pkIds = v;
                        case "TOrgIds" -> tOrgIds = v;
                        case "FieldKeys" -> fieldKeys = v;
                        case "FilterString" -> filter = v;
                        case "Limit" -> limit = p.getValueAsInt(Integer.MAX_VALUE);
                        default -> { }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }

        private static Map<String, String> row(JsonParser p) throws IOException {
            Map<String, String> row = new java.util.HashMap<>(32);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = p.currentName();
                        JsonToken v = p.nextToken();
                        if (inner.equals("FNumber") && v.isScalarValue()) {
                            row.put(f, p.getValueAsString(""));
                        } else {
                            p.skipChildren();
                        }
                    }
                } else if (t.isScalarValue()) {
                    row.put(f, p.getValueAsString(""));
                } else {
                    p.skipChildren();
                }
            }
            return row;
        }
    }

    private byte[] failure(int msgCode, String message) throws IOException {
        rejected.incrementAndGet();
        lastRejection = "MsgCode " + msgCode + " " + message;
        return result(List.of(new RowError(null, message, 0)), List.of(), msgCode, false);
    }

    /** {@code {"Result":{"ResponseStatus":{…},"NeedReturnData":[…]}}} as the WebAPI answers. */
    private byte[] result(List<RowError> errors, List<Saved> saved, int msgCode, boolean needReturn) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + saved.size() * 120);
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("Result");
            g.writeObjectFieldStart("ResponseStatus");
            if (!errors.isEmpty()) {
                g.writeNumberField("ErrorCode", 500);
            }
            g.writeBooleanField("IsSuccess", errors.isEmpty());
            g.writeArrayFieldStart("Errors");
            for (RowError e : errors) {
                g.writeStartObject();
                g.writeStringField("FieldName", e.field());
                g.writeStringField("Message", e.message());
                g.writeNumberField("DIndex", e.dIndex());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("SuccessEntitys");
            for (Saved s : saved) {
                g.writeStartObject();
                g.writeNumberField("Id", s.id());
                if (s.number() != null) {
                    g.writeStringField("Number", s.number());
                }
                g.writeNumberField("DIndex", s.dIndex());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("SuccessMessages");
            g.writeEndArray();
            g.writeNumberField("MsgCode", errors.isEmpty() ? 0 : msgCode);
            g.writeEndObject();
            if (needReturn) {
                g.writeArrayFieldStart("NeedReturnData");
                for (Saved s : saved) {
                    g.writeStartObject();
                    g.writeNumberField("FCUSTID", s.id());
                    g.writeStringField("FNumber", s.number());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        return out.toByteArray();
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
}
