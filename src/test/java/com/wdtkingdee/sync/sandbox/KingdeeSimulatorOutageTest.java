package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static com.wdtkingdee.sync.sandbox.KingdeeSimulatorTest.LOGIN;
import static com.wdtkingdee.sync.sandbox.KingdeeSimulatorTest.SAVE;
import static com.wdtkingdee.sync.sandbox.KingdeeSimulatorTest.batch;
import static com.wdtkingdee.sync.sandbox.KingdeeSimulatorTest.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The Kingdee simulator's test controls {@link KingdeeSimulator#outage} and {@link KingdeeSimulator#lockRows}. */
class KingdeeSimulatorOutageTest {

    KingdeeSimulator sim;
    HttpClient http;

    @BeforeEach
    void start() {
        sim = new KingdeeSimulator(new KingdeeSimulator.Config("65a1b2c3d4e5f6", "wdt_sync", "pw-123",
                Set.of("100", "BZ", "DZ", "100040"), Map.of("100", "1", "BZ", "100507", "DZ", "100508",
                "100040", "100040"), Set.of("B11"), Set.of("PRE001"), Duration.ofMinutes(20), Clock.systemUTC()));
        sim.start();
        http = TestHttp.cookieClient();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private void login() throws Exception {
        JsonNode r = TestHttp.json(TestHttp.postJson(http, sim.baseUrl() + LOGIN,
                "{\"parameters\":[\"65a1b2c3d4e5f6\",\"wdt_sync\",\"pw-123\",2052]}"));
        assertThat(r.get("LoginResultType").asInt()).isEqualTo(1);
    }

    private JsonNode save(String body) throws Exception {
        return TestHttp.json(TestHttp.postJson(http, sim.baseUrl() + SAVE, body)).get("Result");
    }

    @Test
    void anOutageRefusesConnectionsThenTheSameServerComesBackWithItsCustomersAndNoSessions() throws Exception {
        login();
        save(batch(customer("WDT-1", "甲", "BZ")));
        String url = sim.baseUrl();

        sim.outage(Duration.ofSeconds(2));

        assertThat(sim.down()).isTrue();
        assertThatThrownBy(() -> sim.outage(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class)
                .hasMessage("already down");
        assertThat(sim.baseUrl()).isEqualTo(url);
        assertThatThrownBy(() -> save(batch(customer("WDT-2", "乙", "BZ")))).isInstanceOf(IOException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> !sim.down());
        assertThat(sim.outages()).singleElement().satisfies(o ->
                assertThat(Duration.between(o.from(), o.until())).isGreaterThanOrEqualTo(Duration.ofSeconds(2)));
        assertThat(save(batch(customer("WDT-2", "乙", "BZ"))).at("/ResponseStatus/MsgCode").asInt())
                .as("sessions are lost").isEqualTo(1);
        login();
        assertThat(save(batch(customer("WDT-2", "乙", "BZ"))).at("/ResponseStatus/IsSuccess").asBoolean()).isTrue();
        assertThat(sim.customers()).extracting(KingdeeSimulator.SimCustomer::number).containsExactly("WDT-1", "WDT-2");
    }

    @Test
    void closingDuringAnOutageCancelsTheRestart() throws Exception {
        String url = sim.baseUrl();
        sim.outage(Duration.ofMillis(300));
        sim.close();
        Thread.sleep(1_000);
        assertThatThrownBy(() -> TestHttp.postJson(http, url + LOGIN, "{}")).isInstanceOf(IOException.class);
    }

    @Test
    void lockedRowsAnswerTheLockTextAndAreNotSavedWhileTheOtherRowsAre() throws Exception {
        login();
        sim.lockRows(1.0, 1L);
        JsonNode all = save(batch(customer("WDT-1", "甲", "BZ"), customer("WDT-2", "乙", "BZ")));
        assertThat(all.at("/ResponseStatus/IsSuccess").asBoolean()).isFalse();
        assertThat(all.at("/ResponseStatus/Errors/0/Message").asText()).isEqualTo("客户[WDT-1]已被锁定，请稍后重试");
        assertThat(all.at("/ResponseStatus/Errors/1/DIndex").asInt()).isEqualTo(1);
        assertThat(sim.customers()).isEmpty();
        assertThat(sim.lockedRows()).isEqualTo(2);

        sim.lockRows(0.5, 3L);
        JsonNode some = save(batch(customer("WDT-1", "甲", "BZ"), customer("WDT-2", "乙", "BZ"),
                customer("WDT-3", "丙", "BZ"), customer("WDT-4", "丁", "BZ"), customer("WDT-5", "戊", "BZ"),
                customer("WDT-6", "己", "BZ")));
        int locked = some.at("/ResponseStatus/Errors").size();
        assertThat(locked).isBetween(1, 5);
        assertThat(some.at("/ResponseStatus/SuccessEntitys").size()).isEqualTo(6 - locked);
        assertThat(sim.customers()).hasSize(6 - locked);
        assertThat(sim.lockedRows()).isEqualTo(2 + locked);

        sim.lockRows(0.0, 0L);
        assertThat(save(batch(customer("WDT-9", "庚", "BZ"))).at("/ResponseStatus/IsSuccess").asBoolean()).isTrue();
    }
}
