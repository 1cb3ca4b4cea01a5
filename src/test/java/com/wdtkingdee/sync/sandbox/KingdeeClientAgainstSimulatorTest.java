package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wdtkingdee.sync.kingdee.KingdeeAuthMode;
import com.wdtkingdee.sync.kingdee.KingdeeClient;
import com.wdtkingdee.sync.kingdee.KingdeeClientConfig;
import com.wdtkingdee.sync.kingdee.KingdeeLoginException;
import com.wdtkingdee.sync.kingdee.KingdeeUnknownOutcomeException;
import com.wdtkingdee.sync.kingdee.OperationResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The product's {@link KingdeeClient} in every authentication mode against the simulator that verifies it. */
class KingdeeClientAgainstSimulatorTest {

    static final String ACCT = "65a1b2c3d4e5f6";
    static final String USER = "wdt_sync";
    static final String PASSWORD = "pw-123";
    static final String APP_SECRET = "s3cret-of-the-app";
    static final String APP_ID = KingdeeSimulator.generateAppId(new Random(42));
    static final List<String> LOGINS = List.of("ValidateUser", "LoginByAppSecret", "LoginBySign");

    final TestHttp.MutableClock clock = new TestHttp.MutableClock(Instant.parse("2026-11-24T04:00:00Z"));
    KingdeeSimulator sim;

