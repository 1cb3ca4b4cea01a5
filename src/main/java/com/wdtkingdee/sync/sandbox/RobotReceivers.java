package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chat-robot receivers for the sandbox, on one loopback port: a DingTalk custom robot and a Feishu custom bot that
 * <b>verify</b> the signatures as the real servers do ({@code reference/chat-robots.md}) and answer a wrong one with
 * the robot's error (DingTalk {@code errcode 310000}, Feishu {@code code 19021}), a WeCom group robot that checks
 * its key, and a generic webhook. Everything received is kept, accepted or not; {@link #print} shows it.
 *
 * <p>The signatures are computed here independently of the product's signer, so a wrong signer is caught.
 * Answers for a wrong token or key ({@code 300001}, {@code 19001}, {@code 93000}) are [I]: the reference names
 * only the sign-mismatch codes.
 */
public final class RobotReceivers implements AutoCloseable {

    /** One request received. */
    public record Received(String channel, boolean accepted, String answer, String body, String text, Instant at,
                           Map<String, String> headers) {
    }

    public static final String DINGTALK = "dingtalk";
    public static final String WECOM = "wecom";
    public static final String FEISHU = "feishu";
    public static final String WEBHOOK = "webhook";
    private static final long ONE_HOUR_MS = 3_600_000L;

    private final Clock clock;
    private final String dingTalkToken;
    private final String dingTalkSecret;
    private final String weComKey;
    private final String feishuToken;
    private final String feishuSecret;
    private final List<Received> received = new ArrayList<>();
    private volatile int webhookStatus = 200;
    private final SimHttp.LoopbackServer server;

    /** Receivers with fresh random tokens and secrets. */
    public static RobotReceivers start(Clock clock) {
        return new RobotReceivers(clock, random(32), "SEC" + random(32), random(18), random(18), random(16));
    }

    public RobotReceivers(Clock clock, String dingTalkToken, String dingTalkSecret, String weComKey,
                          String feishuToken, String feishuSecret) {
        this.clock = clock;
        this.dingTalkToken = dingTalkToken;
        this.dingTalkSecret = dingTalkSecret;
        this.weComKey = weComKey;
        this.feishuToken = feishuToken;
        this.feishuSecret = feishuSecret;
        Map<String, HttpHandler> contexts = new LinkedHashMap<>();
        contexts.put("/robot/send", this::dingTalk);
        contexts.put("/cgi-bin/webhook/send", this::weCom);
        contexts.put("/open-apis/bot/v2/hook/", this::feishu);
        contexts.put("/hooks/alert", this::webhook);
        server = new SimHttp.LoopbackServer("robots", contexts);
    }

    // ---- the URLs and secrets to configure (alert.* keys) ------------------------------------------------------

    public int port() {
        return server.port();
    }

    public String dingTalkUrl() {
        return base() + "/robot/send?access_token=" + dingTalkToken;
    }

    public String dingTalkSecret() {
        return dingTalkSecret;
    }

    public String weComUrl() {
        return base() + "/cgi-bin/webhook/send?key=" + weComKey;
    }

    public String feishuUrl() {
        return base() + "/open-apis/bot/v2/hook/" + feishuToken;
    }

    public String feishuSecret() {
        return feishuSecret;
    }

    public String webhookUrl() {
        return base() + "/hooks/alert";
    }

    /** The {@code alert.*} settings that point every channel here (for {@code ConfigSource.override}). */
    public Map<String, String> alertProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("alert.dingtalk.url", dingTalkUrl());
        p.put("alert.dingtalk.secret", dingTalkSecret);
        p.put("alert.wecom.url", weComUrl());
        p.put("alert.feishu.url", feishuUrl());
        p.put("alert.feishu.secret", feishuSecret);
        p.put("alert.webhook.url", webhookUrl());
        return p;
    }

    /** Makes the generic webhook answer this HTTP status from now on (200 by default). */
    public void webhookStatus(int status) {
        this.webhookStatus = status;
    }

    // ---- what was received --------------------------------------------------------------------------------------

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public List<Received> received(String channel) {
        return received().stream().filter(r -> r.channel().equals(channel)).toList();
    }

    /** Prints every message received: channel, accepted or refused (with the answer), and its text. */
    public void print(PrintStream out) {
        List<Received> all = received();
        out.println("Chat robots (sandbox receivers on 127.0.0.1:" + port() + "): " + all.size() + " message(s)");
        for (Received r : all) {
            out.println("  [" + r.channel() + "] " + (r.accepted() ? "accepted, signature/key verified" : "REFUSED " + r.answer())
                    + " at " + r.at());
            for (String line : r.text().split("\n")) {
                out.println("      " + line);
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- handlers -----------------------------------------------------------------------------------------------

    private void dingTalk(HttpExchange ex) throws IOException {
        String body = new String(SimHttp.readBody(ex), StandardCharsets.UTF_8);
        Map<String, String> q = SimHttp.parseForm(ex.getRequestURI().getRawQuery());
        String answer;
        if (!dingTalkToken.equals(q.get("access_token"))) {
            answer = "{\"errcode\":300001,\"errmsg\":\"token is not exist\"}";
        } else if (!dingTalkSignOk(q.get("timestamp"), q.get("sign"))) {
            answer = "{\"errcode\":310000,\"errmsg\":\"sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]\"}";
        } else if (msgtype(body) == null) {
            answer = "{\"errcode\":40035,\"errmsg\":\"缺少参数 json\"}";
        } else {
            answer = "{\"errcode\":0,\"errmsg\":\"ok\"}";
        }
        reply(ex, DINGTALK, 200, answer, body);
    }

    private boolean dingTalkSignOk(String timestamp, String sign) {
        if (dingTalkSecret == null) {
            return true;
        }
        if (timestamp == null || sign == null || !timestamp.matches("\\d{1,15}")) {
            return false;
        }
        long ts = Long.parseLong(timestamp);
        if (Math.abs(clock.millis() - ts) > ONE_HOUR_MS) {
            return false;
        }
        String expected = hmac(dingTalkSecret.getBytes(StandardCharsets.UTF_8),
                (timestamp + "\n" + dingTalkSecret).getBytes(StandardCharsets.UTF_8));
        return expected.equals(sign);   // the query was URL-decoded by parseForm
    }

    private void weCom(HttpExchange ex) throws IOException {
        String body = new String(SimHttp.readBody(ex), StandardCharsets.UTF_8);
        Map<String, String> q = SimHttp.parseForm(ex.getRequestURI().getRawQuery());
        String answer;
        if (!weComKey.equals(q.get("key"))) {
            answer = "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}";
        } else if (msgtype(body) == null) {
            answer = "{\"errcode\":40008,\"errmsg\":\"invalid message type\"}";
        } else {
            answer = "{\"errcode\":0,\"errmsg\":\"ok\"}";
        }
        reply(ex, WECOM, 200, answer, body);
    }

    private void feishu(HttpExchange ex) throws IOException {
        String body = new String(SimHttp.readBody(ex), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        String token = path.substring(path.lastIndexOf('/') + 1);
        JsonNode n = tree(body);
        String answer;
        if (!feishuToken.equals(token)) {
            answer = "{\"code\":19001,\"msg\":\"param invalid: incoming webhook access token invalid\"}";
        } else if (!feishuSignOk(n)) {
            answer = "{\"code\":19021,\"msg\":\"sign match fail or timestamp is not within one hour from current time\"}";
        } else if (n == null || !n.hasNonNull("msg_type")) {
            answer = "{\"code\":19002,\"msg\":\"params error, msg_type need\"}";
        } else {
            answer = "{\"code\":0,\"msg\":\"success\",\"data\":{}}";
        }
        reply(ex, FEISHU, 200, answer, body);
    }

    private boolean feishuSignOk(JsonNode n) {
        if (feishuSecret == null) {
            return true;
        }
        if (n == null || !n.hasNonNull("timestamp") || !n.hasNonNull("sign")) {
            return false;
        }
        String timestamp = n.get("timestamp").asText();
        if (!timestamp.matches("\\d{1,12}") || Math.abs(clock.millis() / 1000 - Long.parseLong(timestamp)) > 3600) {
            return false;
        }
        String expected = hmac((timestamp + "\n" + feishuSecret).getBytes(StandardCharsets.UTF_8), new byte[0]);
        return expected.equals(n.get("sign").asText());
    }

    private void webhook(HttpExchange ex) throws IOException {
        String body = new String(SimHttp.readBody(ex), StandardCharsets.UTF_8);
        int status = webhookStatus;
        reply(ex, WEBHOOK, status, status / 100 == 2 ? "{\"ok\":true}" : "{\"ok\":false}", body);
    }

    private void reply(HttpExchange ex, String channel, int status, String answer, String body) throws IOException {
        JsonNode a = tree(answer);
        boolean accepted = status / 100 == 2 && a != null
                && (a.path("errcode").asInt(0) == 0 && a.path("code").asInt(0) == 0);
        synchronized (received) {
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
            received.add(new Received(channel, accepted, answer, body, text(channel, body), clock.instant(),
                    Map.copyOf(headers)));
        }
        SimHttp.send(ex, new SimHttp.Reply(status, "application/json; charset=utf-8",
                answer.getBytes(StandardCharsets.UTF_8), List.of()));
    }

    private static String msgtype(String body) {
        JsonNode n = tree(body);
        return n == null || !n.hasNonNull("msgtype") ? null : n.get("msgtype").asText();
    }

    /** The human text of a message, whatever the channel's shape. */
    private static String text(String channel, String body) {
        JsonNode n = tree(body);
        if (n == null) {
            return body;
        }
        for (String p : new String[]{"/markdown/text", "/markdown/content", "/text/content", "/content/text", "/text"}) {
            JsonNode t = n.at(p);
            if (t.isTextual()) {
                return WEBHOOK.equals(channel) ? n.path("kind").asText() + ": " + t.asText() : t.asText();
            }
        }
        return body;
    }

    private static JsonNode tree(String s) {
        try {
            return s == null || s.isBlank() ? null : SimHttp.JSON.readTree(s);
        } catch (IOException e) {
            return null;
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port();
    }

    private static String hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(int hexChars) {
        byte[] b = new byte[(hexChars + 1) / 2];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b).substring(0, hexChars);
    }
}
