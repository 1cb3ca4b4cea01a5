package com.wdtkingdee.sync.kingdee;

import java.util.Objects;

/**
 * The one Kingdee session shared by every call of {@code routes/kingdee.camel.yaml} (every writer): its id, and
 * whether a call must log in first ({@link #needsLogin()}, the routes' predicate). The login itself is
 * {@link KingdeeLogin}, serialised by the routes (one consumer of {@code seda:kingdee-session-login}), the cookies
 * {@link KingdeeCookies}, the headers of a call {@link KingdeeCallHeaders}, the counts {@link KingdeeStatistics}.
 *
 * <p>The id and the cookies change together under {@code this}. Never logs a full session id.
 */
public final class KingdeeSession {

    /** Header and cookie name of the session id. */
    public static final String SESSION_HEADER = "kdservice-sessionid";
    /** Exchange property: the WebAPI service of the call (e.g. {@code DynamicFormService.BatchSave}). */
    public static final String SERVICE_PROPERTY = "kingdeeService";
    /** Exchange property: the session id a call was sent with (to drop only that one when it is refused). */
    public static final String SENT_SESSION_PROPERTY = "kingdeeSessionSent";
    static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    private final KingdeeClientConfig config;
    private final KingdeeAuthMode mode;
    private final KingdeeCookies cookies;
    /** Guarded by {@code this}. */
    private String sessionId;

    public KingdeeSession(KingdeeClientConfig config, KingdeeCookies cookies) {
        this.config = Objects.requireNonNull(config, "config");
        this.mode = config.auth();
        this.cookies = Objects.requireNonNull(cookies, "cookies");
    }

    public KingdeeClientConfig config() {
        return config;
    }

    public KingdeeAuthMode authMode() {
        return mode;
    }

    /**
     * Route predicate: a session mode without a session logs in before the call. It changes nothing: the writers
     * that find no session queue for the one login route, whose consumer asks again (the first logs in, the others
     * find its session).
     */
    public synchronized boolean needsLogin() {
        return mode.logsIn() && sessionId == null;
    }

    /** The session id calls are sent with, or null. */
    public synchronized String current() {
        return sessionId;
    }

    /** A login (or, signed mode, the server's cookie) opened this session; null forgets it. */
    public synchronized void opened(String sid) {
        sessionId = sid;
    }

    /** The server refused the session the call was sent with (MsgCode 1): drop it unless already renewed. */
    public synchronized void sessionLost(String sentWith) {
        if (!mode.logsIn() || Objects.equals(sessionId, blankToNull(sentWith))) {
            invalidate();
        }
    }

    /** Forgets the session and its cookies; the next call logs in (or authenticates with its headers) again. */
    public synchronized void invalidate() {
        sessionId = null;
        cookies.clear();
    }

    /** Whether a session id is held (it may have expired on the server). */
    public synchronized boolean hasSession() {
        return sessionId != null;
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

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
