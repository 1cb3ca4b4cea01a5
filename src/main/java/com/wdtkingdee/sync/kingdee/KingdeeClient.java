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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session client of the 金蝶云星空 WebAPI (user/password login with {@code AuthService.ValidateUser}).
 *
 * <p><b>Session.</b> One {@link HttpClient} with a real cookie jar ({@link CookieManager}, accept all) keeps the
 * {@code kdservice-sessionid} and {@code ASP.NET_SessionId} cookies; the session id is also sent as header
 * {@code kdservice-sessionid} on every call (cookie value preferred, body {@code KDSVCSessionId} as fallback). The
 * client logs in lazily before the first call; login is serialised, calls run concurrently.
 *
 * <p><b>Session lost</b> ({@code MsgCode == 1}): the server did not execute the call, so the client logs in again
 * and sends the same request once more; lost again → {@link KingdeeApiException} with
 * {@link KingdeeApiException#sessionLost()}.
 *
 * <p><b>Unknown outcome of writes</b> (BatchSave, Allocate): a timeout, an I/O failure after the request may have
 * been sent, HTTP 5xx or an unparseable 2xx answer throw {@link KingdeeUnknownOutcomeException}. A write is never
 * re-sent by this class in that case; the caller must look the records up first. For reads the same failures are a
 * plain retryable {@link KingdeeApiException}. A refused connection or connect timeout (nothing sent) is a plain
 * retryable {@link KingdeeApiException} for both.
 *
 * <p>Never logs the password, cookies or full session ids.
 */
public final class KingdeeClient {

    /** Header and cookie name of the session id. */
    public static final String SESSION_HEADER = "kdservice-sessionid";
    private String lastLoginError;
    static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    private static final Logger LOG = LoggerFactory.getLogger(KingdeeClient.class);
    private static final int MAX_SENDS = 2;

    private final KingdeeClientConfig config;
    private final KingdeeRequests requests;
    private final KingdeeResponses responses;
    private final CookieManager cookies;
    private final HttpClient http;
    private final URI siteUri;

    /** Current session id; guarded by {@code this}. */
    private String sessionId;

    public KingdeeClient(KingdeeClientConfig config, ObjectMapper mapper) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(mapper, "mapper");
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

    /** The configuration (its {@code toString} masks the password). */
    public KingdeeClientConfig config() {
        return config;
    }

    /**
     * Logs in with {@code ValidateUser}, replacing any current session and cookies.
     *
     * @throws KingdeeLoginException if the server refuses the login or issues no session id (not retryable)
     * @throws KingdeeApiException   on transport failures or unexpected answers (retryable when transient)
     */
    public synchronized LoginResult login() {
        try {
            LoginResult r = doLogin();
            lastLoginError = null;
            return r;
        } catch (RuntimeException e) {
            lastLoginError = e.getMessage();
            throw e;
        }
    }

    /** Why the last login failed (never containing the password); null when it succeeded or none was tried. */
    public synchronized String lastLoginError() {
        return lastLoginError;
    }

    private LoginResult doLogin() {
        sessionId = null;
        cookies.getCookieStore().removeAll();
        URI uri = KingdeeServices.uri(config.baseUrl(), KingdeeServices.VALIDATE_USER);
        String body = requests.validateUser(config.acctId(), config.username(), config.password(), config.lcid());
        HttpResponse<String> resp;
        try {
            resp = send(uri, body, null);
        } catch (IOException e) {
            throw new KingdeeApiException("Kingdee login failed: " + describe(e), KingdeeApiException.NO_STATUS,
                    KingdeeApiException.NO_MSG_CODE, true, List.of(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KingdeeApiException("Kingdee login interrupted", KingdeeApiException.NO_STATUS,
                    KingdeeApiException.NO_MSG_CODE, true, List.of(), e);
        }
        LoginResult result = responses.parseLogin(resp.statusCode(), resp.body());
        if (!result.success()) {
            throw new KingdeeLoginException("Kingdee login refused for user " + config.username() + " (acctId "
                    + config.acctId() + "): LoginResultType=" + result.resultType() + ", Message="
                    + redact(result.message()), resp.statusCode(), result.resultType());
        }
        String sid = cookieValue(SESSION_HEADER);
        String source = "cookie";
        if (sid == null) {
            sid = blankToNull(result.kdsvcSessionId());
            source = "body KDSVCSessionId";
        }
        if (sid == null) {
            throw new KingdeeLoginException("Kingdee login for user " + config.username() + " (acctId "
                    + config.acctId() + ") returned LoginResultType=" + result.resultType()
                    + " but no session id (no kdservice-sessionid cookie, no KDSVCSessionId)", resp.statusCode(),
                    result.resultType());
        }
        sessionId = sid;
        LOG.info("Kingdee login ok: user {} acctId {} at {}, session {} (from {})", config.username(),
                config.acctId(), config.baseUrl(), Masking.id(sid), source);
        return result;
    }

    /** Forgets the session and its cookies; the next call logs in again. */
    public synchronized void invalidateSession() {
        sessionId = null;
        cookies.getCookieStore().removeAll();
    }

    /** Whether a session id is held (it may have expired on the server). */
    public synchronized boolean hasSession() {
        return sessionId != null;
    }

    /**
     * {@code DynamicFormService.BatchSave}; see {@link KingdeeRequests#batchSave}. A partly successful batch is a
     * normal result: inspect {@link OperationResult#savedAt} / {@link OperationResult#errorsByIndex}.
     *
     * @throws KingdeeUnknownOutcomeException if the outcome is unknown (never re-sent automatically)
     * @throws KingdeeApiException            on other failures, or when the session is lost twice
     */
    public OperationResult batchSave(String formId, List<Map<String, Object>> models, boolean autoSubmitAndAudit) {
        return write(KingdeeServices.BATCH_SAVE, requests.batchSave(formId, models, autoSubmitAndAudit));
    }

    /**
     * {@code DynamicFormService.Allocate}; see {@link KingdeeRequests#allocate}.
     *
     * @throws KingdeeUnknownOutcomeException if the outcome is unknown (never re-sent automatically)
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
     * @throws KingdeeApiException on an error answer (with its MsgCode), transport failures (retryable), or when
     *                             the session is lost twice
     */
    public List<List<JsonNode>> executeBillQuery(String formId, List<String> fieldKeys, String filter, int startRow,
                                                 int limit) {
        String body = requests.executeBillQuery(formId, fieldKeys, filter, startRow, limit);
        String service = KingdeeServices.EXECUTE_BILL_QUERY;
        URI uri = KingdeeServices.uri(config.baseUrl(), service);
        for (int attempt = 1; ; attempt++) {
            String sid = ensureSession();
            HttpResponse<String> resp;
            try {
                resp = send(uri, body, sid);
            } catch (IOException e) {
                throw new KingdeeApiException("Kingdee " + service + " failed: " + describe(e),
                        KingdeeApiException.NO_STATUS, KingdeeApiException.NO_MSG_CODE, true, List.of(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KingdeeApiException("Kingdee " + service + " interrupted", KingdeeApiException.NO_STATUS,
                        KingdeeApiException.NO_MSG_CODE, true, List.of(), e);
            }
            try {
                List<List<JsonNode>> rows = responses.parseBillQuery(resp.statusCode(), resp.body());
                LOG.debug("Kingdee {} {}: {} rows", service, formId, rows.size());
                return rows;
            } catch (KingdeeApiException e) {
                if (!e.sessionLost()) {
                    throw e;
                }
                invalidateSession(sid);
                if (attempt >= MAX_SENDS) {
                    LOG.warn("Kingdee {}: session lost again right after a fresh login", service);
                    throw e;
                }
                LOG.warn("Kingdee {}: session {} lost (MsgCode 1); logging in again and re-sending once", service,
                        Masking.id(sid));
            }
        }
    }

    private OperationResult write(String service, String body) {
        URI uri = KingdeeServices.uri(config.baseUrl(), service);
        for (int attempt = 1; ; attempt++) {
            String sid = ensureSession();
            HttpResponse<String> resp;
            try {
                resp = send(uri, body, sid);
            } catch (HttpConnectTimeoutException | ConnectException e) {
                // the connection was never established, so nothing was sent
                throw new KingdeeApiException("Kingdee " + service + " not sent: " + describe(e),
                        KingdeeApiException.NO_STATUS, KingdeeApiException.NO_MSG_CODE, true, List.of(), e);
            } catch (HttpTimeoutException e) {
                throw new KingdeeUnknownOutcomeException(service, "no answer within " + config.requestTimeout(),
                        KingdeeApiException.NO_STATUS, e);
            } catch (IOException e) {
                throw new KingdeeUnknownOutcomeException(service, describe(e), KingdeeApiException.NO_STATUS, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KingdeeUnknownOutcomeException(service, "interrupted while waiting for the answer",
                        KingdeeApiException.NO_STATUS, e);
            }
            int status = resp.statusCode();
            if (status >= 500) {
                throw new KingdeeUnknownOutcomeException(service, "HTTP " + status + ": "
                        + Masking.snippet(resp.body()), status, null);
            }
            OperationResult result;
            try {
                result = responses.parseOperation(status, resp.body());
            } catch (KingdeeApiException e) {
                if (status >= 300) {
                    throw e; // rejected by the web server (3xx/4xx), not executed
                }
                throw new KingdeeUnknownOutcomeException(service, e.getMessage(), status, e);
            }
            if (!result.sessionLost()) {
                LOG.debug("Kingdee {}: success={} msgCode={} saved={} errors={}", service, result.success(),
                        result.msgCode(), result.saved().size(), result.errors().size());
                return result;
            }
            invalidateSession(sid);
            if (attempt >= MAX_SENDS) {
                throw new KingdeeApiException("Kingdee " + service + ": session lost again right after a fresh login"
                        + " (MsgCode 1): " + String.join("; ", result.messages()), status,
                        KingdeeApiException.MSG_SESSION_LOST, false, result.messages(), null);
            }
            LOG.warn("Kingdee {}: session {} lost (MsgCode 1, not executed); logging in again and re-sending once",
                    service, Masking.id(sid));
        }
    }

    /** The session id, logging in first if there is none. */
    private synchronized String ensureSession() {
        if (sessionId == null) {
            login();
        }
        return sessionId;
    }

    /** Drops the session only if it is still the one that failed (another thread may have renewed it). */
    private synchronized void invalidateSession(String failed) {
        if (Objects.equals(sessionId, failed)) {
            invalidateSession();
        }
    }

    private HttpResponse<String> send(URI uri, String body, String sid) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
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

    /** The server's login message with the password removed, should it ever be echoed. */
    private String redact(String message) {
        String pw = config.password();
        if (message == null || pw.length() < 3) {
            return message;
        }
        return message.replace(pw, "****");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
