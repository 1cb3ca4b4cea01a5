package com.wdtkingdee.sync.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.text.Normalizer;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DemoOrdersTest {

    static final LocalDateTime FROM = LocalDateTime.of(2024, 5, 20, 0, 0);
    static final LocalDateTime TO = LocalDateTime.of(2024, 5, 20, 10, 0);
    static final List<String> SHOPS = List.of("002", "003", "004", "0071", "005");
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Test
    void sameSeedGivesTheSameOrdersAndAnotherSeedDifferentOnes() {
        assertThat(DemoOrders.generate(42, 50, FROM, TO, SHOPS)).isEqualTo(DemoOrders.generate(42, 50, FROM, TO, SHOPS));
        assertThat(DemoOrders.generate(43, 50, FROM, TO, SHOPS)).isNotEqualTo(DemoOrders.generate(42, 50, FROM, TO, SHOPS));
    }

    @Test
    void rowsAreWellFormedStockoutsInsideTheWindow() {
        List<Map<String, Object>> orders = DemoOrders.generate(1, 300, FROM, TO, SHOPS);

        assertThat(orders).hasSize(300);
        Set<Object> ids = new HashSet<>();
        LocalDateTime previous = FROM;
        for (Map<String, Object> o : orders) {
            assertThat(ids.add(o.get("stockout_id"))).isTrue();
            LocalDateTime consign = LocalDateTime.parse((String) o.get("consign_time"), TIME);
            assertThat(consign).isBetween(FROM, TO).isAfterOrEqualTo(previous);
            previous = consign;
            assertThat(LocalDateTime.parse((String) o.get("modified"), TIME)).isAfter(consign);
            assertThat(SHOPS).contains((String) o.get("shop_no"));
            assertThat((String) o.get("order_no")).startsWith("CK");
            assertThat((List<?>) o.get("details_list")).isNotEmpty();
            assertThat(o).containsKeys("src_order_no", "shop_name", "status", "invoice_content", "goods_count");
        }
        assertThat(orders).extracting(o -> o.get("status")).containsOnly(55, 95, 105, 110, 113).contains(55, 95);
        assertThat(orders.stream().filter(o -> o.get("status").equals(55)).count()).isLessThan(30);
    }

    @ParameterizedTest
    @CsvSource({"1, 12", "2, 12", "3, 40", "99, 200", "-5, 13"})
    void everyTitleCategoryOccurs(long seed, int count) {
        List<Map<String, Object>> orders = DemoOrders.generate(seed, count, FROM, TO, SHOPS);
        Set<String> kinds = new HashSet<>();
        Map<String, Set<String>> shopsByTitle = new HashMap<>();
        Map<String, Set<String>> rawByKey = new HashMap<>();
        Map<String, Set<String>> taxByTitle = new HashMap<>();
        for (Map<String, Object> o : orders) {
            if (!o.containsKey("invoice_title")) {
                kinds.add("missing");
                continue;
            }
            String t = (String) o.get("invoice_title");
            String tax = (String) o.get("invoice_content");
            if (t == null) {
                kinds.add("null");
            } else if (t.isEmpty()) {
                kinds.add("empty");
            } else if (t.contains("\u3000") && t.isBlank()) {
                kinds.add("ideographic");
            } else if (t.isBlank()) {
                kinds.add("whitespace");
            } else {
                String key = Normalizer.normalize(t, Normalizer.Form.NFKC).strip();
                rawByKey.computeIfAbsent(key, k -> new HashSet<>()).add(t);
                shopsByTitle.computeIfAbsent(key, k -> new HashSet<>()).add((String) o.get("shop_no"));
                taxByTitle.computeIfAbsent(key, k -> new HashSet<>()).add(tax);
                if (key.endsWith("公司")) {
                    assertThat(DemoOrders.validSocialCreditCode(tax)).as(tax).isTrue();
                    kinds.add("company");
                } else {
                    assertThat(tax).isEmpty();
                    kinds.add("person");
                }
            }
        }
        if (shopsByTitle.values().stream().anyMatch(s -> s.size() > 1)) {
            kinds.add("repeated across shops");
        }
        if (rawByKey.values().stream().anyMatch(s -> s.size() > 1)) {
            kinds.add("variant");
        }
        assertThat(taxByTitle.values()).as("a repeated title keeps its tax code").allMatch(s -> s.size() == 1);
        assertThat(kinds).containsExactlyInAnyOrder("missing", "null", "empty", "ideographic", "whitespace",
                "company", "person", "repeated across shops", "variant");
        assertThat(orders).extracting(o -> o.get("status")).contains(55);
    }

    @Test
    void tinyAndEmptyRequestsWork() {
        assertThat(DemoOrders.generate(1, 0, FROM, TO, SHOPS)).isEmpty();
        assertThat(DemoOrders.generate(1, 3, FROM, FROM, List.of("002"))).hasSize(3)
                .allMatch(o -> o.get("consign_time").equals("2024-05-20 00:00:00"));
    }

    @ParameterizedTest
    @CsvSource({"91350100M000100Y43, true", "91110000600037341L, true", "91110000600037341A, false",
            "9111000060003734, false", "91110000600037341I, false"})
    void socialCreditCodeCheckCharacter(String code, boolean valid) {
        assertThat(DemoOrders.validSocialCreditCode(code)).isEqualTo(valid);
    }

    @Test
    void generatedSocialCreditCodesAreValid() {
        Random r = new Random(3);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            codes.add(DemoOrders.socialCreditCode(r, "330106"));
        }
        assertThat(codes).allMatch(DemoOrders::validSocialCreditCode).allMatch(c -> c.startsWith("91330106MA"));
        assertThat(EnumSet.allOf(DemoOrders.TitleKind.class)).hasSize(9);
    }
}
