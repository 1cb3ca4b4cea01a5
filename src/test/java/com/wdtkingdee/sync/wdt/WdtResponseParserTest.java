package com.wdtkingdee.sync.wdt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wdtkingdee.sync.customer.StockoutOrder;
import com.wdtkingdee.sync.wdt.WdtApiException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class WdtResponseParserTest {

    enum Route { QIMEN, OPENAPI2 }

    private final WdtResponseParser parser = new WdtResponseParser(new ObjectMapper());

    private WdtPage parse(Route route, int status, String body) {
        return route == Route.QIMEN ? parser.parseQimen(status, body) : parser.parseOpenapi2(status, body);
    }

    static final String ORDER = "{\"stockout_id\":1284431,\"order_no\":\"CK2405200131\",\"shop_no\":\"002\","
            + "\"invoice_title\":\"某某科技有限公司\",\"invoice_content\":\"91330100MA2XXXXX0X\","
            + "\"consign_time\":\"2024-05-20 09:41:07\",\"modified\":\"2024-05-20 09:41:08\",\"status\":95}";

    static final String HTML_502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    // ---------------------------------------------------------------- success envelopes

    static Stream<Arguments> pages() {
        return Stream.of(
                arguments("qimen, numeric errorcode", Route.QIMEN,
                        "{\"response\":{\"errorcode\":0,\"message\":\"\",\"total_count\":2,\"stockout_list\":[" + ORDER + "," + ORDER + "]}}",
                        2L, 2),
                arguments("qimen, string errorcode", Route.QIMEN,
                        "{\"response\":{\"errorcode\":\"0\",\"message\":\"\",\"total_count\":1,\"stockout_list\":[" + ORDER + "]}}",
                        1L, 1),
                arguments("qimen, flag success", Route.QIMEN,
                        "{\"response\":{\"flag\":\"success\",\"errorcode\":0,\"total_count\":1,\"stockout_list\":[" + ORDER + "]}}",
                        1L, 1),
                arguments("qimen, empty list", Route.QIMEN,
                        "{\"response\":{\"errorcode\":0,\"message\":\"\",\"total_count\":0,\"stockout_list\":[]}}", 0L, 0),
                arguments("qimen, stockout_list missing", Route.QIMEN,
                        "{\"response\":{\"errorcode\":0,\"message\":\"\",\"total_count\":0}}", 0L, 0),
                arguments("qimen, stockout_list null", Route.QIMEN,
                        "{\"response\":{\"errorcode\":0,\"total_count\":0,\"stockout_list\":null}}", 0L, 0),
                arguments("qimen, total_count as string", Route.QIMEN,
                        "{\"response\":{\"errorcode\":0,\"total_count\":\"137\",\"stockout_list\":[" + ORDER + "]}}", 137L, 1),
                arguments("qimen, total_count missing (page > 0)", Route.QIMEN,
                        "{\"response\":{\"errorcode\":0,\"stockout_list\":[" + ORDER + "]}}", null, 1),
                arguments("qimen, total_count null", Route.QIMEN,
                        "{\"response\":{\"errorcode\":0,\"total_count\":null,\"stockout_list\":[]}}", null, 0),
                arguments("qimen, total_count blank string", Route.QIMEN,
                        "{\"response\":{\"errorcode\":0,\"total_count\":\"\",\"stockout_list\":[]}}", null, 0),
                arguments("qimen, unknown fields ignored", Route.QIMEN,
                        "{\"response\":{\"errorcode\":0,\"request_id\":\"x\",\"extra\":{\"a\":[1]},\"total_count\":1,"
                                + "\"stockout_list\":[" + ORDER + "]},\"other\":true}", 1L, 1),
                arguments("openapi2, success", Route.OPENAPI2,
                        "{\"code\":0,\"message\":\"\",\"total_count\":2,\"stockout_list\":[" + ORDER + "," + ORDER + "]}", 2L, 2),
                arguments("openapi2, string code", Route.OPENAPI2,
                        "{\"code\":\"0\",\"total_count\":\"1\",\"stockout_list\":[" + ORDER + "]}", 1L, 1),
                arguments("openapi2, empty page", Route.OPENAPI2,
                        "{ \"code\": 0, \"message\": \"\", \"total_count\": 0, \"stockout_list\": [] }", 0L, 0),
                arguments("openapi2, list missing", Route.OPENAPI2, "{\"code\":0,\"total_count\":0}", 0L, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void parsesPages(String name, Route route, String body, Long total, int count) {
        WdtPage page = parse(route, 200, body);
        assertThat(page.totalCount()).isEqualTo(total);
        assertThat(page.orders()).hasSize(count);
        if (count > 0) {
            assertThat(page.orders().get(0)).isEqualTo(new StockoutOrder("1284431", "CK2405200131", "002",
                    "某某科技有限公司", "91330100MA2XXXXX0X", "2024-05-20 09:41:07", "2024-05-20 09:41:08", 95));
        }
    }

    // ---------------------------------------------------------------- failures

    static Stream<Arguments> failures() {
        return Stream.of(
                // HTTP
                arguments("HTTP 502 html", Route.QIMEN, 502, HTML_502, Kind.HTTP, "502", null, true, null),
                arguments("HTTP 503 empty", Route.OPENAPI2, 503, "", Kind.HTTP, "503", null, true, null),
                arguments("HTTP 429", Route.QIMEN, 429, "too many", Kind.HTTP, "429", null, true, null),
                arguments("HTTP 408", Route.QIMEN, 408, null, Kind.HTTP, "408", null, true, null),
                arguments("HTTP 404", Route.QIMEN, 404, "not found", Kind.HTTP, "404", null, false, null),
                arguments("HTTP 403 with json", Route.OPENAPI2, 403, "{\"code\":0,\"stockout_list\":[]}", Kind.HTTP, "403", null, false, null),
                arguments("HTTP 301", Route.QIMEN, 301, "", Kind.HTTP, "301", null, false, null),
                // MALFORMED
                arguments("html 502 page with status 200", Route.QIMEN, 200, HTML_502, Kind.MALFORMED, null, null, true, null),
                arguments("truncated qimen body", Route.QIMEN, 200,
                        "{\"response\":{\"errorcode\":0,\"total_count\":1,\"stockout_list\":[{\"stockout_id\":12844",
                        Kind.MALFORMED, null, null, true, null),
                arguments("truncated openapi2 body", Route.OPENAPI2, 200, "{\"code\":0,\"total_count\":2,\"stockout_li",
                        Kind.MALFORMED, null, null, true, null),
                arguments("empty body", Route.QIMEN, 200, "", Kind.MALFORMED, null, null, true, null),
                arguments("blank body", Route.OPENAPI2, 200, " \n ", Kind.MALFORMED, null, null, true, null),
                arguments("null body", Route.QIMEN, 200, null, Kind.MALFORMED, null, null, true, null),
                arguments("json null", Route.QIMEN, 200, "null", Kind.MALFORMED, null, null, true, null),
                arguments("json array", Route.OPENAPI2, 200, "[]", Kind.MALFORMED, null, null, true, null),
                arguments("trailing garbage", Route.OPENAPI2, 200, "{\"code\":0} <html>", Kind.MALFORMED, null, null, true, null),
                arguments("qimen without envelope", Route.QIMEN, 200, "{\"total_count\":0,\"stockout_list\":[]}",
                        Kind.MALFORMED, null, null, true, null),
                arguments("qimen openapi2-shaped body", Route.QIMEN, 200, "{\"code\":0,\"stockout_list\":[]}",
                        Kind.MALFORMED, null, null, true, null),
                arguments("qimen response without errorcode", Route.QIMEN, 200,
                        "{\"response\":{\"total_count\":0,\"stockout_list\":[]}}", Kind.MALFORMED, null, null, true, null),
                arguments("qimen response is a string", Route.QIMEN, 200, "{\"response\":\"ok\"}",
                        Kind.MALFORMED, null, null, true, null),
                arguments("openapi2 without code", Route.OPENAPI2, 200, "{\"total_count\":0,\"stockout_list\":[]}",
                        Kind.MALFORMED, null, null, true, null),
                arguments("openapi2 qimen-shaped body", Route.OPENAPI2, 200,
                        "{\"response\":{\"errorcode\":0,\"stockout_list\":[]}}", Kind.MALFORMED, null, null, true, null),
                arguments("stockout_list is an object", Route.QIMEN, 200,
                        "{\"response\":{\"errorcode\":0,\"stockout_list\":{\"stockout_id\":1}}}", Kind.MALFORMED, null, null, true, null),
                arguments("stockout_list holds a string", Route.OPENAPI2, 200,
                        "{\"code\":0,\"stockout_list\":[\"x\"]}", Kind.MALFORMED, null, null, true, null),
                arguments("total_count not a number", Route.OPENAPI2, 200,
                        "{\"code\":0,\"total_count\":\"many\",\"stockout_list\":[]}", Kind.MALFORMED, null, null, true, null),
                arguments("total_count fractional", Route.OPENAPI2, 200,
                        "{\"code\":0,\"total_count\":1.5,\"stockout_list\":[]}", Kind.MALFORMED, null, null, true, null),
                arguments("stockout_id is an object", Route.OPENAPI2, 200,
                        "{\"code\":0,\"stockout_list\":[{\"stockout_id\":{\"v\":1}}]}", Kind.MALFORMED, null, null, true, null),
                // GATEWAY
                arguments("qimen invalid signature", Route.QIMEN, 200,
                        "{\"response\":{\"flag\":\"failure\",\"code\":25,\"message\":\"Invalid signature\",\"request_id\":\"16kp0025x5z0p\"}}",
                        Kind.GATEWAY, "25", null, false, null),
                arguments("qimen app call limited", Route.QIMEN, 200,
                        "{\"response\":{\"flag\":\"failure\",\"code\":\"7\",\"message\":\"App Call Limited\","
                                + "\"sub_code\":\"accesscontrol.limited-by-app-access-count\","
                                + "\"sub_message\":\"This ban will last for 12 more seconds\"}}",
                        Kind.GATEWAY, "7", "accesscontrol.limited-by-app-access-count", true, 12L),
                arguments("qimen ban text in message", Route.QIMEN, 200,
                        "{\"response\":{\"flag\":\"failure\",\"code\":7,\"message\":\"App Call Limited, This ban will last for 3 more seconds\"}}",
                        Kind.GATEWAY, "7", null, true, 3L),
                arguments("qimen remote service error", Route.QIMEN, 200,
                        "{\"response\":{\"flag\":\"failure\",\"code\":15,\"message\":\"Remote service error\",\"sub_code\":\"isv.x\",\"sub_message\":\"erp said no\"}}",
                        Kind.GATEWAY, "15", "isv.x", true, null),
                arguments("qimen invalid timestamp", Route.QIMEN, 200,
                        "{\"response\":{\"flag\":\"failure\",\"code\":31,\"message\":\"Invalid Timestamp\"}}",
                        Kind.GATEWAY, "31", null, false, null),
                arguments("qimen invalid app key", Route.QIMEN, 200,
                        "{\"response\":{\"flag\":\"failure\",\"code\":29,\"message\":\"Invalid App Key\"}}",
                        Kind.GATEWAY, "29", null, false, null),
                arguments("qimen missing arguments", Route.QIMEN, 200,
                        "{\"response\":{\"flag\":\"failure\",\"code\":40,\"message\":\"Missing Required Arguments\"}}",
                        Kind.GATEWAY, "40", null, false, null),
                arguments("qimen unknown gateway code", Route.QIMEN, 200,
                        "{\"response\":{\"flag\":\"failure\",\"code\":\"33\",\"message\":\"whatever\"}}",
                        Kind.GATEWAY, "33", null, false, null),
                arguments("qimen isp sub_code", Route.QIMEN, 200,
                        "{\"response\":{\"flag\":\"failure\",\"code\":\"50\",\"sub_code\":\"isp.service-unavailable\",\"message\":\"x\"}}",
                        Kind.GATEWAY, "50", "isp.service-unavailable", true, null),
                arguments("error_response (router/rest)", Route.QIMEN, 200,
                        "{\"error_response\":{\"code\":7,\"msg\":\"App Call Limited\",\"sub_code\":\"accesscontrol.limited-by-api-access-count\","
                                + "\"sub_msg\":\"This ban will last for 40 more seconds\"}}",
                        Kind.GATEWAY, "7", "accesscontrol.limited-by-api-access-count", true, 40L),
                arguments("error_response signature", Route.QIMEN, 200,
                        "{\"error_response\":{\"code\":25,\"msg\":\"Invalid signature\"}}", Kind.GATEWAY, "25", null, false, null),
                // BUSINESS
                arguments("qimen errorcode 1012", Route.QIMEN, 200,
                        "{\"response\":{\"errorcode\":1012,\"message\":\"调用过于频繁\"}}", Kind.BUSINESS, "1012", null, true, null),
                arguments("qimen errorcode string 2030", Route.QIMEN, 200,
                        "{\"response\":{\"errorcode\":\"2030\",\"message\":\"签名错误\",\"total_count\":0}}", Kind.BUSINESS, "2030", null, false, null),
                arguments("qimen errorcode -1", Route.QIMEN, 200,
                        "{\"response\":{\"errorcode\":-1,\"message\":\"unknown\"}}", Kind.BUSINESS, "-1", null, false, null),
                arguments("openapi2 1012 busy", Route.OPENAPI2, 200,
                        "{ \"code\": 1012, \"message\": \"调用过于频繁，请稍后再试\" }", Kind.BUSINESS, "1012", null, true, null),
                arguments("openapi2 1020", Route.OPENAPI2, 200,
                        "{\"code\":1020,\"message\":\"系统异常，请稍后再试！\"}", Kind.BUSINESS, "1020", null, true, null),
                arguments("openapi2 1060 no credit", Route.OPENAPI2, 200,
                        "{\"code\":1060,\"message\":\"充值余额为0或应用已欠费\"}", Kind.BUSINESS, "1060", null, false, null),
                arguments("openapi2 2900", Route.OPENAPI2, 200,
                        "{\"code\":\"2900\",\"message\":\"时间范围与订单编号不能全部为空\"}", Kind.BUSINESS, "2900", null, false, null),
                arguments("openapi2 unknown code", Route.OPENAPI2, 200,
                        "{\"code\":4242,\"message\":\"?\"}", Kind.BUSINESS, "4242", null, false, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void classifiesFailures(String name, Route route, int status, String body, Kind kind, String code, String subCode,
                            boolean retryable, Long banSeconds) {
        WdtApiException e = catchThrowableOfType(WdtApiException.class, () -> parse(route, status, body));
        assertThat(e).as("must throw, never return a page").isNotNull();
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.subCode()).isEqualTo(subCode);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.banSeconds()).isEqualTo(banSeconds);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.getMessage()).contains(kind.name()).contains("code=" + code).contains("sub_code=" + subCode);
    }

    @Test
    void messageCarriesServerTextAndSubMessage() {
        WdtApiException e = catchThrowableOfType(WdtApiException.class, () -> parser.parseQimen(200,
                "{\"response\":{\"flag\":\"failure\",\"code\":15,\"message\":\"Remote service error\","
                        + "\"sub_code\":\"isv.bad\",\"sub_message\":\"店铺不存在\"}}"));
        assertThat(e.getMessage()).contains("GATEWAY").contains("code=15").contains("sub_code=isv.bad")
                .contains("Remote service error").contains("店铺不存在");
        assertThat(e.detail()).isEqualTo("Remote service error / 店铺不存在");
    }

    @Test
    void malformedMessageShowsABoundedSnippetOfTheBody() {
        WdtApiException e = catchThrowableOfType(WdtApiException.class, () -> parser.parseQimen(200, HTML_502 + "x".repeat(5000)));
        assertThat(e.getMessage()).contains("MALFORMED").contains("502 Bad Gateway").doesNotContain("\r\n");
        assertThat(e.getMessage().length()).isLessThan(600);
        assertThat(e.getCause()).isNotNull();
    }

    // ---------------------------------------------------------------- order mapping

    @Test
    void nineteenDigitStockoutIdKeepsAllDigits() {
        WdtPage p = parser.parseQimen(200, "{\"response\":{\"errorcode\":0,\"total_count\":2,\"stockout_list\":["
                + "{\"stockout_id\":9223372036854775807},{\"stockout_id\":98765432109876543210}]}}");
        assertThat(p.orders()).extracting(StockoutOrder::stockoutId)
                .containsExactly("9223372036854775807", "98765432109876543210");
    }

    @Test
    void stringIdsAndFallbacks() {
        WdtPage p = parser.parseOpenapi2(200, "{\"code\":0,\"stockout_list\":["
                + "{\"stockout_id\":\"1234567890123456789\",\"stockout_no\":\"CK-FALLBACK\",\"status\":\"110\"},"
                + "{\"stockout_id\":7,\"order_no\":\"\",\"stockout_no\":\"CK-B\",\"status\":\"done\"},"
                + "{\"stockout_id\":8,\"order_no\":\"CK-C\",\"stockout_no\":\"ignored\",\"status\":95.0},"
                + "{\"stockout_id\":null,\"status\":null}]}");
        assertThat(p.orders()).extracting(StockoutOrder::stockoutId, StockoutOrder::orderNo, StockoutOrder::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("1234567890123456789", "CK-FALLBACK", 110),
                        org.assertj.core.groups.Tuple.tuple("7", "CK-B", null),
                        org.assertj.core.groups.Tuple.tuple("8", "CK-C", 95),
                        org.assertj.core.groups.Tuple.tuple(null, null, null));
    }

    @Test
    void nullAndMissingFieldsBecomeNullAndValuesAreKeptAsSent() {
        WdtPage p = parser.parseQimen(200, "{\"response\":{\"errorcode\":0,\"stockout_list\":["
                + "{\"stockout_id\":1,\"order_no\":\"CK1\",\"shop_no\":null,\"invoice_title\":\"  \u3000\","
                + "\"invoice_content\":\"\",\"consign_time\":\"0000-00-00 00:00:00\",\"status\":5,"
                + "\"receiver_name\":\"\",\"details_list\":[{\"rec_id\":1}]}]}}");
        assertThat(p.orders()).containsExactly(
                new StockoutOrder("1", "CK1", null, "  \u3000", "", "0000-00-00 00:00:00", null, 5));
    }

    @Test
    void numericShopNoBecomesText() {
        WdtPage p = parser.parseOpenapi2(200, "{\"code\":0,\"stockout_list\":[{\"stockout_id\":1,\"shop_no\":71,\"status\":\"95\"}]}");
        assertThat(p.orders().get(0).shopNo()).isEqualTo("71");
        assertThat(p.orders().get(0).status()).isEqualTo(95);
    }

    @Test
    void pageOrdersAreNeverNullAndImmutable() {
        WdtPage page = new WdtPage(null, null);
        assertThat(page.orders()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> page.orders().add(null))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
