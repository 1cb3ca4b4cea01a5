package com.wdtkingdee.sync.sandbox;

import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The business side of {@code wdt.stockout.order.query.trade} (企业版 semantics): validates the business
 * parameters and selects one page of stockout rows.
 *
 * <p>Time semantics (reference §4): without {@code status} the window applies to {@code consign_time} and only
 * shipped/completed rows (95, 105, 110, 113) are returned; with {@code status} a row whose status is below 95 is
 * windowed on {@code modified}, others on {@code consign_time}; {@code is_by_modified=1} windows on
 * {@code modified}. Windows are closed intervals. Rows are sorted by {@code stockout_id}.
 */
final class StockoutQuery {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final Duration MAX_SPAN = Duration.ofDays(30);
    static final int DEFAULT_PAGE_SIZE = 40;
    private static final Set<Integer> SHIPPED = Set.of(95, 105, 110, 113);

    /** A WDT business error, answered as {@code {"response":{"errorcode":code,"message":message}}}. */
    static final class BusinessError extends Exception {
        private final int code;

        BusinessError(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        int code() {
            return code;
        }
    }

    /** One page of the result; {@code totalCount} is the size of the whole selection. */
    record Page(int totalCount, List<Map<String, Object>> rows) {
    }

    private final LocalDateTime start;
    private final LocalDateTime end;
    private final Set<Integer> statuses;
    private final Set<String> shops;
    private final boolean byModified;
    private final String srcOrderNo;
    private final String srcTid;
    private final String stockoutNo;
    private final String warehouseNo;
    final int pageSize;
    final int pageNo;

    private StockoutQuery(LocalDateTime start, LocalDateTime end, Set<Integer> statuses, Set<String> shops,
                          boolean byModified, String srcOrderNo, String srcTid, String stockoutNo,
                          String warehouseNo, int pageSize, int pageNo) {
        this.start = start;
        this.end = end;
        this.statuses = statuses;
        this.shops = shops;
        this.byModified = byModified;
        this.srcOrderNo = srcOrderNo;
        this.srcTid = srcTid;
        this.stockoutNo = stockoutNo;
        this.warehouseNo = warehouseNo;
        this.pageSize = pageSize;
        this.pageNo = pageNo;
    }

    /** Validates the business parameters of one request. */
    static StockoutQuery parse(Map<String, String> p) throws BusinessError {
        String srcOrderNo = blankToNull(p.get("src_order_no"));
        String srcTid = blankToNull(p.get("src_tid"));
        String stockoutNo = blankToNull(p.get("stockout_no"));
        String startText = blankToNull(p.get("start_time"));
        String endText = blankToNull(p.get("end_time"));
        LocalDateTime start = null;
        LocalDateTime end = null;
        if (startText == null && endText == null) {
            if (srcOrderNo == null && srcTid == null && stockoutNo == null) {
                throw new BusinessError(2900, "时间范围与订单编号不能全部为空");
            }
        } else {
            if (startText == null || endText == null) {
                throw new BusinessError(100, "start_time和end_time必须同时传入");
            }
            start = time("start_time", startText);
            end = time("end_time", endText);
            if (end.isBefore(start)) {
                throw new BusinessError(100, "end_time不能早于start_time");
            }
            if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
                throw new BusinessError(100, "时间跨度不能超过30天");
            }
        }
        int pageSize = integer(p.get("page_size"), DEFAULT_PAGE_SIZE, 2220, "page_size为正整数，且不能超过100");
        if (pageSize < 1 || pageSize > 100) {
            throw new BusinessError(2220, "page_size为正整数，且不能超过100");
        }
        int pageNo = integer(p.get("page_no"), 0, 100, "page_no必须为非负整数");
        if (pageNo < 0) {
            throw new BusinessError(100, "page_no必须为非负整数");
        }
        Set<Integer> statuses = null;
        String statusText = blankToNull(p.get("status"));
        if (statusText != null) {
            statuses = new LinkedHashSet<>();
            for (String s : statusText.split(",")) {
                try {
                    statuses.add(Integer.parseInt(s.trim()));
                } catch (NumberFormatException e) {
                    throw new BusinessError(100, "status参数错误: " + statusText);
                }
            }
        }
        Set<String> shops = new LinkedHashSet<>();
        String shopNo = blankToNull(p.get("shop_no"));
        if (shopNo != null) {
            shops.add(shopNo);
        }
        String shopNos = blankToNull(p.get("shop_nos"));
        if (shopNos != null) {
            Arrays.stream(shopNos.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(shops::add);
        }
        String byModified = blankToNull(p.get("is_by_modified"));
        if (byModified != null && !byModified.equals("0") && !byModified.equals("1")) {
            throw new BusinessError(100, "is_by_modified只能为0或1");
        }
        return new StockoutQuery(start, end, statuses, shops, "1".equals(byModified), srcOrderNo, srcTid,
                stockoutNo, blankToNull(p.get("warehouse_no")), pageSize, pageNo);
    }

