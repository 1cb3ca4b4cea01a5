package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** ExecuteBillQuery on the base-data forms a start-up check looks up: organisations, customer groups, currencies. */
class BaseDataQueryTest {

    KingdeeSimulator sim;
    final HttpClient http = TestHttp.cookieClient();

    @BeforeEach
    void start() throws Exception {
        // "DZ" and "300" have no configured internal id: they get generated ones above every configured id
        sim = new KingdeeSimulator(new KingdeeSimulator.Config("acct", "user", "pw",
                Set.of("100", "BZ", "DZ", "100040", "300"), Map.of("100", "1", "BZ", "100507", "100040", "100040"),
                Set.of("B11", "A01"), Set.of("PRE001", "PRE007", "USD2"), Duration.ofMinutes(20), Clock.systemUTC()));
        sim.start();
        TestHttp.postJson(http, sim.baseUrl() + KingdeeSimulatorTest.LOGIN,
                "{\"parameters\":[\"acct\",\"user\",\"pw\",2052]}");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    JsonNode query(String formId, String fieldKeys, String filter) throws Exception {
        ObjectNode root = TestHttp.JSON.createObjectNode();
        ObjectNode data = root.putObject("data");
        data.put("FormId", formId);
        data.put("FieldKeys", fieldKeys);
        data.put("FilterString", filter);
        data.put("OrderString", "");
        data.put("TopRowCount", 0);
        data.put("StartRow", 0);
        data.put("Limit", 2000);
        return TestHttp.json(TestHttp.postJson(http, sim.baseUrl() + KingdeeSimulatorTest.QUERY, root.toString()));
    }

    @Test
    void organisationsHaveTheConfiguredIdsOrGeneratedOnes() throws Exception {
        JsonNode all = query("ORG_Organizations", "FOrgID,FNumber,FName", "");

        assertThat(all).isEqualTo(TestHttp.json("[[1,\"100\",\"组织100\"],[100040,\"100040\",\"组织100040\"],"
                + "[100507,\"BZ\",\"组织BZ\"],[200001,\"300\",\"组织300\"],[200002,\"DZ\",\"组织DZ\"]]"));
    }

    @Test
    void customerGroupsAndCurrencies() throws Exception {
        assertThat(query("BD_CustomerGroup", "FID,FNumber,FName", ""))
                .isEqualTo(TestHttp.json("[[300001,\"A01\",\"客户分组A01\"],[300002,\"B11\",\"客户分组B11\"]]"));
        assertThat(query("BD_Currency", "FCURRENCYID,FNumber,FName", ""))
                .isEqualTo(TestHttp.json("[[1,\"PRE001\",\"人民币\"],[7,\"PRE007\",\"美元\"],"
                        + "[1001,\"USD2\",\"币别USD2\"]]"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ORG_Organizations | FNumber                | FNumber = 'BZ'                                   | [[\"BZ\"]]",
            "ORG_Organizations | FOrgID                 | FNumber IN ('BZ','DZ','XX')                      | [[100507],[200002]]",
            "ORG_Organizations | FNumber                | FOrgID = 100040                                  | [[\"100040\"]]",
            "ORG_Organizations | FNumber                | FOrgID IN (1, 100507)                            | [[\"100\"],[\"BZ\"]]",
            "ORG_Organizations | FNumber                | forgid = '1' and FNUMBER = '100'                 | [[\"100\"]]",
            "ORG_Organizations | FNumber                | FNumber = 'NOPE'                                 | []",
            "BD_CustomerGroup  | FNumber,FName          | FNumber = 'B11'                                  | [[\"B11\",\"客户分组B11\"]]",
            "BD_CustomerGroup  | FNumber                | FNumber IN ('B11','Z9')                          | [[\"B11\"]]",
            "bd_currency       | FCURRENCYID,FNumber    | FNumber IN ('PRE001') AND FForbidStatus = 'A'    | [[1,\"PRE001\"]]",
            "BD_Currency       | FNumber                | FDocumentStatus = 'C' AND FNumber = 'PRE007'     | [[\"PRE007\"]]",
            "BD_Currency       | FNumber                | FNumber LIKE 'PRE00%' AND FNumber > 'PRE006'     | [[\"PRE007\"]]"})
    void filtersWorkAsOnBdCustomer(String form, String keys, String filter, String expected) throws Exception {
        assertThat(query(form, keys, filter)).isEqualTo(TestHttp.json(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ORG_Organizations | FCUSTID          | ''                      | 9",
            "BD_Currency       | FNumber          | FNumber LIKE            | 4",
            "BD_CustomerGroup  | FNumber          | FOrgID = 1              | 9",
            "BD_Material       | FNumber          | ''                      | 4"})
    void errorsComeInTheWrapper(String form, String keys, String filter, int msgCode) throws Exception {
        JsonNode r = query(form, keys, filter);
        assertThat(r.at("/0/0/Result/ResponseStatus/MsgCode").asInt()).isEqualTo(msgCode);
        assertThat(r.at("/0/0/Result/ResponseStatus/IsSuccess").asBoolean()).isFalse();
    }

    @Test
    void baseDataNeedsASessionToo() throws Exception {
        JsonNode r = TestHttp.json(TestHttp.postJson(TestHttp.client(), sim.baseUrl() + KingdeeSimulatorTest.QUERY,
                "{\"data\":{\"FormId\":\"BD_Currency\",\"FieldKeys\":\"FNumber\"}}"));
        assertThat(r.at("/0/0/Result/ResponseStatus/MsgCode").asInt()).isEqualTo(1);
    }
}
