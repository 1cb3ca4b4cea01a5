package com.wdtkingdee.sync.kingdee;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wdtkingdee.sync.kingdee.KingdeeErrorClassifier.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The classification table, row by row from {@code reference/kingdee-webapi.md} (section in the last column)
 * and issue 10. Empty MsgCode / HTTP status = absent.
 */
class KingdeeErrorClassifierTest {

    @ParameterizedTest(name = "[{index}] MsgCode={0} HTTP={1} ''{2}'' -> {3} ({4})")
    @CsvSource(delimiter = '|', nullValues = "", textBlock = """
            # session lost: by the code, whatever the text or language
            1  |     | 会话信息已丢失，请重新登录                                              | SESSION_LOST | §2a, §8.5 real
            1  | 200 | Session information has been lost, please login again                | SESSION_LOST | §7.4 not localised
            1  |     |                                                                       | SESSION_LOST | §4a table 上下文丢失
            # duplicate number
            11 |     | 违反字段唯一性要求：编码唯一。[test5]在当前系统中已经被使用。                | DUPLICATE    | §4a real RESP
            11 |     | 违反字段唯一性要求：编码唯一。[WDT-C0002]在当前系统中已经被使用。            | DUPLICATE    | §8.4
            11 |     | 编码为WDT-C0003的客户已存在                                              | DUPLICATE    | issue 10 已存在
            11 |     | 客户编码重复                                                            | DUPLICATE    | issue 10 重复
            13 |     | 违反字段唯一性要求：编码唯一。[WDT-C0004]在当前系统中已经被使用。            | DUPLICATE    | §4a mixed batch: row text wins
               | 200 | 违反字段唯一性要求：编码唯一。[A1]在当前系统中已经被使用。                   | DUPLICATE    | §4a no code
            # transient: codes 13 and 14
            13 |     |                                                                       | TRANSIENT    | §4a 网控冲突
            14 |     |                                                                       | TRANSIENT    | §4a 调用限制
            13 | 200 | 网控冲突                                                               | TRANSIENT    | §6
            # transient: lock / conflict / try-later texts
               |     | 业务操作-"[客户-修改]"冲突，请稍候再使用。                                 | TRANSIENT    | §4a edit lock, §7.14
            11 |     | 客户[WDT-C0005]已被锁定，请稍后重试                                       | TRANSIENT    | issue 10 chaos run
            11 |     | 数据被锁定                                                              | TRANSIENT    | issue 10 锁定
               |     | 系统繁忙                                                               | TRANSIENT    | issue 10 繁忙
               |     | 服务器处理超时                                                          | TRANSIENT    | issue 10 超时
               |     | 请稍后再试                                                             | TRANSIENT    | issue 10 稍后再试
            6  |     | 事务(进程 ID 58)与另一个进程被死锁在 锁 资源上，并且已被选作死锁牺牲品。请重新运行该事务。 | TRANSIENT    | MsgCode 6 + deadlock
            6  |     | Transaction (Process ID 58) was deadlocked on lock resources. Rerun the transaction. | TRANSIENT | MsgCode 6 + deadlock (en)
            6  |     | 请重新运行该事务                                                         | TRANSIENT    | issue 10
            # transient: HTTP
               | 500 | Internal Server Error                                                 | TRANSIENT    | §4d non-200
               | 502 | <html>502 Bad Gateway</html>                                          | TRANSIENT    | §4d
               | 503 |                                                                       | TRANSIENT    | §4d
               | 519 | {"errcode":5001,"description":"gateway"}                              | TRANSIENT    | §4d gateway 519
               | 429 |                                                                       | TRANSIENT    | call limit
               | 408 |                                                                       | TRANSIENT    | request timeout
            # permanent
               | 500 | Fail to verify thirty passport                                        | PERMANENT    | §2a wrong AcctID
               | 404 | Not Found                                                             | PERMANENT    | wrong kingdee.url
               | 401 |                                                                       | PERMANENT    | refused
            11 |     | 单据编号为"TK0001"的销售出库单，单据已经审核！                              | PERMANENT    | §4a already audited
            9  |     | 元数据中标识为 FNoSuchField 的字段不存在                                   | PERMANENT    | §4a unknown field
            9  |     | 元数据中标识为FTaxNo的字段不存在                                          | PERMANENT    | §8.6
            4  |     | 标识为"NO_SUCH_FORM"的业务对象不存在，或者被删除                            | PERMANENT    | §4a unknown FormId
            4  |     | GetRealExpress error...                                               | PERMANENT    | §4a bad filter
            8  |     | data 数据包中的参数 FieldKeys 的值不能为空                                 | PERMANENT    | §4a empty FieldKeys
               |     | 字段[客户]是必录字段                                                    | PERMANENT    | §4a required field
            11 |     | 客户分组 字段值 B99 不存在                                               | PERMANENT    | §4a base data not found [?]
            11 |     | 字段[客户名称]的长度超过了最大长度80                                       | PERMANENT    | over-long value
            6  |     | 违反了 PRIMARY KEY 约束                                                  | PERMANENT    | MsgCode 6 without deadlock
            2  |     | 没有权限                                                               | PERMANENT    | §4a 没有权限
            7  |     | 许可错误                                                               | PERMANENT    | §4a licence
            0  | 200 |                                                                       | PERMANENT    | nothing known
               |     |                                                                       | PERMANENT    | nothing known
            # user data quoted in the message does not decide
            11 |     | 字段[超时代科技有限公司]是必录字段                                           | PERMANENT    | quoted title with 超时
            11 |     | 客户"锁定重复贸易行"的税号不合法                                            | PERMANENT    | quoted title with 锁定/重复
            """)
    void table(Integer msgCode, Integer httpStatus, String message, Outcome expected, String source) {
        assertThat(KingdeeErrorClassifier.classify(msgCode, message, httpStatus)).as(source).isEqualTo(expected);
    }

