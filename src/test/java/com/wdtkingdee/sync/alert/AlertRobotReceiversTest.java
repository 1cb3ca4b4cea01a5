package com.wdtkingdee.sync.alert;

import com.wdtkingdee.sync.sandbox.RobotReceivers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox receivers check signatures as the robots do, with the reference's vectors. */
class AlertRobotReceiversTest {

    static final String SECRET = "SEC000example0secret";
    /** The reference vectors' instant: 1764460800 s. */
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1764460800L).plusSeconds(30), ZoneOffset.UTC);
    private final RobotReceivers robots = new RobotReceivers(CLOCK, "dtoken0000000000", SECRET, "wecomkey0000",
            "ftoken0000000000", SECRET);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        robots.close();
    }

    private String post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void dingTalkAcceptsTheVectorAndRefusesAWrongSignOrAnOldTimestamp() throws Exception {
        String msg = "{\"msgtype\":\"text\",\"text\":{\"content\":\"hello\"}}";
        assertThat(post(robots.dingTalkUrl() + "&timestamp=1764460800000&sign=%2Fj9JnGw47VSTK1AVSMQxXGWVbboEeuXOmRTrL9AtAp8%3D", msg))
                .isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
        assertThat(post(robots.dingTalkUrl() + "&timestamp=1764460800001&sign=%2Fj9JnGw47VSTK1AVSMQxXGWVbboEeuXOmRTrL9AtAp8%3D", msg))
                .contains("\"errcode\":310000");
        String old = RobotSigner.dingTalkQuery(SECRET, 1764460800000L - 3_700_000L);
        assertThat(post(robots.dingTalkUrl() + "&" + old, msg)).contains("\"errcode\":310000");
        assertThat(post(robots.dingTalkUrl() + "&" + RobotSigner.dingTalkQuery(SECRET, CLOCK.millis()), msg))
                .contains("\"errcode\":0");
        assertThat(robots.received(RobotReceivers.DINGTALK)).extracting(RobotReceivers.Received::accepted)
                .containsExactly(true, false, false, true);
    }

    @Test
    void feishuAcceptsTheVectorAndRefusesAWrongSign() throws Exception {
        String ok = "{\"timestamp\":\"1764460800\",\"sign\":\"VLmeo/9POp+TbbJiUVW+yL2bsk7dO+5PLcxkuZvxqnI=\","
                + "\"msg_type\":\"text\",\"content\":{\"text\":\"hello\"}}";
        assertThat(post(robots.feishuUrl(), ok)).contains("\"code\":0");
        assertThat(post(robots.feishuUrl(), ok.replace("1764460800", "1764460801"))).contains("\"code\":19021");
        assertThat(post(robots.feishuUrl(), "{\"msg_type\":\"text\",\"content\":{\"text\":\"unsigned\"}}"))
                .contains("\"code\":19021");
    }

    @Test
    void weComChecksItsKeyAndPrintShowsWhatCameIn() throws Exception {
        String msg = "{\"msgtype\":\"markdown\",\"markdown\":{\"content\":\"### 同步窗口失败\"}}";
        assertThat(post(robots.weComUrl(), msg)).isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
        assertThat(post(robots.weComUrl().replace("wecomkey0000", "otherkey0000"), msg)).contains("93000");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        robots.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("2 message(s)", "[wecom] accepted", "[wecom] REFUSED",
                "### 同步窗口失败");
    }
}
