package com.wdtkingdee.sync.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertMessagesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant AT = Instant.parse("2026-11-30T06:00:00Z");
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final AlertEvent EVENT = AlertEvent.windowFailed("customer-sync", "2026-11-30 13:00:00..14:00:00",
            "Kingdee unreachable (HTTP 503)", AT);

    static JsonNode json(Object o) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(o));
    }

    @Test
    void dingTalkMarkdownAndText() throws Exception {
        JsonNode md = json(AlertMessages.dingTalkMarkdown(EVENT, 0, SHANGHAI));
        assertThat(md.get("msgtype").asText()).isEqualTo("markdown");
        assertThat(md.at("/markdown/title").asText()).isEqualTo("[CRITICAL] 同步窗口失败 / sync window failed (customer-sync)");
        assertThat(md.at("/markdown/text").asText()).contains("Kingdee unreachable (HTTP 503)", "2026-11-30 14:00:00 +08:00");
        JsonNode text = json(AlertMessages.dingTalkText(EVENT, 0, SHANGHAI));
        assertThat(text.get("msgtype").asText()).isEqualTo("text");
        assertThat(text.at("/text/content").asText()).contains("Kingdee unreachable");
    }

    @Test
    void weComMarkdownAndText() throws Exception {
        JsonNode md = json(AlertMessages.weComMarkdown(EVENT, 0, SHANGHAI));
        assertThat(md.get("msgtype").asText()).isEqualTo("markdown");
        assertThat(md.at("/markdown/content").asText()).startsWith("### [CRITICAL]");
        JsonNode text = json(AlertMessages.weComText(EVENT, 0, SHANGHAI));
        assertThat(text.at("/text/content").asText()).contains("window failed");
    }

    @Test
    void feishuSignedAndUnsigned() throws Exception {
        JsonNode signed = json(AlertMessages.feishuText(EVENT, 0, SHANGHAI, 1764460800L, "VLmeo/9POp+TbbJiUVW+yL2bsk7dO+5PLcxkuZvxqnI="));
        assertThat(signed.get("timestamp").isTextual()).isTrue();
        assertThat(signed.get("timestamp").asText()).isEqualTo("1764460800");
        assertThat(signed.get("sign").asText()).isEqualTo("VLmeo/9POp+TbbJiUVW+yL2bsk7dO+5PLcxkuZvxqnI=");
        assertThat(signed.get("msg_type").asText()).isEqualTo("text");
        assertThat(signed.at("/content/text").asText()).contains("Kingdee unreachable");
        JsonNode unsigned = json(AlertMessages.feishuText(EVENT, 0, SHANGHAI, null, null));
        assertThat(unsigned.has("timestamp")).isFalse();
        assertThat(unsigned.has("sign")).isFalse();
    }

    @Test
    void webhookSchema() throws Exception {
        AlertEvent e = AlertEvent.lettersExhausted("customer-sync", 4, List.of("WDT-1", "WDT-2"), AT);
        JsonNode w = json(AlertMessages.webhook(e, 2));
        assertThat(w.fieldNames()).toIterable().containsExactly("kind", "scheme", "severity", "title", "text", "counts",
                "samples", "at", "suppressed", "source");
        assertThat(w.get("kind").asText()).isEqualTo("LETTERS_EXHAUSTED");
        assertThat(w.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(w.at("/counts/exhausted").asLong()).isEqualTo(4);
        assertThat(w.get("samples")).hasSize(2);
        assertThat(w.get("at").asText()).isEqualTo("2026-11-30T06:00:00Z");
        assertThat(w.get("suppressed").asLong()).isEqualTo(2);
    }

    @Test
    void throttledCountIsMentioned() {
        assertThat(AlertMessages.plain(EVENT, 3, SHANGHAI)).contains("+3 more WINDOW_FAILED alert(s)");
        assertThat(AlertMessages.markdown(EVENT, 0, SHANGHAI)).doesNotContain("more WINDOW_FAILED");
    }

    @Test
    void deadLettersOfACycleAreOneMessageWithCountsTopReasonsAndSamples() {
        DeadLetterDigest digest = new DeadLetterDigest();
        for (int i = 0; i < 120; i++) {
            digest.add("字段[客户]是必录字段", "CK" + i);
        }
        for (int i = 0; i < 30; i++) {
            digest.add("no organisation rule for shop_no 0099", "CK9" + i);
        }
        digest.add("Kingdee MsgCode 9: 元数据中标识为 FX 的字段不存在", "CK77");
        digest.add("other 1", "A");
        digest.add("other 2", "B");
        AlertEvent e = digest.toEvent("customer-sync", AT);
        assertThat(e.kind()).isEqualTo(AlertKind.DEAD_LETTERS);
        assertThat(e.counts()).containsEntry("dead_letters", 153L).containsEntry("reasons", 5L);
        assertThat(e.text()).contains("120 × 字段[客户]是必录字段", "30 × no organisation rule for shop_no 0099")
                .doesNotContain("other 2");
        assertThat(e.samples()).hasSizeLessThanOrEqualTo(AlertEvent.MAX_SAMPLES).contains("CK0", "CK90")
                .doesNotContain("CK100");
        assertThat(new DeadLetterDigest().toEvent("s", AT)).isNull();
    }

    @Test
    void longTextsStayWithinTheWeComLimit() {
        AlertEvent e = new AlertEvent(AlertKind.HEALTH_DOWN, "s", null, null, "锁".repeat(3000), Map.of(), List.of(), AT);
        assertThat(AlertMessages.markdown(e, 0, SHANGHAI).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
    }
}
