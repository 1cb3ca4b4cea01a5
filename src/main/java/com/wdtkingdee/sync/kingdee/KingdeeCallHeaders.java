package com.wdtkingdee.sync.kingdee;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The headers that authenticate one WebAPI call (route {@code kingdee-send}): the session id header, or in
 * {@code signed-headers} mode the 9 signed X-Api headers with a fresh timestamp and nonce; and, in that mode, the
 * session the server opens in its cookie ({@link #answered}). Never logs a signature or a full session id.
 */
public final class KingdeeCallHeaders {

    private static final Logger LOG = LoggerFactory.getLogger(KingdeeCallHeaders.class);

    private final KingdeeSession session;
    private final KingdeeCookies cookies;
    private final KingdeeStatistics statistics;
    private final KingdeeClientConfig config;
    private final Clock clock;
    private final Supplier<String> nonces;

    public KingdeeCallHeaders(KingdeeSession session, KingdeeCookies cookies, KingdeeStatistics statistics, Clock clock,
                              Supplier<String> nonces) {
        this.session = Objects.requireNonNull(session, "session");
        this.cookies = Objects.requireNonNull(cookies, "cookies");
        this.statistics = Objects.requireNonNull(statistics, "statistics");
        this.config = session.config();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
    }

    /**
     * Route step before a WebAPI call: the request headers of the mode for the service in the exchange property
     * {@value KingdeeSession#SERVICE_PROPERTY}. Every other header is removed (but the error handler's redelivery
     * counters), so nothing internal reaches the server.
     */
    public void authenticate(Exchange exchange) {
        String service = exchange.getProperty(KingdeeSession.SERVICE_PROPERTY, String.class);
        if (service == null) {
            throw new IllegalStateException("no " + KingdeeSession.SERVICE_PROPERTY + " property on the Kingdee call");
        }
        Message m = exchange.getMessage();
        m.removeHeaders("*", "CamelRedelivery*");
        m.setHeader(Exchange.HTTP_METHOD, "POST");
        m.setHeader(Exchange.CONTENT_TYPE, KingdeeSession.CONTENT_TYPE);
        String sid = session.current();
        if (!session.authMode().logsIn()) {
            URI uri = KingdeeServices.uri(config.baseUrl(), service);
            Map<String, String> headers = KingdeeSignedHeaders.build(config.appId(), config.appSecret(),
                    config.acctId(), config.username(), config.lcid(), config.orgNum(), uri.getRawPath(),
                    clock.millis(), nonces.get());
            headers.forEach(m::setHeader);
        }
        if (sid != null) {
            m.setHeader(KingdeeSession.SESSION_HEADER, sid);
        }
        exchange.setProperty(KingdeeSession.SENT_SESSION_PROPERTY, sid == null ? "" : sid);
        statistics.count(service);
    }

    /** Route step right after the HTTP call. Signed mode: keeps the session id the server set (or refreshed). */
    public void answered(Exchange exchange) {
        if (session.authMode().logsIn()) {
            return;
        }
        String sid = cookies.sessionCookie();
        String before = session.current();
        if (sid != null && !sid.equals(before)) {
            LOG.debug("Kingdee session {} opened by the server (signed headers)", Masking.id(sid));
        }
        session.opened(sid);
    }
}
