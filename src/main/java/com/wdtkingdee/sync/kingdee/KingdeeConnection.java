package com.wdtkingdee.sync.kingdee;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The beans of {@code routes/kingdee.camel.yaml}, built together because they share one session: the session
 * ({@code kingdeeSession}), its cookie store ({@code kingdeeCookies}, the endpoints' cookieHandler), its login
 * ({@code kingdeeLogin}), the headers of a call ({@code kingdeeCallHeaders}), the reading of answers
 * ({@code kingdeeAnswers}); and the statistics, read by metrics and health.
 */
public record KingdeeConnection(KingdeeSession session, KingdeeCookies cookies, KingdeeLogin login,
                                KingdeeCallHeaders callHeaders, KingdeeAnswers answers, KingdeeStatistics statistics) {

    public static KingdeeConnection create(KingdeeClientConfig config, ObjectMapper json, Clock clock) {
        return create(config, json, clock, () -> UUID.randomUUID().toString().replace("-", ""));
    }

    public static KingdeeConnection create(KingdeeClientConfig config, ObjectMapper json, Clock clock,
                                           Supplier<String> nonces) {
        KingdeeCookies cookies = new KingdeeCookies(config.baseUrl());
        KingdeeStatistics statistics = new KingdeeStatistics();
        KingdeeSession session = new KingdeeSession(config, cookies);
        return new KingdeeConnection(session, cookies, new KingdeeLogin(session, cookies, statistics, json, clock),
                new KingdeeCallHeaders(session, cookies, statistics, clock, nonces),
                new KingdeeAnswers(session, statistics, json), statistics);
    }

    /** The route beans by the names the YAML uses. */
    public Map<String, Object> beans() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("kingdeeSession", session);
        b.put("kingdeeCookies", cookies);
        b.put("kingdeeLogin", login);
        b.put("kingdeeCallHeaders", callHeaders);
        b.put("kingdeeAnswers", answers);
        b.put("kingdeeLoginQueueErrors", new KingdeeLoginQueueErrors());
        return b;
    }
}
