package com.wdtkingdee.sync.flow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wdtkingdee.sync.wdt.CallRateLimiter;
import com.wdtkingdee.sync.wdt.QimenRequestBuilder;
import com.wdtkingdee.sync.wdt.WdtCredentials;
import com.wdtkingdee.sync.wdt.WdtProtocol;
import com.wdtkingdee.sync.wdt.WdtResponseParser;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourcePagerBanTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ban of 3 s|{\"response\":{\"flag\":\"failure\",\"code\":7,\"message\":\"App Call Limited\",\"sub_code\":\"accesscontrol.limited-by-app-access-count\",\"sub_message\":\"This ban will last for 3 more seconds\"}}|4000",
            "ban of 1000 s is capped|{\"response\":{\"flag\":\"failure\",\"code\":7,\"message\":\"App Call Limited\",\"sub_message\":\"This ban will last for 1000 more seconds\"}}|300000",
            "busy without ban|{\"response\":{\"errorcode\":1012,\"message\":\"busy\"}}|-1"})
    void aBanIsWaitedOutBeforeTheRetry(String name, String body, long expectedWait) {
        List<Long> waits = new ArrayList<>();
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        SourcePager pager = new SourcePager(
                WdtProtocol.qimen(new QimenRequestBuilder(new WdtCredentials("k", "s", "t", "sid"), zone, Clock.systemUTC()),
                        new WdtResponseParser(new ObjectMapper())), CallRateLimiter.perMinute(60), zone, 40, 100, Map.of())
                .sleeper(waits::add);
        Exchange ex = new DefaultExchange(new DefaultCamelContext());
        ex.setProperty(WindowState.PROPERTY, new WindowState(1, new Window(Instant.EPOCH, Instant.EPOCH.plusSeconds(60))));
        ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        ex.getMessage().setBody(body);

        assertThatThrownBy(() -> pager.page(ex)).isInstanceOf(SourcePager.SourceRetry.class);
        if (expectedWait < 0) {
            assertThat(waits).isEmpty();
        } else {
            assertThat(waits).containsExactly(expectedWait);
        }
    }
}