    /** Selects the rows of this query's page from {@code orders} (any order). */
    Page run(Collection<Map<String, Object>> orders) {
        List<Map<String, Object>> selected = orders.stream().filter(this::matches)
                .sorted(Comparator.comparing(o -> String.valueOf(o.get("stockout_id")), StockoutQuery::compareIds))
                .collect(Collectors.toCollection(ArrayList::new));
        long from = (long) pageNo * pageSize;
        List<Map<String, Object>> page = from >= selected.size() ? List.of()
                : selected.subList((int) from, (int) Math.min(selected.size(), from + pageSize));
        return new Page(selected.size(), List.copyOf(page));
    }

    boolean matches(Map<String, Object> o) {
        Integer status = toInt(o.get("status"));
        if (statuses == null ? status == null || !SHIPPED.contains(status)
                : status == null || !statuses.contains(status)) {
            return false;
        }
        if (!shops.isEmpty() && !shops.contains(str(o.get("shop_no")))) {
            return false;
        }
        if (srcOrderNo != null && !srcOrderNo.equals(str(o.get("src_order_no")))) {
            return false;
        }
        if (stockoutNo != null && !stockoutNo.equals(str(o.get("order_no")))
                && !stockoutNo.equals(str(o.get("stockout_no")))) {
            return false;
        }
        if (srcTid != null && Arrays.stream(String.valueOf(o.get("src_tids")).split(","))
                .map(String::trim).noneMatch(srcTid::equals)) {
            return false;
        }
        if (warehouseNo != null && !warehouseNo.equals(str(o.get("warehouse_no")))) {
            return false;
        }
        if (start != null) {
            boolean onModified = byModified || (statuses != null && status < 95);
            LocalDateTime t = parseOrNull(str(o.get(onModified ? "modified" : "consign_time")));
            return t != null && !t.isBefore(start) && !t.isAfter(end);
        }
        return true;
    }

    /** Numeric order for numeric ids (ids may be long or 19-digit), text order otherwise. */
    static int compareIds(String a, String b) {
        boolean na = a.chars().allMatch(Character::isDigit) && !a.isEmpty();
        boolean nb = b.chars().allMatch(Character::isDigit) && !b.isEmpty();
        if (na && nb) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
        return a.compareTo(b);
    }

    private static LocalDateTime time(String name, String text) throws BusinessError {
        try {
            return LocalDateTime.parse(text, TIME);
        } catch (DateTimeParseException e) {
            throw new BusinessError(100, name + "格式错误，应为yyyy-MM-dd HH:mm:ss: " + text);
        }
    }

    private static int integer(String text, int dflt, int code, String message) throws BusinessError {
        if (text == null || text.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new BusinessError(code, message);
        }
    }

    private static LocalDateTime parseOrNull(String s) {
        if (s == null || s.startsWith("0000")) {
            return null;
        }
        try {
            return LocalDateTime.parse(s, TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Integer toInt(Object v) {
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String str(Object v) {
        return v == null ? null : v.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
