package com.wdtkingdee.sync.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The base data a start-up check looks up with ExecuteBillQuery: {@code ORG_Organizations} (FOrgID, FNumber,
 * FName), {@code BD_CustomerGroup} (FID, FNumber, FName) and {@code BD_Currency} (FCURRENCYID, FNumber, FName),
 * each row also with {@code FDocumentStatus = 'C'} and {@code FForbidStatus = 'A'}. Built once from the simulator
 * configuration; ids are the configured organisation ids, the preset currency ids (PRE001 → 1 … PRE007 → 7), or
 * generated deterministically (sorted by number).
 */
final class BaseDataTables {

    static final String ORGANIZATIONS = "ORG_Organizations";
    static final String CUSTOMER_GROUPS = "BD_CustomerGroup";
    static final String CURRENCIES = "BD_Currency";

    private static final Map<String, String> CURRENCY_NAMES = Map.of("PRE001", "人民币", "PRE002", "香港元",
            "PRE003", "欧元", "PRE004", "日本日元", "PRE005", "新台币", "PRE006", "英镑", "PRE007", "美元");

    private final Map<String, Form> forms = new HashMap<>();

    private record Form(String idKey, Map<String, String> fields, List<Map<String, Object>> rows)
            implements BillQueries.Table {
        @Override
        public Optional<String> resolve(String key) {
            return Optional.ofNullable(fields.get(key.toLowerCase(Locale.ROOT)));
        }
    }

    BaseDataTables(Set<String> orgNumbers, Map<String, String> orgIdsByNumber, Set<String> groups,
                   Set<String> currencies) {
        long maxOrgId = orgIdsByNumber.values().stream().filter(v -> v.matches("\\d{1,18}"))
                .mapToLong(Long::parseLong).max().orElse(0);
        long[] nextOrg = {Math.max(maxOrgId, 200_000) + 1};
        forms.put(ORGANIZATIONS.toLowerCase(Locale.ROOT), form("FOrgID", orgNumbers, n -> {
            String id = orgIdsByNumber.get(n);
            return id != null ? id(id) : nextOrg[0]++;
        }, n -> "组织" + n));
        long[] nextGroup = {300_001};
        forms.put(CUSTOMER_GROUPS.toLowerCase(Locale.ROOT), form("FID", groups, n -> nextGroup[0]++,
                n -> "客户分组" + n));
        long[] nextCurrency = {1_001};
        forms.put(CURRENCIES.toLowerCase(Locale.ROOT), form("FCURRENCYID", currencies,
                n -> n.matches("PRE00[1-7]") ? Long.parseLong(n.substring(3)) : nextCurrency[0]++,
                n -> CURRENCY_NAMES.getOrDefault(n, "币别" + n)));
    }

    /** The form named {@code formId} (any case), if it is one of the three. */
    Optional<BillQueries.Table> table(String formId) {
        return Optional.ofNullable(forms.get(formId.toLowerCase(Locale.ROOT)));
    }

    /** The row of {@code formId} whose FNumber is {@code number}, if any (View answers nest it). */
    Optional<Map<String, Object>> row(String formId, String number) {
        Form f = forms.get(formId.toLowerCase(Locale.ROOT));
        if (f == null || number == null) {
            return Optional.empty();
        }
        return f.rows().stream().filter(r -> number.equals(r.get("FNumber"))).findFirst();
    }

    private static Form form(String idKey, Set<String> numbers, java.util.function.Function<String, Object> ids,
                             java.util.function.Function<String, String> names) {
        Map<String, String> fields = new HashMap<>();
        for (String k : List.of(idKey, "FNumber", "FName", "FDocumentStatus", "FForbidStatus")) {
            fields.put(k.toLowerCase(Locale.ROOT), k);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String n : new TreeSet<>(numbers)) {
            Map<String, Object> row = new HashMap<>();
            row.put(idKey, ids.apply(n));
            row.put("FNumber", n);
            row.put("FName", names.apply(n));
            row.put("FDocumentStatus", "C");
            row.put("FForbidStatus", "A");
            rows.add(Map.copyOf(row));
        }
        return new Form(idKey, Map.copyOf(fields), List.copyOf(rows));
    }

    private static Object id(String id) {
        return id.matches("\\d{1,18}") ? (Object) Long.parseLong(id) : id;
    }
}
