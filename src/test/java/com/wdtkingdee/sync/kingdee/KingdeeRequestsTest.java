package com.wdtkingdee.sync.kingdee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KingdeeRequestsTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final KingdeeRequests requests = new KingdeeRequests(mapper);

    @Test
    void validateUser() {
        assertThat(requests.validateUser("65a1", "wdt_sync", "p\"w", 2052).toString())
                .isEqualTo("{\"parameters\":[\"65a1\",\"wdt_sync\",\"p\\\"w\",2052]}");
    }

    @Test
    void loginByAppSecret() {
        assertThat(requests.loginByAppSecret("65a1", "u", "1_x", "sec", 2052).toString())
                .isEqualTo("{\"parameters\":[\"65a1\",\"u\",\"1_x\",\"sec\",2052]}");
    }

    @Test
    void loginBySign() {
        assertThat(requests.loginBySign("65a1", "u", "1_x", 1718000000L, "abc", 2052).toString())
                .isEqualTo("{\"parameters\":[\"65a1\",\"u\",\"1_x\",1718000000,\"abc\",2052]}");
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void batchSaveSendsDataAsObjectOnceWithModelsInOrder(boolean auto) throws Exception {
        Map<String, Object> m0 = new LinkedHashMap<>();
        m0.put("FCUSTID", 0);
        m0.put("FCreateOrgId", Map.of("FNumber", "100"));
        m0.put("FNumber", "WDT-C0001");
        m0.put("FName", "张三");
        Map<String, Object> m1 = new LinkedHashMap<>();
        m1.put("FCUSTID", 0);
        m1.put("FNumber", "WDT-C0002");

        String json = requests.batchSave("BD_Customer", List.of(m0, m1), auto).toString();

        String expected = "{\"formid\":\"BD_Customer\",\"data\":{\"NeedUpDateFields\":[],"
                + "\"NeedReturnFields\":[\"FCUSTID\",\"FNumber\"],\"IsDeleteEntry\":\"true\",\"SubSystemId\":\"\","
                + "\"IsVerifyBaseDataField\":\"true\",\"IsEntryBatchFill\":\"true\",\"ValidateFlag\":\"true\","
                + "\"NumberSearch\":\"true\",\"IsAutoAdjustField\":\"true\",\"InterationFlags\":\"\","
                + "\"IgnoreInterationFlag\":\"true\",\"IsAutoSubmitAndAudit\":\"" + auto + "\","
                + "\"Model\":[{\"FCUSTID\":0,\"FCreateOrgId\":{\"FNumber\":\"100\"},\"FNumber\":\"WDT-C0001\","
                + "\"FName\":\"张三\"},{\"FCUSTID\":0,\"FNumber\":\"WDT-C0002\"}]}}";
        assertThat(json).isEqualTo(expected);
        JsonNode data = mapper.readTree(json).get("data");
        assertThat(data.isObject()).isTrue();
        assertThat(data.get("Model").isArray()).isTrue();
    }

    @Test
    void batchSaveRejectsEmptyModels() {
        assertThatThrownBy(() -> requests.batchSave("BD_Customer", List.of(), true).toString())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> requests.batchSave(" ", List.of(Map.of("a", 1)), true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void executeBillQuery() {
        assertThat(requests.executeBillQuery("BD_Customer", List.of("FCUSTID", "FNumber", "FUseOrgId.FNumber"),
                "FNumber IN ('A') AND FUseOrgId.FNumber='100'", 2000, 2000).toString())
                .isEqualTo("{\"data\":{\"FormId\":\"BD_Customer\",\"FieldKeys\":\"FCUSTID,FNumber,FUseOrgId.FNumber\","
                        + "\"FilterString\":\"FNumber IN ('A') AND FUseOrgId.FNumber='100'\",\"OrderString\":\"\","
                        + "\"TopRowCount\":0,\"StartRow\":2000,\"Limit\":2000,\"SubSystemId\":\"\"}}");
    }

    @Test
    void executeBillQueryNullFilterIsEmpty() throws Exception {
        JsonNode data = mapper.readTree(requests.executeBillQuery("BD_Customer", List.of("FCUSTID"), null, 0, 1).toString())
                .get("data");
        assertThat(data.get("FilterString").asText()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2000, 10000})
    void acceptsLimitsInRange(int limit) throws Exception {
        JsonNode data = mapper.readTree(requests.executeBillQuery("BD_Customer", List.of("FCUSTID"), "", 0, limit).toString())
                .get("data");
        assertThat(data.get("Limit").asInt()).isEqualTo(limit);
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 10001})
    void rejectsLimitsOutOfRange(int limit) {
        assertThatThrownBy(() -> requests.executeBillQuery("BD_Customer", List.of("FCUSTID"), "", 0, limit).toString())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }

    @Test
    void executeBillQueryRejectsEmptyKeysAndNegativeStart() {
        assertThatThrownBy(() -> requests.executeBillQuery("BD_Customer", List.of(), "", 0, 1).toString())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> requests.executeBillQuery("BD_Customer", List.of("F"), "", -1, 1).toString())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void allocate(boolean auto) {
        assertThat(requests.allocate("BD_Customer", List.of("1", "2"), List.of("100040"), auto).toString())
                .isEqualTo("{\"formid\":\"BD_Customer\",\"data\":{\"PkIds\":\"1,2\",\"TOrgIds\":\"100040\","
                        + "\"IsAutoSubmitAndAudit\":\"" + auto + "\"}}");
    }

    @Test
    void allocateRejectsEmptyIds() {
        assertThatThrownBy(() -> requests.allocate("BD_Customer", List.of(), List.of("1"), true).toString())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> requests.allocate("BD_Customer", List.of("1"), List.of(), true).toString())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