    @Test
    void absentValuesMayAlsoBeNegative() {
        assertThat(KingdeeErrorClassifier.classify(-1, List.of("系统繁忙"), -1)).isEqualTo(Outcome.TRANSIENT);
        assertThat(KingdeeErrorClassifier.classify(13, (List<String>) null, null)).isEqualTo(Outcome.TRANSIENT);
    }

    @Test
    void oneTransientTextAmongSeveralMessagesOfARowDecides() {
        assertThat(KingdeeErrorClassifier.classify(11, List.of("字段[FName]校验未通过", "数据被锁定，请稍后重试"), 200))
                .isEqualTo(Outcome.TRANSIENT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"timeout", "socket-timeout", "http-timeout", "connect", "io", "broken-json", "wrapped-timeout",
            "kingdee-5xx", "kingdee-no-status-retryable"})
    void exceptionsWithoutAnAnswerAreTransient(String kind) {
        assertThat(KingdeeErrorClassifier.classify(failure(kind))).isEqualTo(Outcome.TRANSIENT);
    }

    @Test
    void otherExceptionsArePermanentOrFollowTheirAnswer() {
        assertThat(KingdeeErrorClassifier.classify(new IllegalStateException("bug"))).isEqualTo(Outcome.PERMANENT);
        assertThat(KingdeeErrorClassifier.classify(KingdeeApiException.business("BatchSave", 200, 1,
                List.of("会话信息已丢失，请重新登录")))).isEqualTo(Outcome.SESSION_LOST);
        assertThat(KingdeeErrorClassifier.classify(KingdeeApiException.business("BatchSave", 200, 11,
                List.of("违反字段唯一性要求：编码唯一。[X]在当前系统中已经被使用。")))).isEqualTo(Outcome.DUPLICATE);
        assertThat(KingdeeErrorClassifier.classify(new RuntimeException(KingdeeApiException.business("BatchSave", 200, 9,
                List.of("元数据中标识为 FX 的字段不存在"))))).isEqualTo(Outcome.PERMANENT);
        assertThat(KingdeeErrorClassifier.classify(new KingdeeApiException("bad config", -1, -1, false, List.of(), null)))
                .isEqualTo(Outcome.PERMANENT);
    }

