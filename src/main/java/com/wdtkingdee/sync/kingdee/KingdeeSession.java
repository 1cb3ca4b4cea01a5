package com.wdtkingdee.sync.kingdee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.base.cookie.BaseCookieHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one Kingdee session shared by every camel-http endpoint of {@code routes/kingdee.camel.yaml}: the cookie
 * store (this class is the endpoints' {@code cookieHandler}), the {@code kdservice-sessionid} header, the login
 * request and answer of the {@link KingdeeAuthMode}, and the signed headers of {@code SIGNED_HEADERS} mode.
 *
 * <p>It makes no HTTP call itself: the routes carry every call. {@link #needsLogin()} tells the route to call the
 * login endpoint of the mode; {@link #loginRequest()} builds its body; {@link #loggedIn} reads the answer (the
 * session id from the {@code kdservice-sessionid} cookie, else the body's {@code KDSVCSessionId});
 * {@link #authenticate} sets the headers of one call; {@link #sessionLost} forgets a session the server refused
 * (MsgCode 1), so the re-sent call logs in again.
 *
 * <p>Never logs the password, the AppSecret, the secret half of the AppID, signatures, cookies or full session ids.
 */
public final class KingdeeSession extends BaseCookieHandler {

    /** Header and cookie name of the session id. */
    public static final String SESSION_HEADER = "kdservice-sessionid";
    /** Exchange property: the WebAPI service of the call (e.g. {@code DynamicFormService.BatchSave}). */
    public static final String SERVICE_PROPERTY = "kingdeeService";
    /** Exchange property: the session id a call was sent with (to drop only that one when it is refused). */
    public static final String SENT_SESSION_PROPERTY = "kingdeeSessionSent";
    static final String CONTENT_TYPE = "application/json;charset=UTF-8";
    private static final Logger LOG = LoggerFactory.getLogger(KingdeeSession.class);

    private final KingdeeClientConfig config;
    private final KingdeeAuthMode mode;
    private final KingdeeRequests requests;
    private final KingdeeResponses responses;
    private final Clock clock;
    private final Supplier<String> nonces;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final URI siteUri;
    /** The services whose calls are counted ({@link #calls()}). */
    public static final java.util.List<String> COUNTED_SERVICES = java.util.List.of("login",
            "DynamicFormService.BatchSave", "DynamicFormService.Allocate", "DynamicFormService.ExecuteBillQuery");
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> calls =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Calls sent to Kingdee so far, by service ("login" for every login mode). */
    public java.util.Map<String, Long> calls() {
        java.util.Map<String, Long> m = new java.util.TreeMap<>();
        calls.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    private void count(String service) {
        calls.computeIfAbsent(service, k -> new java.util.concurrent.atomic.LongAdder()).increment();
    }

    /** One login at a time: see {@link #needsLogin(Exchange)}. */
    private final Semaphore loginPermit = new Semaphore(1);
    /** Exchange property: this exchange holds the login permit. */
    static final String LOGIN_PERMIT_PROPERTY = "kingdeeLoginPermit";

    /** Guarded by {@code this}. */
    private String sessionId;
    /** Why the last authentication failed; guarded by {@code this}. */
    private String lastLoginError;
    /** Authentications failed in a row since the last one that succeeded; guarded by {@code this}. */
    private int loginFailures;
    /** Authentications failed since the start; guarded by {@code this}. */
    private long loginFailuresTotal;

    public KingdeeSession(KingdeeClientConfig config, ObjectMapper json, Clock clock) {
        this(config, json, clock, () -> UUID.randomUUID().toString().replace("-", ""));
    }

    public KingdeeSession(KingdeeClientConfig config, ObjectMapper json, Clock clock, Supplier<String> nonces) {
        this.config = Objects.requireNonNull(config, "config");
        this.mode = config.auth();
        this.requests = new KingdeeRequests(json);
        this.responses = new KingdeeResponses(json);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.siteUri = KingdeeServices.uri(config.baseUrl(), KingdeeServices.VALIDATE_USER);
    }

    @Override
    protected CookieManager getCookieManager(Exchange exchange) {
        return cookies;
    }

    @Override
    public void setCookiePolicy(CookiePolicy cookiePolicy) {
        cookies.setCookiePolicy(cookiePolicy);
    }

    public KingdeeClientConfig config() {
        return config;
    }

    public KingdeeAuthMode authMode() {
        return mode;
    }

    /**
     * Route predicate: a session mode without a session logs in before the call. Concurrent writers share the
     * session, and one login serves them all: the first caller without a session takes the login permit (released
     * by {@link #loggedIn} or {@link #loginFailed}) and logs in; the others wait for it and use its session. A
     * waiter whose login holder failed takes the permit and tries itself.
     */
    public boolean needsLogin(Exchange exchange) {
        if (!mode.logsIn()) {
            return false;
        }
        synchronized (this) {
            if (sessionId != null) {
                return false;
            }
        }
        boolean permit;
        try {
            // a holder that never released (it cannot happen through the login route) does not block for ever
            permit = loginPermit.tryAcquire(config.connectTimeout().plus(config.requestTimeout()).toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            permit = false;
        }
        synchronized (this) {
            if (sessionId != null) {
                if (permit) {
                    loginPermit.release();
                }
                return false;
            }
        }
        if (permit) {
            exchange.setProperty(LOGIN_PERMIT_PROPERTY, Boolean.TRUE);
        }
        return true;
    }

    /** The login of this exchange has ended (ok or not): the next writer without a session may log in. */
    private void releaseLogin(Exchange exchange) {
        if (exchange != null && Boolean.TRUE.equals(exchange.removeProperty(LOGIN_PERMIT_PROPERTY))) {
            loginPermit.release();
        }
    }

    /** The login endpoint's body for the mode: ValidateUser, LoginByAppSecret or LoginBySign (holds secrets). */
    public ObjectNode loginRequest() {
        return switch (mode) {
            case APP_SECRET -> requests.loginByAppSecret(config.acctId(), config.username(), config.appId(),
                    config.appSecret(), config.lcid());
            case SIGN -> {
                long ts = clock.instant().getEpochSecond();
                String sign = LoginBySignSigner.sign(config.acctId(), config.username(), config.appId(),
                        config.appSecret(), ts);
                yield requests.loginBySign(config.acctId(), config.username(), config.appId(), ts, sign, config.lcid());
            }
            case PASSWORD -> requests.validateUser(config.acctId(), config.username(), config.password(), config.lcid());
            case SIGNED_HEADERS -> throw new IllegalStateException("signed headers need no login call");
        };
    }

    /** Route step before the login call: forgets the old session and its cookies; body = the login request. */
    public ObjectNode beginLogin(Exchange exchange) {
        synchronized (this) {
            dropSession();
        }
        Message m = exchange.getMessage();
        m.removeHeaders("*", "CamelRedelivery*");
        m.setHeader(Exchange.HTTP_METHOD, "POST");
        m.setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
        count("login");
        return loginRequest();
    }

    /**
     * Route step after the login call (body unmarshalled to a {@link JsonNode}): keeps the session id.
     *
     * @throws KingdeeLoginException if the login was refused or issued no session id (not retryable)
     */
    public void loggedIn(Exchange exchange) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        JsonNode body = exchange.getMessage().getBody(JsonNode.class);
        String login = loginName();
        try {
            LoginResult result = responses.parseLogin(status, body);
            if (!result.success()) {
                throw new KingdeeLoginException("Kingdee login (" + login + ") refused for " + who()
                        + ": LoginResultType=" + result.resultType() + ", Message=" + redact(result.message()),
                        status, result.resultType());
            }
            String sid = cookieValue();
            String source = "cookie";
            if (sid == null) {
                sid = blankToNull(result.kdsvcSessionId());
                source = "body KDSVCSessionId";
            }
            if (sid == null) {
                throw new KingdeeLoginException("Kingdee login (" + login + ") for " + who()
                        + " returned LoginResultType=" + result.resultType()
                        + " but no session id (no kdservice-sessionid cookie, no KDSVCSessionId)", status,
                        result.resultType());
            }
            synchronized (this) {
                sessionId = sid;
                lastLoginError = null;
                loginFailures = 0;
            }
            LOG.info("Kingdee login ok ({}): {} at {}, session {} (from {})", login, who(), config.baseUrl(),
                    Masking.id(sid), source);
        } catch (RuntimeException e) {
            // recorded once, by the login route's loginFailed (which every failure of the login route reaches)
            throw e;
        } finally {
            releaseLogin(exchange);
        }
    }

    /**
     * The login route's error handling: records why the login failed (for /observe/health) and throws again — a
     * {@link KingdeeApiException} as it is, a network failure as a retryable one naming the URL.
     */
    public void loginFailed(Exchange exchange) {
        releaseLogin(exchange);
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (t instanceof KingdeeApiException k) {
            failed(k.getMessage());
            throw k;
        }
        String message = "Kingdee login (" + loginName() + ") at " + config.baseUrl() + " failed: "
                + (t == null ? "unknown failure" : t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + redact(t.getMessage())));
        failed(message);
        throw new KingdeeApiException(message, KingdeeApiException.NO_STATUS, KingdeeApiException.NO_MSG_CODE, true,
                java.util.List.of(), t);
    }

    /**
     * Route step before a WebAPI call: the request headers of the mode for the service in the exchange property
     * {@value #SERVICE_PROPERTY} — the session id header, or the 9 signed headers with a fresh timestamp and nonce.
     * Every other header is removed (but the error handler's redelivery counters), so nothing internal reaches
     * the server.
     */
    public void authenticate(Exchange exchange) {
        String service = exchange.getProperty(SERVICE_PROPERTY, String.class);
        if (service == null) {
            throw new IllegalStateException("no " + SERVICE_PROPERTY + " property on the Kingdee call");
        }
        Message m = exchange.getMessage();
        m.removeHeaders("*", "CamelRedelivery*");
        m.setHeader(Exchange.HTTP_METHOD, "POST");
        m.setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
        String sid;
        synchronized (this) {
            sid = sessionId;
        }
        if (!mode.logsIn()) {
            URI uri = KingdeeServices.uri(config.baseUrl(), service);
            Map<String, String> headers = KingdeeSignedHeaders.build(config.appId(), config.appSecret(),
                    config.acctId(), config.username(), config.lcid(), config.orgNum(), uri.getRawPath(),
                    clock.millis(), nonces.get());
            headers.forEach(m::setHeader);
        }
        if (sid != null) {
            m.setHeader(SESSION_HEADER, sid);
        }
        exchange.setProperty(SENT_SESSION_PROPERTY, sid == null ? "" : sid);
        count(service);
    }

    /** Signed mode: keeps the session id the server set (or refreshed) in its cookie. */
    public void answered(Exchange exchange) {
        if (mode.logsIn()) {
            return;
        }
        String sid = cookieValue();
        synchronized (this) {
            if (sid != null && !sid.equals(sessionId)) {
                LOG.debug("Kingdee session {} opened by the server (signed headers)", Masking.id(sid));
            }
            sessionId = sid;
        }
    }

    /** The server refused the session the call was sent with (MsgCode 1): drop it unless already renewed. */
    public synchronized void sessionLost(String sentWith) {
        if (!mode.logsIn() || Objects.equals(sessionId, blankToNull(sentWith))) {
            dropSession();
        }
    }

    /** Signed mode: the last call was accepted. */
    public synchronized void authenticated() {
        if (!mode.logsIn()) {
            lastLoginError = null;
            loginFailures = 0;
        }
    }

    public synchronized void failed(String message) {
        lastLoginError = message;
        loginFailures++;
        loginFailuresTotal++;
    }

    /** Logins (or signed-header authentications) failed since the start. */
    public synchronized long loginFailuresTotal() {
        return loginFailuresTotal;
    }

    /** Logins (or signed-header authentications) failed in a row since the last one that succeeded. */
    public synchronized int loginFailures() {
        return loginFailures;
    }

    /** Forgets the session and its cookies; the next call logs in (or authenticates with its headers) again. */
    public synchronized void invalidate() {
        dropSession();
    }

    /** Whether a session id is held (it may have expired on the server). */
    public synchronized boolean hasSession() {
        return sessionId != null;
    }

    /** Why the last authentication failed, never containing a secret; null when it succeeded or none was tried. */
    public synchronized String lastLoginError() {
        return lastLoginError;
    }

    /** "user X (acctId Y[, app 123456_****])" for messages. */
    public String who() {
        return "user " + config.username() + " (acctId " + config.acctId()
                + (mode.usesApp() ? ", app " + Masking.appId(config.appId()) : "") + ")";
    }

    /** Server text with the password, AppSecret and AppID removed, should the server ever echo them. */
    public String redact(String message) {
        return Masking.redact(message, config.password(), config.appSecret(), config.appId());
    }

    private String loginName() {
        return switch (mode) {
            case APP_SECRET -> "LoginByAppSecret";
            case SIGN -> "LoginBySign";
            case PASSWORD -> "ValidateUser";
            case SIGNED_HEADERS -> "signed headers";
        };
    }

    private void dropSession() {
        sessionId = null;
        cookies.getCookieStore().removeAll();
    }

    private String cookieValue() {
        for (HttpCookie c : cookies.getCookieStore().get(siteUri)) {
            if (SESSION_HEADER.equalsIgnoreCase(c.getName()) && c.getValue() != null && !c.getValue().isBlank()) {
                return c.getValue();
            }
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
