package com.wdtkingdee.sync.alert;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The vectors of {@code reference/chat-robots.md}. */
class AlertSignersTest {

    static final String SECRET = "SEC000example0secret";

    @Test
    void dingTalkVector() {
        assertThat(RobotSigner.dingTalk(SECRET, 1764460800000L)).isEqualTo("/j9JnGw47VSTK1AVSMQxXGWVbboEeuXOmRTrL9AtAp8=");
    }

    @Test
    void dingTalkQueryIsUrlEncoded() {
        assertThat(RobotSigner.dingTalkQuery(SECRET, 1764460800000L))
                .isEqualTo("timestamp=1764460800000&sign=%2Fj9JnGw47VSTK1AVSMQxXGWVbboEeuXOmRTrL9AtAp8%3D");
    }

    @Test
    void feishuVector() {
        assertThat(RobotSigner.feishu(SECRET, 1764460800L)).isEqualTo("VLmeo/9POp+TbbJiUVW+yL2bsk7dO+5PLcxkuZvxqnI=");
    }

    @Test
    void keyAndMessageRolesDiffer() {
        // same secret, same instant: DingTalk (ms, key=secret) and Feishu (s, key=timestamp\nsecret) never coincide
        assertThat(RobotSigner.feishu(SECRET, 1764460800L)).isNotEqualTo(RobotSigner.dingTalk(SECRET, 1764460800L));
    }
}
