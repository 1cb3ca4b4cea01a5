package com.wdtkingdee.sync.kingdee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KingdeeResponsesTest {

    static final String LOGIN_OK = "{\"Message\":null,\"MessageCode\":\"CheckPasswordPolicy\",\"LoginResultType\":1,"
            + "\"Context\":{\"DBid\":\"65a1\",\"SessionId\":\"n3xfizba4et0o2uutwdftvzg\",\"UserId\":178301},"
            + "\"KDSVCSessionId\":\"2c6dfa6c-039b-4b65-b52f-898d3c7c522a\",\"IsSuccessByAPI\":true}";

    static final String FULL_SUCCESS = "{\"Result\":{\"ResponseStatus\":{\"IsSuccess\":true,\"Errors\":[],"
            + "\"SuccessEntitys\":[{\"Id\":100231,\"Number\":\"WDT-C0001\",\"DIndex\":0},"
            + "{\"Id\":100232,\"Number\":\"WDT-C0002\",\"DIndex\":1}],\"SuccessMessages\":[],\"MsgCode\":0},"
            + "\"NeedReturnData\":[{\"FCUSTID\":100231,\"FNumber\":\"WDT-C0001\"}]}}";

    static final String PARTIAL = "{\"Result\":{\"ResponseStatus\":{\"ErrorCode\":500,\"IsSuccess\":false,"
            + "\"Errors\":[{\"FieldName\":\"FNumber\",\"Message\":\"违反字段唯一性要求：编码唯一。[WDT-C0002]在当前系统中已经被使用。\","
            + "\"DIndex\":1},{\"FieldName\":\"FName\",\"Message\":\"字段[客户名称]是必录字段\",\"DIndex\":2},"
            + "{\"FieldName\":\"FTRADINGCURRID\",\"Message\":\"字段[结算币别]是必录字段\",\"DIndex\":2}],"
            + "\"SuccessEntitys\":[{\"Id\":100231,\"Number\":\"WDT-C0001\",\"DIndex\":0}],"
            + "\"SuccessMessages\":[],\"MsgCode\":11},\"NeedReturnData\":[{}]}}";

    static final String SESSION_LOST = "{\"Result\":{\"ResponseStatus\":{\"ErrorCode\":500,\"IsSuccess\":false,"
            + "\"Errors\":[{\"FieldName\":null,\"Message\":\"会话信息已丢失，请重新登录\",\"DIndex\":0}],"
            + "\"SuccessEntitys\":[],\"SuccessMessages\":[],\"MsgCode\":1}}}";

    static final String QUERY_ERROR = "[[{\"Result\":{\"ResponseStatus\":{\"ErrorCode\":500,\"IsSuccess\":false,"
            + "\"Errors\":[{\"FieldName\":null,\"Message\":\"元数据中标识为FTaxNo的字段不存在\",\"DIndex\":0}],"
            + "\"SuccessEntitys\":[],\"SuccessMessages\":[],\"MsgCode\":9}}}]]";

    private final ObjectMapper mapper = new ObjectMapper();
    private final KingdeeResponses responses = new KingdeeResponses(mapper);

    // ---- login

    @Test
    void loginSuccess() {
        LoginResult r = responses.parseLogin(200, LOGIN_OK);
        assertThat(r.success()).isTrue();
        assertThat(r.resultType()).isEqualTo(1);
        assertThat(r.message()).isNull();
        assertThat(r.kdsvcSessionId()).isEqualTo("2c6dfa6c-039b-4b65-b52f-898d3c7c522a");
        assertThat(r.toString()).doesNotContain("2c6dfa6c-039b-4b65-b52f-898d3c7c522a");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"LoginResultType\":0,\"Message\":\"用户名或密码错误\"}|0|false|用户名或密码错误",
        "{\"LoginResultType\":-1,\"Message\":\"登录失败\"}|-1|false|登录失败",
        "{\"LoginResultType\":-5,\"Message\":\"需要处理表单\"}|-5|false|需要处理表单",
        "{\"LoginResultType\":\"1\",\"Message\":\"\"}|1|true|''",
        "{\"LoginResultType\":\"0\"}|0|false|",
    })
    void loginResultTypes(String body, int type, boolean success, String message) {
        LoginResult r = responses.parseLogin(200, body);
        assertThat(r.resultType()).isEqualTo(type);
        assertThat(r.success()).isEqualTo(success);
        assertThat(r.message()).isEqualTo(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "200|<html><body>IIS error</body></html>|true",
        "200|response_error:{\"Message\":\"boom\"}|true",
        "200|''|true",
        "502|Bad Gateway|true",
        "500|{\"LoginResultType\":1}|true",
        "404|Not Found|false",
        "200|{\"foo\":1}|false",
        "200|[1,2]|false",
    })
    void loginTransportFailures(int status, String body, boolean retryable) {
        KingdeeApiException e = catchThrowableOfType(KingdeeApiException.class,
                () -> responses.parseLogin(status, body));
        assertThat(e).isNotNull();
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.msgCode()).isEqualTo(-1);
    }

    // ---- operations

    @Test
    void fullSuccess() {
        OperationResult r = responses.parseOperation(200, FULL_SUCCESS);
        assertThat(r.success()).isTrue();
        assertThat(r.msgCode()).isZero();
        assertThat(r.errorCode()).isNull();
        assertThat(r.errors()).isEmpty();
        assertThat(r.saved()).containsExactly(new SavedRow(0, "100231", "WDT-C0001"),
                new SavedRow(1, "100232", "WDT-C0002"));
        assertThat(r.savedAt(1)).contains(new SavedRow(1, "100232", "WDT-C0002"));
        assertThat(r.sessionLost()).isFalse();
    }

    @Test
    void partialSuccessPerDIndex() {
        OperationResult r = responses.parseOperation(200, PARTIAL);
        assertThat(r.success()).isFalse();
        assertThat(r.msgCode()).isEqualTo(11);
        assertThat(r.errorCode()).isEqualTo(500);
        assertThat(r.savedAt(0)).contains(new SavedRow(0, "100231", "WDT-C0001"));
        assertThat(r.savedAt(1)).isEmpty();
        assertThat(r.errorsByIndex()).containsOnlyKeys(1, 2);
        assertThat(r.errorsByIndex().get(1)).singleElement().satisfies(e -> {
            assertThat(e.fieldName()).isEqualTo("FNumber");
            assertThat(e.duplicateNumber()).isTrue();
        });
        assertThat(r.errorsByIndex().get(2)).extracting(RowError::fieldName)
                .containsExactly("FName", "FTRADINGCURRID");
        assertThat(r.errorsByIndex().get(2)).noneMatch(RowError::duplicateNumber);
        assertThat(r.retryable()).isFalse();
        assertThat(r.sessionLost()).isFalse();
    }

    @Test
    void sessionLostByCode() {
        OperationResult r = responses.parseOperation(200, SESSION_LOST);
        assertThat(r.sessionLost()).isTrue();
        assertThat(r.success()).isFalse();
        assertThat(r.messages()).containsExactly("会话信息已丢失，请重新登录");
    }

    @Test
    void lenientTemplateTypes() {
        String body = "{\"Result\":{\"ResponseStatus\":{\"ErrorCode\":\"\",\"IsSuccess\":\"true\","
                + "\"Errors\":[],\"SuccessEntitys\":[{\"Id\":\"100074\",\"Number\":\"FKSQ000016\",\"DIndex\":\"0\"}],"
                + "\"SuccessMessages\":[],\"MsgCode\":\"\"},\"Id\":\"\",\"Number\":\"\",\"NeedReturnData\":[{}]}}";
        OperationResult r = responses.parseOperation(200, body);
        assertThat(r.success()).isTrue();
        assertThat(r.msgCode()).isZero();
        assertThat(r.errorCode()).isNull();
        assertThat(r.saved()).containsExactly(new SavedRow(0, "100074", "FKSQ000016"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "true|true",
        "false|false",
        "'\"true\"'|true",
        "'\"False\"'|false",
        "'\"TRUE\"'|true",
    })
    void isSuccessBoolOrString(String raw, boolean expected) {
        String body = "{\"Result\":{\"ResponseStatus\":{\"IsSuccess\":" + raw + ",\"MsgCode\":\"0\"}}}";
        assertThat(responses.parseOperation(200, body).success()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "13|网控冲突|true",
        "14|调用限制|true",
        "11|违反字段唯一性要求|false",
        "2|没有权限|false",
        "0|业务操作-\"[客户-修改]\"冲突，请稍候再使用。|true",
    })
    void operationRetryable(int code, String message, boolean retryable) {
        String body = "{\"Result\":{\"ResponseStatus\":{\"ErrorCode\":500,\"IsSuccess\":false,\"Errors\":[{\"FieldName\":null,"
                + "\"Message\":" + quote(message) + ",\"DIndex\":0}],\"MsgCode\":" + code + "}}}";
        assertThat(responses.parseOperation(200, body).retryable()).isEqualTo(retryable);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "200|<!DOCTYPE html><html>Runtime Error</html>|true",
        "200|response_error:{\"Message\":\"x\",\"InnerExWrapper\":null}|true",
        "503|Service Unavailable|true",
        "429|slow down|true",
        "403|Forbidden|false",
        "200|{\"Result\":{}}|false",
        "200|[[1,2]]|false",
    })
    void operationFailures(int status, String body, boolean retryable) {
        KingdeeApiException e = catchThrowableOfType(KingdeeApiException.class,
                () -> responses.parseOperation(status, body));
        assertThat(e).isNotNull();
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.sessionLost()).isFalse();
    }

    @Test
    void operationDoubleEncodedIsAccepted() throws Exception {
        String body = mapper.writeValueAsString(FULL_SUCCESS);
        assertThat(responses.parseOperation(200, body).saved()).hasSize(2);
    }

    // ---- bill query

    @Test
    void billQueryRows() {
        List<List<JsonNode>> rows = responses.parseBillQuery(200,
                "[[100231,\"WDT-C0001\",\"张三\",\"\",\"100\"],[100232,\"WDT-C0002\",null,\"9144\",\"100\"]]");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get(0).asLong()).isEqualTo(100231L);
        assertThat(rows.get(0).get(2).asText()).isEqualTo("张三");
        assertThat(rows.get(1).get(2).isNull()).isTrue();
        assertThat(rows.get(1)).hasSize(5);
    }

    @Test
    void billQuerySingleCell() {
        List<List<JsonNode>> rows = responses.parseBillQuery(200, "[[100231]]");
        assertThat(rows).singleElement().satisfies(r -> assertThat(r.get(0).asInt()).isEqualTo(100231));
    }

    @Test
    void billQueryEmpty() {
        assertThat(responses.parseBillQuery(200, "[]")).isEmpty();
    }

    @Test
    void billQueryErrorWrapperThrowsWithCodeAndMessages() {
        KingdeeApiException e = catchThrowableOfType(KingdeeApiException.class,
                () -> responses.parseBillQuery(200, QUERY_ERROR));
        assertThat(e.msgCode()).isEqualTo(9);
        assertThat(e.messages()).containsExactly("元数据中标识为FTaxNo的字段不存在");
        assertThat(e.getMessage()).contains("MsgCode=9").contains("FTaxNo");
        assertThat(e.retryable()).isFalse();
        assertThat(e.sessionLost()).isFalse();
    }

    @Test
    void billQuerySessionLostWrapper() {
        KingdeeApiException e = catchThrowableOfType(KingdeeApiException.class,
                () -> responses.parseBillQuery(200, "[[" + SESSION_LOST + "]]"));
        assertThat(e.sessionLost()).isTrue();
        assertThat(e.msgCode()).isEqualTo(1);
    }

    @Test
    void billQueryNetworkControlIsRetryable() {
        String body = QUERY_ERROR.replace("\"MsgCode\":9", "\"MsgCode\":13");
        assertThat(catchThrowableOfType(KingdeeApiException.class, () -> responses.parseBillQuery(200, body))
                .retryable()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "200|{\"a\":1}|false",
        "200|[1,2]|false",
        "200|<html/>|true",
        "500|[]|true",
    })
    void billQueryFailures(int status, String body, boolean retryable) {
        assertThatThrownBy(() -> responses.parseBillQuery(status, body))
                .isInstanceOfSatisfying(KingdeeApiException.class, e -> assertThat(e.retryable()).isEqualTo(retryable));
    }

    private String quote(String s) {
        try {
            return mapper.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
