package com.wdtkingdee.sync.kingdee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Reads the answers of the Kingdee camel-http endpoints ({@code routes/kingdee.camel.yaml}):
 * {@link #check} before {@code unmarshal} (HTTP status, {@code response_error:} pages, empty bodies, the signed
 * headers' passport failure), then {@link #operation} (BatchSave, Allocate: a {@link OperationResult} per DIndex)
 * or {@link #rows} (ExecuteBillQuery). MsgCode 1 drops the session and throws {@link KingdeeSessionLostException},
 * which the route {@code kingdee-call} answers with one fresh login and one re-send; lost again
 * on that re-send is a {@link KingdeeApiException} (session modes) or a refused authentication (signed headers).
 */
public final class KingdeeAnswers {

    /** Body of the HTTP error answer to signed headers naming an unknown data center (wrong AcctID). */
    public static final String PASSPORT_FAILURE = "Fail to verify thirty passport";
    /** Exchange property set by the route {@code kingdee-call} on its one re-send after MsgCode 1. */
    public static final String RESENT_PROPERTY = "kingdeeResent";
    private static final Logger LOG = LoggerFactory.getLogger(KingdeeAnswers.class);

    private final KingdeeSession session;
    private final KingdeeStatistics statistics;
    private final KingdeeResponses responses;

    public KingdeeAnswers(KingdeeSession session, KingdeeStatistics statistics, ObjectMapper json) {
        this.session = session;
        this.statistics = statistics;
        this.responses = new KingdeeResponses(json);
    }

    /** Route step right after the HTTP call: throws for answers that are not a readable business answer. */
    public void check(Exchange exchange) {
        int status = status(exchange);
        String body = exchange.getMessage().getBody(String.class);
        String service = service(exchange);
        if (session.authMode() == KingdeeAuthMode.SIGNED_HEADERS && (status < 200 || status >= 300)
                && body != null && body.contains(PASSPORT_FAILURE)) {
            String message = "Kingdee " + service + ": the server rejected the signed headers of " + session.who()
                    + " (HTTP " + status + " " + PASSPORT_FAILURE + "): the AcctID (data-center id) is unknown to"
                    + " the server; not retried";
            statistics.failed(message);
            throw new KingdeeLoginException(message, status, -1);
        }
        exchange.getMessage().setBody(KingdeeResponses.checkRaw(service, status, body));
    }

    /** Route step right after the login call: as {@link #check}, for the login service of the mode. */
    public void checkLogin(Exchange exchange) {
        int status = status(exchange);
        exchange.getMessage().setBody(KingdeeResponses.checkRaw("login", status,
                exchange.getMessage().getBody(String.class)));
    }

    /** Route step after {@code unmarshal}: the result of BatchSave or Allocate (partly successful is normal). */
    public OperationResult operation(Exchange exchange) {
        OperationResult r = responses.parseOperation(status(exchange), exchange.getMessage().getBody(JsonNode.class));
        if (r.sessionLost()) {
            throw lost(exchange, r.messages());
        }
        authenticated();
        LOG.debug("Kingdee {}: success={} msgCode={} saved={} errors={}", service(exchange), r.success(),
                r.msgCode(), r.saved().size(), r.errors().size());
        return r;
    }

    /** Route step after {@code unmarshal}: the rows of ExecuteBillQuery, values in FieldKeys order. */
    public List<List<JsonNode>> rows(Exchange exchange) {
        try {
            List<List<JsonNode>> rows = responses.parseBillQuery(status(exchange),
                    exchange.getMessage().getBody(JsonNode.class));
            authenticated();
            return rows;
        } catch (KingdeeApiException e) {
            if (e.sessionLost()) {
                throw lost(exchange, e.messages());
            }
            throw e;
        }
    }

    private KingdeeApiException lost(Exchange exchange, List<String> messages) {
        String service = service(exchange);
        session.sessionLost(exchange.getProperty(KingdeeSession.SENT_SESSION_PROPERTY, String.class));
        boolean resent = exchange.getProperty(RESENT_PROPERTY, false, Boolean.class);
        if (!resent) {
            LOG.warn("Kingdee {}: {} (MsgCode 1, not executed); {} and sending once more", service,
                    session.authMode().logsIn() ? "session lost" : "signed headers refused",
                    session.authMode().logsIn() ? "logging in again" : "fresh headers");
            return new KingdeeSessionLostException(service, status(exchange), messages);
        }
        if (!session.authMode().logsIn()) {
            String message = "Kingdee " + service + ": signed headers of " + session.who() + " refused twice (MsgCode 1"
                    + (messages.isEmpty() ? "" : ": " + session.redact(String.join("; ", messages)))
                    + "): the AppID, AppSecret, user name or LCID do not match an enabled 第三方系统登录授权 of the data"
                    + " center; not retried";
            statistics.failed(message);
            return new KingdeeLoginException(message, status(exchange), -1);
        }
        return new KingdeeApiException("Kingdee " + service + ": session lost again right after a fresh login"
                + " (MsgCode 1): " + String.join("; ", messages), status(exchange),
                KingdeeApiException.MSG_SESSION_LOST, false, messages, null);
    }

    /** Signed mode: an accepted call is a successful authentication (session modes count their logins). */
    private void authenticated() {
        if (!session.authMode().logsIn()) {
            statistics.succeeded();
        }
    }

    private static int status(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
    }

    private static String service(Exchange exchange) {
        String s = exchange.getProperty(KingdeeSession.SERVICE_PROPERTY, "call", String.class);
        return s.substring(s.lastIndexOf('.') + 1);
    }
}
