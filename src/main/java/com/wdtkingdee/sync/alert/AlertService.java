package com.wdtkingdee.sync.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bean of routes {@code alert} and {@code alert-post} ({@code routes/alerts.camel.yaml}): it decides, the
 * routes carry.
 * <ul>
 *   <li>{@link #expand}: throttles the event per kind and turns it into one {@link AlertDelivery} per configured
 *       channel (an empty list when throttled or when no channel is configured);</li>
 *   <li>{@link #prepare}: builds the channel's request — signed URL query (DingTalk), signed body (Feishu), JSON
 *       serialised with Jackson — as camel-http headers. The secret-bearing parts (path and query) travel in the
 *       {@code CamelHttpPath} / {@code CamelHttpQuery} headers, and the {@code toD} endpoint is only the origin
 *       ({@code scheme://host:port}), so no token ever becomes part of an endpoint URI that Camel could log or
 *       show;</li>
 *   <li>{@link #checkAnswer}: HTTP 2xx and, for the robots, {@code errcode == 0} (DingTalk, WeCom) or
 *       {@code code == 0} (Feishu) — anything else throws, so the route's error handler retries;</li>
 *   <li>{@link #failed}: after the retries, one WARN line with the URL shown without query and token, and the
 *       reason masked; the alert is dropped and the caller goes on.</li>
 * </ul>
 */
public final class AlertService {

    /** Exchange property: the delivery being posted (kept across retries). */
    public static final String DELIVERY = "alertDelivery";
    /** Exchange property: attempts made for the delivery. */
    public static final String ATTEMPTS = "alertAttempts";
    /** Exchange property: the {@code toD} target, {@code scheme://host[:port]} — never a path or query. */
    public static final String ORIGIN = "alertOrigin";

    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);

    private final AlertSettings settings;
    private final AlertThrottle throttle;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Set<String> secrets;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();

    public AlertService(AlertSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.throttle = new AlertThrottle(settings.minInterval(), clock);
        this.secrets = settings.secrets();
    }

    /** The HTTP request of one delivery: where and what. */
    public record Request(String origin, String path, String rawQuery, String body) {
    }

    /** Route {@code alert}: the event (body, or property {@value AlertEvent#PROPERTY}) → one delivery per channel. */
    public List<AlertDelivery> expand(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        AlertEvent event = body instanceof AlertEvent e ? e : exchange.getProperty(AlertEvent.PROPERTY, AlertEvent.class);
        if (event == null) {
            LOG.warn("direct:alert received no AlertEvent (body {}); nothing sent",
                    body == null ? "null" : body.getClass().getSimpleName());
            return List.of();
        }
        return expand(event);
    }

    /** {@link #expand(Exchange)} for an event. */
    public List<AlertDelivery> expand(AlertEvent event) {
        AlertThrottle.Decision d = throttle.offer(event.kind());
        if (!d.send()) {
            throttled.incrementAndGet();
            LOG.info("alert {} throttled ({} since the last one sent, alert.min-interval={})", event.kind(),
                    d.suppressedBefore(), settings.minInterval());
            return List.of();
        }
        if (settings.none()) {
            LOG.info("alert {} (no alert.* channel configured): {}", event.kind(), Redaction.mask(event.title(), secrets));
            return List.of();
        }
        List<AlertDelivery> out = new ArrayList<>();
        for (AlertChannel ch : settings.channels()) {
            out.add(new AlertDelivery(ch, event, d.suppressedBefore()));
        }
        return out;
    }

    /** Route {@code alert-post}, before {@code toD}: headers, body and the origin for one attempt. */
    public void prepare(Exchange exchange) throws JsonProcessingException, org.apache.camel.InvalidPayloadException {
        AlertDelivery d = exchange.getProperty(DELIVERY, AlertDelivery.class);
        if (d == null) {
            d = exchange.getMessage().getMandatoryBody(AlertDelivery.class);
            exchange.setProperty(DELIVERY, d);
        }
        Integer attempts = exchange.getProperty(ATTEMPTS, 0, Integer.class);
        exchange.setProperty(ATTEMPTS, attempts + 1);
        Request r = request(d);
        Message m = exchange.getMessage();
        m.removeHeaders("*", "CamelRedelivery*");   // nothing of the caller's headers goes to a chat server
        m.setHeader(Exchange.HTTP_METHOD, "POST");
        m.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        m.setHeader(Exchange.HTTP_PATH, r.path());
        if (r.rawQuery() != null) {
            m.setHeader(Exchange.HTTP_QUERY, r.rawQuery());
        }
        m.setBody(r.body());
        exchange.setProperty(ORIGIN, r.origin());
    }


    /** The request of a delivery, signed now. */
    public Request request(AlertDelivery d) throws JsonProcessingException {
        AlertEvent e = d.event();
        URI u = URI.create(settings.url(d.channel()));
        String origin = u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        String query = u.getRawQuery();
        Object body;
        switch (d.channel()) {
            case DINGTALK -> {
                if (settings.dingtalkSecret() != null) {
                    String signed = RobotSigner.dingTalkQuery(settings.dingtalkSecret(), clock.millis());
                    query = query == null || query.isEmpty() ? signed : query + "&" + signed;
                }
                body = AlertMessages.dingTalkMarkdown(e, d.suppressed(), settings.zone());
            }
            case WECOM -> body = AlertMessages.weComMarkdown(e, d.suppressed(), settings.zone());
            case FEISHU -> {
                Long ts = null;
                String sign = null;
                if (settings.feishuSecret() != null) {
                    ts = clock.millis() / 1000;
                    sign = RobotSigner.feishu(settings.feishuSecret(), ts);
                }
                body = AlertMessages.feishuText(e, d.suppressed(), settings.zone(), ts, sign);
            }
            default -> body = AlertMessages.webhook(e, d.suppressed());
        }
        return new Request(origin, path, query, json.writeValueAsString(body));
    }

    /** Route {@code alert-post}, after {@code toD}: delivered, or an exception for the error handler. */
    public void checkAnswer(Exchange exchange) {
        AlertDelivery d = exchange.getProperty(DELIVERY, AlertDelivery.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        if (status < 200 || status > 299) {
            throw new AlertDeliveryException("HTTP " + status);
        }
        if (d.channel() != AlertChannel.WEBHOOK) {
            long code = robotCode(d.channel(), body);
            if (code != 0) {
                throw new AlertDeliveryException((d.channel() == AlertChannel.FEISHU ? "code " : "errcode ") + code
                        + " " + Redaction.mask(snippet(robotMessage(body)), secrets));
            }
        }
        sent.incrementAndGet();
        LOG.info("alert {} sent to {} {}", d.event().kind(), d.channel().id(), Redaction.safeUrl(settings.url(d.channel())));
    }

    /** The {@code onException} of route {@code alert}: log one line (no secret) and drop. */
    public void failed(Exchange exchange) {
        failed.incrementAndGet();
        AlertDelivery d = exchange.getProperty(DELIVERY, AlertDelivery.class);
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int attempts = exchange.getProperty(ATTEMPTS, 0, Integer.class);
        String reason = t == null ? "unknown" : t.getClass().getSimpleName() + ": " + Redaction.mask(t.getMessage(), secrets);
        if (d == null) {
            LOG.warn("alert not delivered after {} attempt(s): {}", attempts, reason);
            return;
        }
        LOG.warn("alert {} to {} {} not delivered after {} attempt(s), dropped: {}", d.event().kind(), d.channel().id(),
                Redaction.safeUrl(settings.url(d.channel())), attempts, reason);
    }

    /** {@code errcode} (DingTalk, WeCom) or {@code code} / {@code StatusCode} (Feishu); -1 if unreadable. */
    private long robotCode(AlertChannel ch, String body) {
        try {
            JsonNode n = json.readTree(body == null ? "" : body);
            if (n == null || !n.isObject()) {
                return -1;
            }
            JsonNode c = ch == AlertChannel.FEISHU ? (n.has("code") ? n.get("code") : n.get("StatusCode")) : n.get("errcode");
            return c != null && c.canConvertToLong() ? c.asLong() : -1;
        } catch (JsonProcessingException e) {
            return -1;
        }
    }

    private String robotMessage(String body) {
        try {
            JsonNode n = json.readTree(body == null ? "" : body);
            for (String k : new String[]{"errmsg", "msg", "StatusMessage"}) {
                if (n != null && n.hasNonNull(k)) {
                    return n.get(k).asText();
                }
            }
        } catch (JsonProcessingException e) {
            // fall through
        }
        return body == null ? "" : body;
    }

    private static String snippet(String s) {
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() <= 120 ? t : t.substring(0, 120) + "…";
    }

    public AlertSettings settings() {
        return settings;
    }

    /** Messages accepted by a channel. */
    public long sentCount() {
        return sent.get();
    }

    /** Messages dropped after their retries. */
    public long failedCount() {
        return failed.get();
    }

    /** Events not sent because of {@code alert.min-interval}. */
    public long throttledCount() {
        return throttled.get();
    }
}
