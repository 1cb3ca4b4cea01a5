package com.wdtkingdee.sync.kingdee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the 金蝶云星空 WebAPI in one of the {@link KingdeeAuthMode authentication modes}.
 *
 * <p><b>Session modes</b> ({@code PASSWORD} → {@code AuthService.ValidateUser}, {@code APP_SECRET} →
 * {@code LoginByAppSecret}, {@code SIGN} → {@code LoginBySign} with a timestamp from the {@link Clock}). One
 * {@link HttpClient} with a real cookie jar ({@link CookieManager}, accept all) keeps the
 * {@code kdservice-sessionid} and {@code ASP.NET_SessionId} cookies; the session id is also sent as header
 * {@code kdservice-sessionid} on every call (cookie value preferred, body {@code KDSVCSessionId} as fallback). The
 * client logs in lazily before the first call; login is serialised, calls run concurrently. <b>Session lost</b>
 * ({@code MsgCode == 1}): the server did not execute the call, so the client logs in again and sends the same
 * request once more; lost again → {@link KingdeeApiException} with {@link KingdeeApiException#sessionLost()}.
 *
 * <p><b>Signed headers</b> ({@code SIGNED_HEADERS}): no login call. Every request carries the 9 headers of
 * {@link KingdeeSignedHeaders} for its own URL path, with a fresh timestamp (epoch millis from the clock) and a
 * fresh nonce; the session cookies the server sets are kept in the jar and the {@code kdservice-sessionid} header
 * is sent once known. Here {@code MsgCode 1} means the server found no live session and refused the signature or
 * the credentials: the client drops the session, re-sends once with fresh headers, and if refused again throws a
 * non-retryable {@link KingdeeLoginException} (also recorded in {@link #lastLoginError()}). An HTTP error answer
 * {@code Fail to verify thirty passport} (wrong AcctID) is the same non-retryable error, never an unknown outcome.
 *
 * <p><b>Unknown outcome of writes</b> (BatchSave, Allocate): a timeout, an I/O failure after the request may have
 * been sent, HTTP 5xx or an unparseable 2xx answer throw {@link KingdeeUnknownOutcomeException}. A write is never
 * re-sent by this class in that case; the caller must look the records up first. For reads the same failures are a
 * plain retryable {@link KingdeeApiException}. A refused connection or connect timeout (nothing sent) is a plain
 * retryable {@link KingdeeApiException} for both.
 *
 * <p>Never logs the password, the AppSecret, the secret half of the AppID, signatures, cookies or full session ids.
 */
public final class KingdeeClient {

    /** Header and cookie name of the session id. */
    public static final String SESSION_HEADER = "kdservice-sessionid";
    /** Body of the HTTP error answer to signed headers naming an unknown data center (wrong AcctID). */
    public static final String PASSPORT_FAILURE = "Fail to verify thirty passport";
    static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    private static final Logger LOG = LoggerFactory.getLogger(KingdeeClient.class);
    private static final int MAX_SENDS = 2;

    private final KingdeeClientConfig config;
    private final KingdeeAuthMode mode;
    private final KingdeeRequests requests;
    private final KingdeeResponses responses;
    private final Clock clock;
    private final Supplier<String> nonces;
    private final CookieManager cookies;
    private final HttpClient http;
    private final URI siteUri;

    /** Current session id; guarded by {@code this}. */
    private String sessionId;
    /** Why the last authentication failed; guarded by {@code this}. */
    private String lastLoginError;

    /** A client with the system clock. */
    public KingdeeClient(KingdeeClientConfig config, ObjectMapper mapper) {
        this(config, mapper, Clock.systemUTC());
    }

    /**
     * A client taking time from {@code clock}: the LoginBySign timestamp (epoch seconds) and the signed-header
     * timestamp (epoch millis). Nonces of the signed headers are random UUIDs without dashes.
     */
    public KingdeeClient(KingdeeClientConfig config, ObjectMapper mapper, Clock clock) {
        this(config, mapper, clock, KingdeeClient::randomNonce);
    }

    /**
     * A client with an explicit nonce source for the signed headers ({@code x-api-nonce}); it is asked once per
     * request and should never repeat a value (tests inject fixed values to reproduce reference vectors).
     */
    public KingdeeClient(KingdeeClientConfig config, ObjectMapper mapper, Clock clock, Supplier<String> nonces) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(mapper, "mapper");
        this.mode = config.auth();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.requests = new KingdeeRequests(mapper);
        this.responses = new KingdeeResponses(mapper);
        this.cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .connectTimeout(config.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.siteUri = KingdeeServices.uri(config.baseUrl(), KingdeeServices.VALIDATE_USER);
    }

    /** The configuration (its {@code toString} masks the secrets). */
    public KingdeeClientConfig config() {
        return config;
    }

    /** The authentication mode of the configuration. */
    public KingdeeAuthMode authMode() {
        return mode;
    }

    /**
     * Logs in with the login service of the mode ({@code ValidateUser}, {@code LoginByAppSecret} or
     * {@code LoginBySign}), replacing any current session and cookies. In {@code SIGNED_HEADERS} mode there is no
     * login service: this only forgets the session (the next request authenticates with its headers) and returns
     * {@code LoginResultType 1} without a session id; {@link #lastLoginError()} is left as it is.
     *
     * @throws KingdeeLoginException if the server refuses the login or issues no session id (not retryable)
     * @throws KingdeeApiException   on transport failures or unexpected answers (retryable when transient)
     */
    public synchronized LoginResult login() {
        if (!mode.logsIn()) {
            dropSession();
            return new LoginResult(LoginResult.SUCCESS, "signed headers: no login call; the server opens the "
                    + "session on the next request", null, true);
        }
        try {
            LoginResult r = doLogin();
            lastLoginError = null;
            return r;
        } catch (RuntimeException e) {
            lastLoginError = e.getMessage();
            throw e;
        }
    }

    /**
     * Why the last authentication failed (a refused login, or refused signed headers), never containing a secret;
     * null when the last one succeeded or none was tried.
     */
    public synchronized String lastLoginError() {
        return lastLoginError;
    }

    private LoginResult doLogin() {
        dropSession();
        String service;
        String body;
        switch (mode) {
            case APP_SECRET -> {
                service = KingdeeServices.LOGIN_BY_APP_SECRET;
                body = requests.loginByAppSecret(config.acctId(), config.username(), config.appId(),
                        config.appSecret(), config.lcid());
            }
            case SIGN -> {
                service = KingdeeServices.LOGIN_BY_SIGN;
                long ts = clock.instant().getEpochSecond();
                String sign = LoginBySignSigner.sign(config.acctId(), config.username(), config.appId(),
                        config.appSecret(), ts);
                body = requests.loginBySign(config.acctId(), config.username(), config.appId(), ts, sign,
                        config.lcid());
            }
            default -> {
                service = KingdeeServices.VALIDATE_USER;
                body = requests.validateUser(config.acctId(), config.username(), config.password(),
                        config.lcid());
            }
        }
        String login = service.substring(service.lastIndexOf('.') + 1);
        URI uri = KingdeeServices.uri(config.baseUrl(), service);
        HttpResponse<String> resp;
        try {
            resp = send(uri, body, null, Map.of());
        } catch (IOException e) {
            throw new KingdeeApiException("Kingdee login (" + login + ") failed: " + describe(e),
                    KingdeeApiException.NO_STATUS, KingdeeApiException.NO_MSG_CODE, true, List.of(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KingdeeApiException("Kingdee login interrupted", KingdeeApiException.NO_STATUS,
                    KingdeeApiException.NO_MSG_CODE, true, List.of(), e);
        }
        LoginResult result = responses.parseLogin(resp.statusCode(), resp.body());
        if (!result.success()) {
            throw new KingdeeLoginException("Kingdee login (" + login + ") refused for " + who()
                    + ": LoginResultType=" + result.resultType() + ", Message=" + redact(result.message()),
                    resp.statusCode(), result.resultType());
        }
        String sid = cookieValue(SESSION_HEADER);
        String source = "cookie";
        if (sid == null) {
            sid = blankToNull(result.kdsvcSessionId());
            source = "body KDSVCSessionId";
        }
        if (sid == null) {
            throw new KingdeeLoginException("Kingdee login (" + login + ") for " + who()
                    + " returned LoginResultType=" + result.resultType()
                    + " but no session id (no kdservice-sessionid cookie, no KDSVCSessionId)", resp.statusCode(),
                    result.resultType());
        }
        sessionId = sid;
        LOG.info("Kingdee login ok ({}): {} at {}, session {} (from {})", login, who(), config.baseUrl(),
                Masking.id(sid), source);
        return result;
    }

    /** Forgets the session and its cookies; the next call logs in (or authenticates with its headers) again. */
    public synchronized void invalidateSession() {
        dropSession();
    }

    /**
     * Whether a session id is held (it may have expired on the server). In {@code SIGNED_HEADERS} mode: whether the
     * server has issued a session cookie that is kept.
     */
    public synchronized boolean hasSession() {
        return sessionId != null;
    }

    /**
     * {@code DynamicFormService.BatchSave}; see {@link KingdeeRequests#batchSave}. A partly successful batch is a
     * normal result: inspect {@link OperationResult#savedAt} / {@link OperationResult#errorsByIndex}.
     *
     * @throws KingdeeUnknownOutcomeException if the outcome is unknown (never re-sent automatically)
     * @throws KingdeeLoginException          if the login, or the signed headers, are refused (not retryable)
     * @throws KingdeeApiException            on other failures, or when the session is lost twice
     */
    public OperationResult batchSave(String formId, List<Map<String, Object>> models, boolean autoSubmitAndAudit) {
        return write(KingdeeServices.BATCH_SAVE, requests.batchSave(formId, models, autoSubmitAndAudit));
    }

    /**
     * {@code DynamicFormService.Allocate}; see {@link KingdeeRequests#allocate}.
     *
     * @throws KingdeeUnknownOutcomeException if the outcome is unknown (never re-sent automatically)
     * @throws KingdeeLoginException          if the login, or the signed headers, are refused (not retryable)
     * @throws KingdeeApiException            on other failures, or when the session is lost twice
     */
    public OperationResult allocate(String formId, List<String> pkIds, List<String> targetOrgIds,
                                    boolean autoSubmitAndAudit) {
        return write(KingdeeServices.ALLOCATE, requests.allocate(formId, pkIds, targetOrgIds, autoSubmitAndAudit));
    }

    /**
     * {@code DynamicFormService.ExecuteBillQuery}; see {@link KingdeeRequests#executeBillQuery}.
     *
     * @return rows of values in {@code fieldKeys} order
     * @throws KingdeeLoginException if the login, or the signed headers, are refused (not retryable)
     * @throws KingdeeApiException   on an error answer (with its MsgCode), transport failures (retryable), or when
     *                               the session is lost twice
     */
    public List<List<JsonNode>> executeBillQuery(String formId, List<String> fieldKeys, String filter, int startRow,
                                                 int limit) {
        String body = requests.executeBillQuery(formId, fieldKeys, filter, startRow, limit);
        String service = KingdeeServices.EXECUTE_BILL_QUERY;
        List<List<JsonNode>> rows = call(service, body, false, resp -> {
            try {
                return Answer.of(responses.parseBillQuery(resp.statusCode(), resp.body()));
            } catch (KingdeeApiException e) {
                if (!e.sessionLost()) {
                    throw e;
                }
                return Answer.lost(e);
            }
        });
        LOG.debug("Kingdee {} {}: {} rows", service, formId, rows.size());
        return rows;
    }

    private OperationResult write(String service, String body) {
        OperationResult result = call(service, body, true, resp -> {
            int status = resp.statusCode();
            if (status >= 500) {
                throw new KingdeeUnknownOutcomeException(service, "HTTP " + status + ": "
                        + Masking.snippet(resp.body()), status, null);
            }
            OperationResult r;
            try {
                r = responses.parseOperation(status, resp.body());
            } catch (KingdeeApiException e) {
                if (status >= 300) {
                    throw e; // rejected by the web server (3xx/4xx), not executed
                }
                throw new KingdeeUnknownOutcomeException(service, e.getMessage(), status, e);
            }
            if (!r.sessionLost()) {
                return Answer.of(r);
            }
            return Answer.lost(new KingdeeApiException("Kingdee " + service + ": session lost again right after a"
                    + " fresh login (MsgCode 1): " + String.join("; ", r.messages()), status,
                    KingdeeApiException.MSG_SESSION_LOST, false, r.messages(), null));
        });
        LOG.debug("Kingdee {}: success={} msgCode={} saved={} errors={}", service, result.success(),
                result.msgCode(), result.saved().size(), result.errors().size());
        return result;
    }

    /** A parsed answer, or the MsgCode 1 error that says the session (or the signature) was refused. */
    private record Answer<T>(T value, KingdeeApiException lost) {
        static <T> Answer<T> of(T value) {
            return new Answer<>(value, null);
        }

        static <T> Answer<T> lost(KingdeeApiException e) {
            return new Answer<>(null, e);
        }
    }

    /**
     * Sends {@code body} to {@code service}, authenticated as the mode says, and parses the answer; on MsgCode 1
     * re-authenticates (session modes: logs in again; signed headers: fresh headers, no stale session) and sends
     * once more.
     */
    private <T> T call(String service, String body, boolean write, Function<HttpResponse<String>, Answer<T>> parse) {
        URI uri = KingdeeServices.uri(config.baseUrl(), service);
        boolean signed = !mode.logsIn();
        for (int attempt = 1; ; attempt++) {
            String sid = signed ? currentSession() : ensureSession();
            Map<String, String> auth = signed ? signedHeaders(uri) : Map.of();
            HttpResponse<String> resp = exchange(service, uri, body, sid, auth, write);
            if (signed) {
                rememberServerSession();
                checkPassport(service, resp);
            }
            Answer<T> answer = parse.apply(resp);
            if (answer.lost() == null) {
                if (signed) {
                    authenticated();
                }
                return answer.value();
            }
            if (signed) {
                dropSession();
                if (attempt >= MAX_SENDS) {
                    throw refused(service, resp.statusCode(), answer.lost().messages());
                }
                LOG.warn("Kingdee {}: signed headers refused (MsgCode 1: no live session and the signature or "
                        + "credentials were not accepted); re-sending once with fresh headers", service);
            } else {
                invalidateSession(sid);
                if (attempt >= MAX_SENDS) {
                    if (!write) {
                        LOG.warn("Kingdee {}: session lost again right after a fresh login", service);
                    }
                    throw answer.lost();
                }
                LOG.warn("Kingdee {}: session {} lost (MsgCode 1, not executed); logging in again and re-sending "
                        + "once", service, Masking.id(sid));
            }
        }
    }

    /** One HTTP exchange; transport failures mapped as the class documentation says. */
    private HttpResponse<String> exchange(String service, URI uri, String body, String sid,
                                          Map<String, String> auth, boolean write) {
        try {
            return send(uri, body, sid, auth);
        } catch (HttpConnectTimeoutException | ConnectException e) {
            // the connection was never established, so nothing was sent
            throw new KingdeeApiException("Kingdee " + service + (write ? " not sent: " : " failed: ") + describe(e),
                    KingdeeApiException.NO_STATUS, KingdeeApiException.NO_MSG_CODE, true, List.of(), e);
        } catch (HttpTimeoutException e) {
            if (write) {
                throw new KingdeeUnknownOutcomeException(service, "no answer within " + config.requestTimeout(),
                        KingdeeApiException.NO_STATUS, e);
            }
            throw new KingdeeApiException("Kingdee " + service + " failed: " + describe(e),
                    KingdeeApiException.NO_STATUS, KingdeeApiException.NO_MSG_CODE, true, List.of(), e);
        } catch (IOException e) {
            if (write) {
                throw new KingdeeUnknownOutcomeException(service, describe(e), KingdeeApiException.NO_STATUS, e);
            }
            throw new KingdeeApiException("Kingdee " + service + " failed: " + describe(e),
                    KingdeeApiException.NO_STATUS, KingdeeApiException.NO_MSG_CODE, true, List.of(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (write) {
                throw new KingdeeUnknownOutcomeException(service, "interrupted while waiting for the answer",
                        KingdeeApiException.NO_STATUS, e);
            }
            throw new KingdeeApiException("Kingdee " + service + " interrupted", KingdeeApiException.NO_STATUS,
                    KingdeeApiException.NO_MSG_CODE, true, List.of(), e);
        }
    }

    /** The 9 signed headers for the path of {@code uri}, with a fresh timestamp and nonce. */
    private Map<String, String> signedHeaders(URI uri) {
        return KingdeeSignedHeaders.build(config.appId(), config.appSecret(), config.acctId(), config.username(),
                config.lcid(), config.orgNum(), uri.getRawPath(), clock.millis(), nonces.get());
    }

    /** A wrong AcctID in signed headers: the server answers an HTTP error with this text instead of MsgCode 1. */
    private void checkPassport(String service, HttpResponse<String> resp) {
        int status = resp.statusCode();
        String body = resp.body();
        if ((status < 200 || status >= 300) && body != null && body.contains(PASSPORT_FAILURE)) {
            String message = "Kingdee " + service + ": the server rejected the signed headers of " + who()
                    + " (HTTP " + status + " " + PASSPORT_FAILURE + "): the AcctID (data-center id) is unknown to"
                    + " the server; not retried";
            failedAuthentication(message);
            throw new KingdeeLoginException(message, status, -1);
        }
    }

    private KingdeeLoginException refused(String service, int status, List<String> messages) {
        String message = "Kingdee " + service + ": signed headers of " + who() + " refused twice (MsgCode 1"
                + (messages.isEmpty() ? "" : ": " + redact(String.join("; ", messages))) + "): the AppID, AppSecret,"
                + " user name or LCID do not match an enabled 第三方系统登录授权 of the data center; not retried";
        failedAuthentication(message);
        return new KingdeeLoginException(message, status, -1);
    }

    private synchronized void failedAuthentication(String message) {
        lastLoginError = message;
    }

    private synchronized void authenticated() {
        lastLoginError = null;
    }

    /** The session id, logging in first if there is none. */
    private synchronized String ensureSession() {
        if (sessionId == null) {
            login();
        }
        return sessionId;
    }

    /** Signed mode: the session id the server issued, or null. */
    private synchronized String currentSession() {
        return sessionId;
    }

    /** Signed mode: keeps the session id the server set (or refreshed) in its cookie. */
    private synchronized void rememberServerSession() {
        String sid = cookieValue(SESSION_HEADER);
        if (sid != null && !sid.equals(sessionId)) {
            LOG.debug("Kingdee session {} opened by the server (signed headers)", Masking.id(sid));
        }
        sessionId = sid;
    }

    private synchronized void dropSession() {
        sessionId = null;
        cookies.getCookieStore().removeAll();
    }

    /** Drops the session only if it is still the one that failed (another thread may have renewed it). */
    private synchronized void invalidateSession(String failed) {
        if (Objects.equals(sessionId, failed)) {
            dropSession();
        }
    }

    private HttpResponse<String> send(URI uri, String body, String sid, Map<String, String> extraHeaders)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        extraHeaders.forEach(b::header);
        if (sid != null) {
            b.header(SESSION_HEADER, sid);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String cookieValue(String name) {
        for (HttpCookie c : cookies.getCookieStore().get(siteUri)) {
            if (name.equalsIgnoreCase(c.getName()) && c.getValue() != null && !c.getValue().isBlank()) {
                return c.getValue();
            }
        }
        return null;
    }

    /** "user X (acctId Y[, app 123456_****])" for messages. */
    private String who() {
        return "user " + config.username() + " (acctId " + config.acctId()
                + (mode.usesApp() ? ", app " + Masking.appId(config.appId()) : "") + ")";
    }

    /** Server text with the password, AppSecret and AppID removed, should the server ever echo them. */
    private String redact(String message) {
        return Masking.redact(message, config.password(), config.appSecret(), config.appId());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static String randomNonce() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
