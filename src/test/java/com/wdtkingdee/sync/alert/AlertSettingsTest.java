package com.wdtkingdee.sync.alert;

import com.wdtkingdee.sync.config.ConfigException;
import com.wdtkingdee.sync.config.ConfigSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertSettingsTest {

    static final String DING = "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef";
    static final String FEISHU = "https://open.feishu.cn/open-apis/bot/v2/hook/2f5e1c7a-1111-2222-3333-444455556666";
    static final String WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";

    @Test
    void theShippedFileHasEveryKeyEmptyAndTheDefaultInterval() throws Exception {
        Properties file = new Properties();
        try (var r = java.nio.file.Files.newBufferedReader(Path.of("application.properties"))) {
            file.load(r);
        }
        for (String k : new String[]{"alert.dingtalk.url", "alert.dingtalk.secret", "alert.wecom.url", "alert.feishu.url",
                "alert.feishu.secret", "alert.webhook.url"}) {
            assertThat(file).containsKey(k);
            assertThat(file.getProperty(k)).as(k).isEmpty();
        }
        assertThat(file.getProperty("alert.min-interval")).isEqualTo("PT10M");
        AlertSettings s = AlertSettings.from(new ConfigSource(Map.of(), Map.of(), Map.of()));
        assertThat(s.none()).isTrue();
        assertThat(s.minInterval()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void environmentVariablesSetTheKeys() {
        Map<String, String> env = Map.of("ALERT_DINGTALK_URL", DING, "ALERT_DINGTALK_SECRET", "SECabcdef",
                "ALERT_WECOM_URL", WECOM, "ALERT_FEISHU_URL", FEISHU, "ALERT_FEISHU_SECRET", "fsecret1",
                "ALERT_WEBHOOK_URL", "http://ops.example.com/hooks/sync", "ALERT_MIN_INTERVAL", "PT5M");
        AlertSettings s = AlertSettings.from(new ConfigSource(Map.of("alert.dingtalk.url", ""), env, Map.of()));
        assertThat(s.channels()).containsExactly(AlertChannel.DINGTALK, AlertChannel.WECOM, AlertChannel.FEISHU,
                AlertChannel.WEBHOOK);
        assertThat(s.dingtalkUrl()).isEqualTo(DING);
        assertThat(s.dingtalkSecret()).isEqualTo("SECabcdef");
        assertThat(s.feishuSecret()).isEqualTo("fsecret1");
        assertThat(s.minInterval()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void secretsIncludeTokensFromTheUrlsAndToStringHidesThem() {
        AlertSettings s = new AlertSettings(DING, "SECabcdef", WECOM, FEISHU, "fsecret1", null, null, null, null);
        assertThat(s.secrets()).contains("0123456789abcdef0123456789abcdef", "SECabcdef", "fsecret1",
                "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa", "2f5e1c7a-1111-2222-3333-444455556666");
        String shown = s.toString();
        assertThat(shown).contains("https://oapi.dingtalk.com/robot/send", "https://open.feishu.cn/open-apis/bot/v2/hook/****",
                "(signed)");
        s.secrets().forEach(secret -> assertThat(shown).doesNotContain(secret));
    }

    @Test
    void badValuesNameTheKeyNotTheValue() {
        assertThatThrownBy(() -> AlertSettings.from(new ConfigSource(Map.of("alert.wecom.url", "qyapi.weixin.qq.com/x?key=SECRETKEY"),
                Map.of(), Map.of()))).isInstanceOf(ConfigException.class)
                .hasMessage("alert.wecom.url: expected an http(s) URL");
        assertThatThrownBy(() -> AlertSettings.from(new ConfigSource(Map.of("alert.min-interval", "10 minutes"),
                Map.of(), Map.of()))).isInstanceOf(ConfigException.class).hasMessageStartingWith("alert.min-interval:");
    }

    @Test
    void safeUrlDropsQueryAndTokens() {
        assertThat(Redaction.safeUrl(DING)).isEqualTo("https://oapi.dingtalk.com/robot/send");
        assertThat(Redaction.safeUrl(FEISHU)).isEqualTo("https://open.feishu.cn/open-apis/bot/v2/hook/****");
        assertThat(Redaction.safeUrl("http://user:pw@127.0.0.1:8080/hooks/alert?t=1")).isEqualTo("http://127.0.0.1:8080/hooks/alert");
        assertThat(Redaction.mask("sign failed for SECabcdef\nline2", java.util.List.of("SECabcdef")))
                .isEqualTo("sign failed for **** line2");
    }
}
