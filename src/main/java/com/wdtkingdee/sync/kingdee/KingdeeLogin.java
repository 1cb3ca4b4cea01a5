package com.wdtkingdee.sync.kingdee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The login of {@code kingdee.auth} (route {@code kingdee-login}): its request ({@link #begin}), its answer
 * ({@link #loggedIn}: the session id from the {@code kdservice-sessionid} cookie, else the body's
 * {@code KDSVCSessionId}), its failure ({@link #failed}). ValidateUser, LoginByAppSecret or LoginBySign; signed
 * headers need no login call. Makes no HTTP call itself; never logs the password, the AppSecret, the secret half
 * of the AppID, signatures, cookies or full session ids.
 */
public final class KingdeeLogin {

    private static final Logger LOG = LoggerFactory.getLogger(KingdeeLogin.class);

    private final KingdeeSession session;
    private final KingdeeCookies cookies;
    private final KingdeeStatistics statistics;
    private final KingdeeClientConfig config;
    private final KingdeeAuthMode mode;
    private final KingdeeRequests requests;
    private final KingdeeResponses responses;
    private final Clock clock;

    public KingdeeLogin(KingdeeSession session, KingdeeCookies cookies, KingdeeStatistics statistics,
                        ObjectMapper json, Clock clock) {
        this.session = Objects.requireNonNull(session, "session");
        this.cookies = Objects.requireNonNull(cookies, "cookies");
        this.statistics = Objects.requireNonNull(statistics, "statistics");
        this.config = session.config();
        this.mode = config.auth();
        this.requests = new KingdeeRequests(json);
        this.responses = new KingdeeResponses(json);
        this.clock = Objects.requireNonNull(clock, "clock");
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
    public ObjectNode begin(Exchange exchange) {
        session.invalidate();
        Message m = exchange.getMessage();
        m.removeHeaders("*", "CamelRedelivery*");
        m.setHeader(Exchange.HTTP_METHOD, "POST");
        m.setHeader(Exchange.CONTENT_TYPE, KingdeeSession.CONTENT_TYPE);
        statistics.count("login");
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
        LoginResult result = responses.parseLogin(status, body);
        if (!result.success()) {
            throw new KingdeeLoginException("Kingdee login (" + login + ") refused for " + session.who()
                    + ": LoginResultType=" + result.resultType() + ", Message=" + session.redact(result.message()),
                    status, result.resultType());
        }
        String sid = cookies.sessionCookie();
        String source = "cookie";
        if (sid == null) {
            sid = KingdeeSession.blankToNull(result.kdsvcSessionId());
            source = "body KDSVCSessionId";
        }
        if (sid == null) {
            throw new KingdeeLoginException("Kingdee login (" + login + ") for " + session.who()
                    + " returned LoginResultType=" + result.resultType()
                    + " but no session id (no kdservice-sessionid cookie, no KDSVCSessionId)", status,
                    result.resultType());
        }
        session.opened(sid);
        statistics.succeeded();
        LOG.info("Kingdee login ok ({}): {} at {}, session {} (from {})", login, session.who(), config.baseUrl(),
                Masking.id(sid), source);
    }

    /**
     * The login route's error handling: records why the login failed (for /observe/health) and throws again — a
     * {@link KingdeeApiException} as it is, a network failure as a retryable one naming the URL.
     */
    public void failed(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (t instanceof KingdeeApiException k) {
            statistics.failed(k.getMessage());
            throw k;
        }
        String message = "Kingdee login (" + loginName() + ") at " + config.baseUrl() + " failed: "
                + (t == null ? "unknown failure" : t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + session.redact(t.getMessage())));
        statistics.failed(message);
        throw new KingdeeApiException(message, KingdeeApiException.NO_STATUS, KingdeeApiException.NO_MSG_CODE, true,
                List.of(), t);
    }

    private String loginName() {
        return switch (mode) {
            case APP_SECRET -> "LoginByAppSecret";
            case SIGN -> "LoginBySign";
            case PASSWORD -> "ValidateUser";
            case SIGNED_HEADERS -> "signed headers";
        };
    }
}