    @BeforeEach
    void start() {
        sim = new KingdeeSimulator(new KingdeeSimulator.Config(ACCT, USER, PASSWORD,
                Set.of("100", "BZ", "100040"), Map.of("100", "1", "BZ", "100507", "100040", "100040"),
                Set.of("B11"), Set.of("PRE001"), Duration.ofMinutes(20), clock));
        sim.enableAppAuth(APP_ID, APP_SECRET);
        sim.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    KingdeeClient client(KingdeeAuthMode mode, String acct, String password, String appSecret, Clock clientClock) {
        return new KingdeeClient(new KingdeeClientConfig(sim.baseUrl(), acct, USER, password, 2052,
                Duration.ofSeconds(5), Duration.ofSeconds(10), mode, mode.usesApp() ? APP_ID : null,
                mode.usesApp() ? appSecret : null, "100"), new ObjectMapper(), clientClock);
    }

    KingdeeClient client(KingdeeAuthMode mode) {
        return client(mode, ACCT, PASSWORD, APP_SECRET, clock);
    }

    static Map<String, Object> customer(String number, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FCUSTID", 0);
        m.put("FCreateOrgId", Map.of("FNumber", "100"));
        m.put("FNumber", number);
        m.put("FUseOrgId", Map.of("FNumber", "BZ"));
        m.put("FName", name);
        m.put("FINVOICETITLE", name);
        m.put("FGroup", Map.of("FNumber", "B11"));
        m.put("FTRADINGCURRID", Map.of("FNumber", "PRE001"));
        return m;
    }

    int loginCalls() {
        return LOGINS.stream().mapToInt(sim::calls).sum();
    }

    @ParameterizedTest
    @EnumSource(KingdeeAuthMode.class)
    void eachModeSavesQueriesAndAllocatesWithOnlyItsOwnLogin(KingdeeAuthMode mode) {
        KingdeeClient client = client(mode);

        OperationResult saved = client.batchSave("BD_Customer", List.of(customer("WDT-M1", "模式客户")), true);
        List<List<JsonNode>> rows = client.executeBillQuery("BD_Customer", List.of("FCUSTID", "FNumber"),
                "FNumber = 'WDT-M1'", 0, 10);
        OperationResult allocated = client.allocate("BD_Customer", List.of(rows.get(0).get(0).asText()),
                List.of("100040"), true);
        List<List<JsonNode>> currencies = client.executeBillQuery("BD_Currency", List.of("FCURRENCYID", "FNumber"),
                "FNumber IN ('PRE001')", 0, 10);

        assertThat(saved.success()).isTrue();
        assertThat(allocated.success()).isTrue();
        assertThat(currencies).singleElement().satisfies(r -> assertThat(r.get(0).asLong()).isEqualTo(1));
        assertThat(sim.customers()).singleElement().satisfies(c -> assertThat(c.allocatedOrgIds())
                .containsExactly("100040"));
        assertThat(client.hasSession()).isTrue();
        assertThat(client.lastLoginError()).isNull();
        String own = switch (mode) {
            case PASSWORD -> "ValidateUser";
            case APP_SECRET -> "LoginByAppSecret";
            case SIGN -> "LoginBySign";
            case SIGNED_HEADERS -> null;
        };
        assertThat(loginCalls()).isEqualTo(own == null ? 0 : 1);
        if (own != null) {
            assertThat(sim.calls(own)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(KingdeeAuthMode.class)
    void eachModeIsRejectedWithAWrongSecretAndNothingIsWritten(KingdeeAuthMode mode) {
        KingdeeClient client = client(mode, ACCT, "wrong-password", "wrong-secret", clock);

        KingdeeLoginException e = catchThrowableOfType(KingdeeLoginException.class,
                () -> client.batchSave("BD_Customer", List.of(customer("WDT-X1", "拒绝客户")), true));

        assertThat(e).isNotNull().isNotInstanceOf(KingdeeUnknownOutcomeException.class);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).doesNotContain("wrong-secret").doesNotContain("wrong-password");
        assertThat(client.lastLoginError()).isEqualTo(e.getMessage());
        assertThat(sim.customers()).isEmpty();
        // signed headers: sent, refused, re-sent once with fresh headers, refused again
        assertThat(sim.calls("BatchSave")).isEqualTo(mode == KingdeeAuthMode.SIGNED_HEADERS ? 2 : 0);
    }

    @Test
    void signModeUsesItsClockAndIsRefusedWhenItIsElevenMinutesOff() {
        Clock skewed = Clock.offset(clock, Duration.ofMinutes(11));
        KingdeeClient client = client(KingdeeAuthMode.SIGN, ACCT, PASSWORD, APP_SECRET, skewed);

        KingdeeLoginException e = catchThrowableOfType(KingdeeLoginException.class, client::login);

        assertThat(e.loginResultType()).isEqualTo(-1);
        assertThat(e.getMessage()).contains("LoginBySign").contains("时间戳");
        assertThat(client(KingdeeAuthMode.SIGN).login().success()).isTrue();
    }

    @Test
    void signedHeadersWithAnUnknownDataCenterFailOnceWithoutRetry() {
        KingdeeClient client = client(KingdeeAuthMode.SIGNED_HEADERS, "other-acct", null, APP_SECRET, clock);

        KingdeeLoginException e = catchThrowableOfType(KingdeeLoginException.class,
                () -> client.batchSave("BD_Customer", List.of(customer("WDT-X2", "错账套")), true));

        assertThat(e.getMessage()).contains(KingdeeSimulator.PASSPORT_FAILURE);
        assertThat(e.retryable()).isFalse();
        assertThat(sim.calls("BatchSave")).isEqualTo(1);
        assertThat(sim.customers()).isEmpty();
    }

    @Test
    void signedHeadersRenewAnExpiredSessionTransparently() {
        KingdeeClient client = client(KingdeeAuthMode.SIGNED_HEADERS);
        client.executeBillQuery("BD_Customer", List.of("FNumber"), "", 0, 1);
        assertThat(client.hasSession()).isTrue();

        clock.advance(Duration.ofMinutes(21));
        OperationResult r = client.batchSave("BD_Customer", List.of(customer("WDT-M2", "续期客户")), true);

        assertThat(r.success()).isTrue();
        assertThat(sim.calls("BatchSave")).isEqualTo(1);
        assertThat(loginCalls()).isZero();
    }

    @Test
    void sessionModesLogInAgainAfterTheSessionExpired() {
        KingdeeClient client = client(KingdeeAuthMode.SIGN);
        client.executeBillQuery("BD_Customer", List.of("FNumber"), "", 0, 1);

        clock.advance(Duration.ofMinutes(21));
        client.executeBillQuery("BD_Customer", List.of("FNumber"), "", 0, 1);

        assertThat(sim.calls("LoginBySign")).isEqualTo(2);
        assertThat(sim.calls("ExecuteBillQuery")).isEqualTo(3);
    }
}
