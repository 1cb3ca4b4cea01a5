package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Simulator of the 金蝶云星空 WebAPI on {@code http://127.0.0.1:PORT/k3cloud/}, enforcing the protocol of
 * reference {@code kingdee-webapi.md}:
 *
 * <ul>
 *   <li>logins {@code AuthService.ValidateUser}, and, once {@link #enableAppAuth} was called,
 *       {@code LoginByAppSecret} (secret checked) and {@code LoginBySign} (SHA-256 sign and timestamp window
 *       checked), each answering a {@code LoginResult} (type 1 with the {@code kdservice-sessionid} and
 *       {@code ASP.NET_SessionId} cookies, or 0/-1 with a Message);</li>
 *   <li>stateless signed headers (X-Kd-Signature and X-Api-Signature verified, X-Kd-Appdata decoded) opening a
 *       session with Set-Cookie when the request has no live one; refused → MsgCode 1; unknown AcctID → HTTP 500
 *       {@code Fail to verify thirty passport};</li>
 *   <li>{@code DynamicFormService.BatchSave / Save / ExecuteBillQuery / Allocate / View / Submit / Audit / UnAudit /
 *       Delete} of {@code BD_Customer} behind a live session (cookie,
 *       {@code kdservice-sessionid} header or {@code SID} header; idle timeout), MsgCode 1 otherwise; every body
 *       shape the official SDKs send ({@code {"formid":…,"data":{…}}}, {@code data} as a JSON string,
 *       {@code {"parameters":[formId,"<json>"]}}) with any Content-Type;</li>
 *   <li>per-DIndex results with partial commit; unique FNumber (MsgCode 11); required fields and verified
 *       base-data references; ExecuteBillQuery on {@code BD_Customer}, {@code ORG_Organizations},
 *       {@code BD_CustomerGroup} and {@code BD_Currency} with a filter parser and the {@code [[…]]} error
 *       wrapper.</li>
 * </ul>
 * Business answers are HTTP 200. Faults are planned on {@link #faults()}; two more controls serve tests of
 * unattended operation: {@link #outage} (the server stopped for a while: connections refused, sessions lost) and
 * {@link #lockRows} (a share of BatchSave rows answered with a per-row lock error).
 */
public final class KingdeeSimulator implements AutoCloseable {

    /** Prefix of the login services. */
    public static final String AUTH_SERVICE = "Kingdee.BOS.WebApi.ServicesStub.AuthService.";
    /** Prefix of the data services. */
    public static final String FORM_SERVICE = "Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.";
    /** Session cookie (and header) name. */
    public static final String SESSION_COOKIE = "kdservice-sessionid";
    /** Companion ASP.NET cookie name. */
    public static final String ASP_NET_COOKIE = "ASP.NET_SessionId";

    private static final Pattern SERVICE = Pattern.compile(
            "/k3cloud/Kingdee\\.BOS\\.WebApi\\.ServicesStub\\.(AuthService|DynamicFormService)\\.(\\w+)\\.common\\.kdsvc");
    private static final Set<String> DATA_OPERATIONS = Set.of(FaultPlan.BATCH_SAVE, FaultPlan.EXECUTE_BILL_QUERY,
            FaultPlan.ALLOCATE, "Save", "View", "Submit", "Audit", "UnAudit", "Delete");
    private static final String LOGIN_BY_APP_SECRET = FaultPlan.LOGIN_BY_APP_SECRET;
    private static final String LOGIN_BY_SIGN = FaultPlan.LOGIN_BY_SIGN;
    private static final Set<String> LOGIN_OPERATIONS = Set.of(FaultPlan.VALIDATE_USER, LOGIN_BY_APP_SECRET,
            LOGIN_BY_SIGN);

    /** Body of the HTTP 500 answer to signed headers whose X-Kd-Appdata names another data center. */
    public static final String PASSPORT_FAILURE = "Fail to verify thirty passport";

    /**
     * Simulator settings.
     *
     * @param acctId             data-center id accepted by ValidateUser
     * @param username           user accepted by ValidateUser
     * @param password           its password
     * @param orgNumbers         organisation numbers that exist (FCreateOrgId / FUseOrgId)
     * @param orgIdsByNumber     internal organisation ids by number (Allocate TOrgIds, e.g. "100040"→"100040")
     * @param groups             customer group numbers that exist (FGroup)
     * @param currencies         currency numbers that exist (FTRADINGCURRID)
     * @param sessionIdleTimeout a session unused for longer than this is lost (MsgCode 1)
     * @param clock              the simulator clock (idle timeout)
     */
    public record Config(String acctId, String username, String password, Set<String> orgNumbers,
                         Map<String, String> orgIdsByNumber, Set<String> groups, Set<String> currencies,
                         Duration sessionIdleTimeout, Clock clock) {
        public Config {
            Objects.requireNonNull(acctId, "acctId");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            orgNumbers = Set.copyOf(orgNumbers);
            orgIdsByNumber = Map.copyOf(orgIdsByNumber);
            groups = Set.copyOf(groups);
            currencies = Set.copyOf(currencies);
            Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
            Objects.requireNonNull(clock, "clock");
        }

        /**
         * The design's defaults: orgs {@code 100}, {@code BZ}, {@code DZ}, {@code 100040} (internal ids 1, 100507,
         * 100508, 100040), group {@code B11}, currency {@code PRE001}, 20 minutes idle timeout, system clock.
         */
        public static Config sandboxDefaults() {
            return new Config("sandbox-acct", "sandbox-user", "sandbox-password",
                    Set.of("100", "BZ", "DZ", "100040"),
                    Map.of("100", "1", "BZ", "100507", "DZ", "100508", "100040", "100040"),
                    Set.of("B11"), Set.of("PRE001"), Duration.ofMinutes(20), Clock.systemUTC());
        }

        @Override
        public String toString() {
            return "Config[acctId=" + acctId + ", username=" + username + ", password=****, orgNumbers="
                    + orgNumbers + ", orgIdsByNumber=" + orgIdsByNumber + ", groups=" + groups + ", currencies="
                    + currencies + ", sessionIdleTimeout=" + sessionIdleTimeout + "]";
        }
    }

    /**
     * A stored customer as the simulator sees it.
     *
     * @param fcustid         internal id (FCUSTID) in the use organisation
     * @param number          FNumber
     * @param name            FName
     * @param useOrg          FUseOrgId number
     * @param createOrg       FCreateOrgId number
     * @param group           FGroup number, or null
     * @param invoiceTitle    FINVOICETITLE
     * @param taxCode         FTAXREGISTERCODE
     * @param currency        FTRADINGCURRID number
     * @param documentStatus  A (created) or C (audited)
     * @param allocatedOrgIds internal ids of the organisations it was allocated to
     */
    public record SimCustomer(String fcustid, String number, String name, String useOrg, String createOrg,
                              String group, String invoiceTitle, String taxCode, String currency,
                              String documentStatus, Set<String> allocatedOrgIds) {
    }

    private final Config config;
    private final FaultPlan faults = new FaultPlan();
    private final KingdeeSessions sessions;
    private final CustomerStore store;
    private final BaseDataTables baseData;
    private final KingdeeAppAuth appAuth;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private SimHttp.LoopbackServer server;
    /** The port of the last start, kept while the simulator is down ({@link #outage}). */
    private int port = -1;
    /** Changes on every outage and close, so that a pending restart of an earlier outage does nothing. */
    private long generation;
    private final List<Outage> outages = new CopyOnWriteArrayList<>();

    /**
     * One outage of the simulated server.
     *
     * @param from  when it went down
     * @param until when it listened again, or null while it is down
     */
    public record Outage(Instant from, Instant until) {
    }

    public KingdeeSimulator(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.sessions = new KingdeeSessions(config.sessionIdleTimeout(), config.clock());
        this.store = new CustomerStore(config.orgNumbers(), config.orgIdsByNumber(), config.groups(),
                config.currencies());
        this.baseData = new BaseDataTables(config.orgNumbers(), config.orgIdsByNumber(), config.groups(),
                config.currencies());
        this.appAuth = new KingdeeAppAuth(config.acctId(), config.username(), config.clock());
    }

    /**
     * A random AppID shaped like the ones 第三方系统登录授权 issues: a 6-digit client id, {@code _}, and 32 base64
     * characters (24 random bytes), so that the gateway secret can be decoded from it (signed headers).
     */
    public static String generateAppId(Random random) {
        byte[] raw = new byte[24];
        random.nextBytes(raw);
        return (100_000 + random.nextInt(900_000)) + "_" + Base64.getEncoder().encodeToString(raw);
    }

    /**
     * Enables the third-party app authorisation (第三方系统登录授权) of the simulated data center for the
     * configured user: from now on {@code AuthService.LoginByAppSecret}, {@code AuthService.LoginBySign} and the
     * signed headers succeed with these credentials (and are verified against them). {@code ValidateUser} keeps
     * working. Calling it again replaces the app.
     *
     * @param appId     the AppID; for signed headers it must look like {@code <clientId>_<32 base64 chars>}, e.g.
     *                  {@link #generateAppId}
     * @param appSecret the AppSecret
     */
    public void enableAppAuth(String appId, String appSecret) {
        appAuth.enable(appId, appSecret);
    }

    /** How far the LoginBySign timestamp may be from the simulator clock; default 10 minutes. */
    public void loginBySignTolerance(Duration tolerance) {
        appAuth.signTolerance(tolerance);
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
        server = new SimHttp.LoopbackServer("kingdee-sim", "/k3cloud/", this::handle, port);
        this.port = server.port();
        generation++;
    }

    /** The server URL with a trailing slash, e.g. {@code http://127.0.0.1:41235/k3cloud/} (also while it is down). */
    public synchronized String baseUrl() {
        if (port < 0) {
            throw new IllegalStateException("not started");
        }
        return "http://127.0.0.1:" + port + "/k3cloud/";
    }

    /**
     * Kingdee goes down now for {@code duration}, as a server that is stopped and started again: the port stops
     * listening (connections are refused), the connections open now are cut (a request in progress, even one a
     * {@link RequestHook} is holding, gets no answer; a write that has not reached the customer table is not
     * executed), and every session is lost. After {@code duration} the simulator listens on the same port again,
     * with its customers. Returns at once; may be called from a request hook. {@link #close()} cancels the
     * restart.
     *
     * @throws IllegalStateException when the simulator is not running
     */
    public synchronized void outage(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (server == null) {
            throw new IllegalStateException(port < 0 ? "not started" : "already down");
        }
        int listenOn = port;
        long mine = ++generation;
        server.close();
        server = null;
        sessions.expireAll();
        Outage o = new Outage(config.clock().instant(), null);
        outages.add(o);
        Thread restart = new Thread(() -> {
            SimHttp.sleep(duration);
            synchronized (this) {
                if (generation == mine && server == null) {
                    server = new SimHttp.LoopbackServer("kingdee-sim", "/k3cloud/", this::handle, listenOn);
                    outages.set(outages.indexOf(o), new Outage(o.from(), config.clock().instant()));
                }
            }
        }, "kingdee-sim-outage");
        restart.setDaemon(true);
        restart.start();
    }

    /** Whether the simulator is down ({@link #outage}) right now. */
    public synchronized boolean down() {
        return server == null && port >= 0 && outages.stream().anyMatch(o -> o.until() == null);
    }

    /** The outages so far, oldest first. */
    public List<Outage> outages() {
        return List.copyOf(outages);
    }

    /**
     * From now on each BatchSave row is, with {@code probability} (seeded, drawn in row order), answered with the
     * per-DIndex lock error {@code 客户[number]已被锁定，请稍后重试} (MsgCode 11) and not saved, as when another
     * user holds the record; the other rows of the batch run. 0 switches it off. See {@link #lockedRows()}.
     */
    public void lockRows(double probability, long seed) {
        store.lockRows(probability, seed);
    }

    /** BatchSave rows answered with the lock error of {@link #lockRows} so far. */
    public int lockedRows() {
        return store.lockedRows();
    }

    @Override
    public synchronized void close() {
        generation++;
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Snapshot of the stored customers (allocated copies are listed in {@code allocatedOrgIds}), by FCUSTID. */
    public List<SimCustomer> customers() {
        return store.snapshot();
    }

    /**
     * Stores an audited customer directly, as if it had been created earlier in Kingdee (test set-up).
     *
     * @return its FCUSTID
     */
    public long seedCustomer(String number, String name, String useOrg, String invoiceTitle, String taxCode) {
        return store.seed(number, name, useOrg, useOrg, null, invoiceTitle, taxCode,
                config.currencies().stream().sorted().findFirst().orElse(null));
    }

    /** Drops every session: the next data call of any client answers MsgCode 1. */
    public void expireAllSessions() {
        sessions.expireAll();
    }

    /**
     * Number of requests received for {@code operation} (e.g. "ValidateUser", "LoginBySign", "BatchSave"), whatever
     * the outcome.
     */
    public int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    /**
     * Faults applied to the next requests (operations "ValidateUser", "LoginByAppSecret", "LoginBySign",
     * "BatchSave", "ExecuteBillQuery", "Allocate").
     */
    public FaultPlan faults() {
        return faults;
    }

    /**
     * Sets the hook called at the phases of every request (BEFORE, AFTER_COMMIT for BatchSave/Allocate that
     * reached the customer table, AFTER_ANSWER); null removes it. Same as {@code faults().onRequest(hook)}.
     */
    public void onRequest(RequestHook hook) {
        faults.onRequest(hook);
    }

    /**
     * Makes BatchSave reject, permanently, every customer whose {@code FName} (stripped) is one of {@code names}:
     * per-DIndex error MsgCode 11 {@code 客户名称[X]包含非法字符}; the other rows of the batch are saved. Adds to
     * the names rejected so far.
     */
    public void rejectNames(Set<String> names) {
        store.rejectNames(names);
    }

    private void handle(HttpExchange ex) throws IOException {
        Matcher m = SERVICE.matcher(ex.getRequestURI().getPath());
        if (!m.matches()) {
            SimHttp.send(ex, SimHttp.Reply.text(404, "text/plain; charset=utf-8", "Not Found"));
            return;
        }
        String service = m.group(1);
        String op = m.group(2);
        calls.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
        byte[] body = SimHttp.readBody(ex);
        boolean login = service.equals("AuthService") && LOGIN_OPERATIONS.contains(op);
        boolean data = service.equals("DynamicFormService") && DATA_OPERATIONS.contains(op);
        if (!login && !data) {
            SimHttp.send(ex, SimHttp.Reply.text(404, "text/plain; charset=utf-8",
                    "sandbox: " + service + "." + op + " is not simulated"));
            return;
        }
        if (!"POST".equalsIgnoreCase(ex.getRequestMethod())) {
            SimHttp.send(ex, SimHttp.Reply.text(405, "text/plain; charset=utf-8", "Method Not Allowed"));
            return;
        }
        int seq = faults.arrive(op);
        if (!faults.reached(op, RequestHook.Phase.BEFORE, seq)) {
            SimHttp.drop(ex);
            return;
        }
        FaultPlan.Fault fault = faults.take(op);
        if (fault == FaultPlan.Fault.TIMEOUT) {
            SimHttp.sleep(faults.timeoutDelay());
        }
        boolean wrap = op.equals(FaultPlan.EXECUTE_BILL_QUERY);
        SimHttp.Reply reply;
        if (fault == FaultPlan.Fault.HTTP_500) {
            reply = SimHttp.http500();
        } else if (fault == FaultPlan.Fault.HTML_502) {
            reply = SimHttp.html502();
        } else if (fault == FaultPlan.Fault.BUSY) {
            reply = SimHttp.busy503();
        } else if (fault == FaultPlan.Fault.RATE_LIMIT_BAN) {
            reply = businessError(wrap, KingdeeReplies.error(14, "调用限制：接口调用过于频繁，请稍后再试"));
        } else if (fault == FaultPlan.Fault.EDIT_LOCK) {
            reply = businessError(wrap, KingdeeReplies.error(13, "用户" + config.username()
                    + "正在执行客户-业务操作-\"[客户-保存]\"，与当前业务操作-\"[客户-保存]\"冲突，请稍候再使用。"));
        } else if (fault == FaultPlan.Fault.SESSION_LOST) {
            sessions.expireAll();
            reply = businessError(wrap, KingdeeReplies.sessionLost());
        } else if (login) {
            reply = login(op, body);
        } else {
            Access access = access(ex);
            if (access.refusal() != null) {
                reply = access.refusal();
            } else {
                boolean[] committed = {false};
                reply = access.withCookies(data(op, body, fault == FaultPlan.Fault.ROW_TRANSIENT_ERROR, committed));
                if (committed[0] && !faults.reached(op, RequestHook.Phase.AFTER_COMMIT, seq)) {
                    SimHttp.drop(ex);
                    return;
                }
            }
        }
        boolean counted = faults.answering();
        try {
            if (fault == FaultPlan.Fault.LOST_RESPONSE_AFTER_COMMIT) {
                SimHttp.drop(ex);
            } else {
                SimHttp.send(ex, fault == FaultPlan.Fault.TRUNCATED_JSON ? reply.truncated() : reply);
            }
        } finally {
            faults.reached(op, RequestHook.Phase.AFTER_ANSWER, seq);
            faults.answered(counted);
        }
    }

    /**
     * Whether a data request may run: a live session (cookie, {@code kdservice-sessionid} or {@code SID} header)
     * is accepted without looking at signatures; otherwise valid signed headers open a new session (its cookies
     * are set on the answer); otherwise the answer is MsgCode 1 (refused signed headers also get an empty-shell
     * session cookie, as the real server issues one), or, for signed headers naming another data center, HTTP 500
     * {@code Fail to verify thirty passport}.
     */
    private Access access(HttpExchange ex) {
        boolean wrap = ex.getRequestURI().getPath().contains("." + FaultPlan.EXECUTE_BILL_QUERY + ".");
        for (String id : SimKingdeeRequests.sessionIds(ex.getRequestHeaders(), SESSION_COOKIE)) {
            if (sessions.use(id)) {
                return new Access(null, null);
            }
        }
        KingdeeAppAuth.HeaderVerdict verdict = appAuth.verifyHeaders(ex.getRequestHeaders(),
                ex.getRequestURI().getRawPath());
        return switch (verdict) {
            case ACCEPTED -> new Access(null, sessions.open());
            case UNKNOWN_DATA_CENTER -> new Access(SimHttp.Reply.text(500, "text/plain; charset=utf-8",
                    PASSPORT_FAILURE), null);
            case REFUSED -> new Access(businessError(wrap, KingdeeReplies.sessionLost())
                    .withHeader("Set-Cookie", SESSION_COOKIE + "=" + UUID.randomUUID() + "; path=/"), null);
            case ABSENT -> new Access(businessError(wrap, KingdeeReplies.sessionLost()), null);
        };
    }

    /** The access decision: a refusal to answer instead, or go ahead (with a session opened for the request). */
    private record Access(SimHttp.Reply refusal, KingdeeSessions.Session opened) {
        SimHttp.Reply withCookies(SimHttp.Reply reply) {
            return opened == null ? reply : sessionCookies(reply, opened);
        }
    }

    private static SimHttp.Reply sessionCookies(SimHttp.Reply reply, KingdeeSessions.Session s) {
        return reply.withHeader("Set-Cookie", SESSION_COOKIE + "=" + s.id() + "; path=/")
                .withHeader("Set-Cookie", ASP_NET_COOKIE + "=" + s.aspNetId() + "; path=/; HttpOnly");
    }

    /**
     * A data operation on a request with access. {@code committed[0]} becomes true when a BatchSave or Allocate
     * reached the customer table (whatever its per-row outcome).
     */
    private SimHttp.Reply data(String op, byte[] body, boolean transientRow, boolean[] committed) {
        boolean wrap = op.equals(FaultPlan.EXECUTE_BILL_QUERY);
        SimKingdeeRequests.Envelope env;
        try {
            env = SimKingdeeRequests.envelope(body);
        } catch (IllegalArgumentException | JsonProcessingException e) {
            return businessError(wrap, KingdeeReplies.error(8, "参数错误：请求数据包格式不正确（" + e.getMessage() + "）"));
        }
        if (wrap) {
            return SimHttp.Reply.json(query(env));
        }
        if (env.formId() == null || env.formId().isBlank()) {
            return SimHttp.Reply.json(KingdeeReplies.error(8, "参数 formid 的值不能为空"));
        }
        if (!CustomerStore.FORM_ID.equalsIgnoreCase(env.formId())) {
            return SimHttp.Reply.json(KingdeeReplies.error(4, "标识为\"" + env.formId() + "\"的业务对象不存在，或者被删除"));
        }
        ObjectNode answer = switch (op) {
            case FaultPlan.BATCH_SAVE -> store.batchSave(env.data(), transientRow);
            case FaultPlan.ALLOCATE -> store.allocate(env.data());
            case "Save" -> store.save(env.data());
            case "View" -> store.view(env.data(), baseData);
            case "Submit" -> store.operate(CustomerStore.StatusOp.SUBMIT, env.data());
            case "Audit" -> store.operate(CustomerStore.StatusOp.AUDIT, env.data());
            case "UnAudit" -> store.operate(CustomerStore.StatusOp.UNAUDIT, env.data());
            case "Delete" -> store.operate(CustomerStore.StatusOp.DELETE, env.data());
            default -> throw new IllegalStateException(op);
        };
        committed[0] = !op.equals("View");
        return SimHttp.Reply.json(answer);
    }

    /** ExecuteBillQuery on BD_Customer or one of the base-data forms of {@link BaseDataTables}. */
    private ArrayNode query(SimKingdeeRequests.Envelope env) {
        String formId = Optional.ofNullable(CustomerStore.text(CustomerStore.field(env.data(), "FormId")))
                .orElse(env.formId());
        if (formId == null || formId.isBlank()) {
            return BillQueries.error(8, "data 数据包中的参数 FormId 的值不能为空");
        }
        Optional<BillQueries.Table> table = CustomerStore.FORM_ID.equalsIgnoreCase(formId)
                ? Optional.of(store.table()) : baseData.table(formId);
        if (table.isEmpty()) {
            return BillQueries.error(4, "标识为\"" + formId + "\"的业务对象不存在，或者被删除");
        }
        return BillQueries.run(env.data(), table.get());
    }

    private SimHttp.Reply login(String op, byte[] body) {
        KingdeeAppAuth.LoginVerdict verdict;
        try {
            verdict = switch (op) {
                case LOGIN_BY_APP_SECRET -> appAuth.loginByAppSecret(SimKingdeeRequests.loginParams(body,
                        List.of("acctid", "username", "appid", "appsecret", "lcid")));
                case LOGIN_BY_SIGN -> appAuth.loginBySign(SimKingdeeRequests.loginParams(body,
                        List.of("acctid", "username", "appid", "timestamp", "sign", "lcid")));
                default -> validateUser(SimKingdeeRequests.credentials(body));
            };
        } catch (IllegalArgumentException | JsonProcessingException e) {
            return SimHttp.Reply.json(SimKingdeeRequests.loginFailure(-1, "参数错误：" + e.getMessage()));
        }
        if (!verdict.ok()) {
            return SimHttp.Reply.json(SimKingdeeRequests.loginFailure(verdict.type(), verdict.message()));
        }
        KingdeeSessions.Session s = sessions.open();
        return sessionCookies(SimHttp.Reply.json(SimKingdeeRequests.loginSuccess(s, config.acctId(), config.username())),
                s);
    }

    private KingdeeAppAuth.LoginVerdict validateUser(SimKingdeeRequests.Credentials c) {
        if (!config.acctId().equals(c.acctId())) {
            return new KingdeeAppAuth.LoginVerdict(-1, "数据中心[" + c.acctId() + "]不存在");
        }
        if (!config.username().equals(c.username()) || !config.password().equals(c.password())) {
            return new KingdeeAppAuth.LoginVerdict(0, "用户名或密码错误！");
        }
        return KingdeeAppAuth.LoginVerdict.OK;
    }

    private static SimHttp.Reply businessError(boolean wrap, ObjectNode error) {
        JsonNode body = wrap ? KingdeeReplies.wrapped(error) : error;
        return SimHttp.Reply.json(body);
    }
}