    /** What the circuit breaker counts: calls that got no answer, never an answer in the server's words. */
    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            timeout                      | true
            socket-timeout               | true
            http-timeout                 | true
            connect                      | true
            io                           | true
            broken-json                  | true
            wrapped-timeout              | true
            kingdee-5xx                  | true
            kingdee-no-status-retryable  | true
            http-429                     | true
            http-404                     | false
            empty-body-200               | true
            response-error-200           | true
            login-network-failure        | true
            session-lost                 | false
            business-msgcode-9           | false
            busy-msgcode-14              | false
            login-refused                | false
            passport-refused-500         | false
            unexpected-json-shape        | false
            breaker-open                 | false
            bug                          | false
            """)
    void noAnswerIsWhatTheCircuitBreakerCounts(String kind, boolean counted) {
        assertThat(KingdeeErrorClassifier.noAnswer(failure(kind))).isEqualTo(counted);
    }

    private static Throwable failure(String kind) {
        switch (kind) {
            case "timeout":
                return new TimeoutException("no answer in 120 s");
            case "socket-timeout":
                return new SocketTimeoutException("Read timed out");
            case "http-timeout":
                return new HttpTimeoutException("request timed out");
            case "connect":
                return new ConnectException("Connection refused");
            case "io":
                return new IOException("Connection reset");
            case "broken-json":
                try {
                    new ObjectMapper().readTree("{\"Result\":{\"ResponseStatus\":");
                    throw new AssertionError("expected a parse failure");
                } catch (JsonProcessingException e) {
                    return e;
                }
            case "wrapped-timeout":
                return new RuntimeException("call failed", new SocketTimeoutException("Read timed out"));
            case "kingdee-5xx":
                return new KingdeeApiException("HTTP 503", 503, -1, true, List.of(), null);
            case "kingdee-no-status-retryable":
                return new KingdeeApiException("transport", -1, -1, false, List.of(),
                        new ConnectException("Connection refused"));
            case "http-429":
                return catchThrowable(() -> KingdeeResponses.checkRaw("BatchSave", 429, "Too Many Requests"));
            case "http-404":
                return catchThrowable(() -> KingdeeResponses.checkRaw("BatchSave", 404, "Not Found"));
            case "empty-body-200":
                return catchThrowable(() -> KingdeeResponses.checkRaw("BatchSave", 200, ""));
            case "response-error-200":
                return catchThrowable(() -> KingdeeResponses.checkRaw("BatchSave", 200, "response_error: boom"));
            case "login-network-failure":
                return new KingdeeApiException("Kingdee login (ValidateUser) at http://k/ failed", -1, -1, true,
                        List.of(), new ConnectException("Connection refused"));
            case "session-lost":
                return new KingdeeSessionLostException("BatchSave", 200, List.of("会话信息已丢失，请重新登录"));
            case "business-msgcode-9":
                return KingdeeApiException.business("ExecuteBillQuery", 200, 9, List.of("元数据中标识为 FX 的字段不存在"));
            case "busy-msgcode-14":
                return KingdeeApiException.business("BatchSave", 200, 14, List.of("调用限制"));
            case "login-refused":
                return new KingdeeLoginException("Kingdee login refused: LoginResultType=0", 200, 0);
            case "passport-refused-500":
                return new KingdeeLoginException("Fail to verify thirty passport", 500, -1);
            case "unexpected-json-shape":
                return new KingdeeApiException("unexpected JSON shape", 200, -1, false, List.of(), null);
            case "breaker-open":
                return new KingdeeUnavailableException("Kingdee unreachable: circuit breaker OPEN",
                        new ConnectException("Connection refused"));
            case "bug":
                return new IllegalStateException("bug");
            default:
                throw new IllegalArgumentException(kind);
        }
    }
}
