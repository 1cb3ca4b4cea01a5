package com.wdtkingdee.sync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static com.wdtkingdee.sync.sandbox.CustomerStore.field;
import static com.wdtkingdee.sync.sandbox.CustomerStore.text;

/**
 * ExecuteBillQuery over one simulated form: FieldKeys, FilterString ({@link BillQueryFilter}), OrderString,
 * TopRowCount, StartRow and Limit, answering {@code [[…],…]} in FieldKeys order or the wrapped error
 * {@code [[{"Result":…}]]}.
 */
final class BillQueries {

    /** Largest {@code Limit}. */
    static final int MAX_LIMIT = 10_000;

    /** A queryable form. */
    interface Table {
        /** The canonical key of a field key as written (any case), empty when the form has no such field. */
        Optional<String> resolve(String key);

        /** A snapshot of the rows, keyed by canonical field key. */
        List<Map<String, Object>> rows();

        /** The canonical key of the internal id (default order). */
        String idKey();
    }

    private BillQueries() {
    }

    static ArrayNode run(JsonNode data, Table table) {
        String fieldKeys = text(field(data, "FieldKeys"));
        if (isBlank(fieldKeys)) {
            return error(8, "data 数据包中的参数 FieldKeys 的值不能为空");
        }
        List<String> keys = new ArrayList<>();
        for (String k : fieldKeys.split(",")) {
            Optional<String> key = table.resolve(k.trim());
            if (key.isEmpty()) {
                return error(9, "元数据中标识为" + k.trim() + "的字段不存在");
            }
            keys.add(key.get());
        }
        int limit;
        int startRow;
        int top;
        try {
            limit = intValue(field(data, "Limit"), 0);
            startRow = intValue(field(data, "StartRow"), 0);
            top = intValue(field(data, "TopRowCount"), 0);
        } catch (NumberFormatException e) {
            return error(8, "参数 Limit/StartRow/TopRowCount 必须是整数");
        }
        if (limit < 0 || limit > MAX_LIMIT) {
            return error(8, "参数 Limit 的值不能超过" + MAX_LIMIT);
        }
        if (startRow < 0 || top < 0) {
            return error(8, "参数 StartRow/TopRowCount 不能为负数");
        }
        Predicate<Map<String, Object>> filter;
        Comparator<Map<String, Object>> order;
        try {
            filter = BillQueryFilter.parse(text(field(data, "FilterString")), table::resolve);
            order = order(text(field(data, "OrderString")), table);
        } catch (BillQueryFilter.FilterException e) {
            return error(e.msgCode(), e.getMessage());
        }
        List<Map<String, Object>> rows = table.rows().stream().filter(filter).sorted(order).toList();
        if (top > 0 && rows.size() > top) {
            rows = rows.subList(0, top);
        }
        int from = Math.min(startRow, rows.size());
        int to = limit == 0 ? rows.size() : Math.min(rows.size(), from + limit);
        ArrayNode out = SimHttp.JSON.createArrayNode();
        for (Map<String, Object> row : rows.subList(from, to)) {
            ArrayNode line = out.addArray();
            keys.forEach(k -> line.addPOJO(row.get(k)));
        }
        return out;
    }

    static ArrayNode error(int msgCode, String message) {
        return KingdeeReplies.wrapped(KingdeeReplies.error(msgCode, message));
    }

    private static Comparator<Map<String, Object>> order(String orderString, Table table)
            throws BillQueryFilter.FilterException {
        String idKey = table.idKey();
        Comparator<Map<String, Object>> byId = (a, b) -> compareValues(a.get(idKey), b.get(idKey));
        if (isBlank(orderString)) {
            return byId;
        }
        Comparator<Map<String, Object>> result = null;
        for (String part : orderString.split(",")) {
            String[] words = part.trim().split("\\s+");
            if (words.length > 2 || (words.length == 2 && !words[1].matches("(?i)asc|desc"))) {
                throw new BillQueryFilter.FilterException(4, "GetRealExpress error: OrderString 不受支持: " + part);
            }
            String key = table.resolve(words[0]).orElseThrow(() -> new BillQueryFilter.FilterException(9,
                    "元数据中标识为" + words[0] + "的字段不存在"));
            Comparator<Map<String, Object>> c = key.equals(idKey) ? byId
                    : Comparator.comparing(r -> String.valueOf(r.get(key)));
            if (words.length == 2 && words[1].equalsIgnoreCase("desc")) {
                c = c.reversed();
            }
            result = result == null ? c : result.thenComparing(c);
        }
        return result.thenComparing(byId);
    }

    /** Numbers numerically, anything else as text. */
    static int compareValues(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Long.compare(x.longValue(), y.longValue());
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    private static int intValue(JsonNode v, int dflt) {
        if (v == null || v.isNull() || v.asText().isBlank()) {
            return dflt;
        }
        return v.isNumber() ? v.intValue() : Integer.parseInt(v.asText().trim());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
