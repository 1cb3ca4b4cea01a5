package com.wdtkingdee.sync.kingdee;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KingdeeApiExceptionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "13|网控冲突|true",
        "14|调用限制|true",
        "1|会话信息已丢失，请重新登录|false",
        "4|GetRealExpress error|false",
        "9|字段不存在|false",
        "11|违反字段唯一性要求|false",
        "-1|业务操作-\"[客户-修改]\"冲突，请稍候再使用。|true",
        "11|冲突,请稍候再使用|true",
    })
    void transientClassification(int code, String message, boolean expected) {
        KingdeeApiException e = KingdeeApiException.business("x", 200, code, List.of(message));
        assertThat(e.retryable()).isEqualTo(expected);
        assertThat(e.msgCode()).isEqualTo(code);
        assertThat(e.sessionLost()).isEqualTo(code == 1);
        assertThat(e.getMessage()).contains(message);
    }

    @ParameterizedTest
    @CsvSource({"500,true", "502,true", "503,true", "408,true", "429,true", "400,false", "401,false", "404,false",
        "302,false"})
    void transientStatus(int status, boolean expected) {
        assertThat(KingdeeApiException.isTransientStatus(status)).isEqualTo(expected);
    }

    @Test
    void subclasses() {
        KingdeeUnknownOutcomeException u = new KingdeeUnknownOutcomeException("DynamicFormService.BatchSave", "t", -1,
                null);
        assertThat(u.retryable()).isTrue();
        assertThat(u.msgCode()).isEqualTo(-1);
        assertThat(u.service()).isEqualTo("DynamicFormService.BatchSave");
        KingdeeLoginException l = new KingdeeLoginException("m", 200, 0);
        assertThat(l.retryable()).isFalse();
        assertThat(l.loginResultType()).isZero();
    }
}
