package com.wdtkingdee.sync.wdt;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One page request of {@code wdt.stockout.order.query.trade}.
 *
 * @param start    window start, wall-clock time in the sync zone (sent as {@code start_time}, closed interval)
 * @param end      window end, wall-clock time in the sync zone (sent as {@code end_time}); not before start and at
 *                 most {@link #MAX_SPAN} after it
 * @param pageNo   0-based page number
 * @param pageSize rows per page, 1..100
 * @param extra    optional business parameters ({@code status}, {@code shop_nos}, {@code src_order_no},
 *                 {@code src_tid}, {@code stockout_no}, {@code warehouse_no}, {@code is_by_modified}, …), in
 *                 insertion order; entries with a null or blank value are kept here but never sent. Keys must not
 *                 be blank nor one of the system/paging parameters ({@link #RESERVED_KEYS}). Never null (null
 *                 becomes an empty map); the map is an unmodifiable copy
 */
public record WdtQuery(LocalDateTime start, LocalDateTime end, int pageNo, int pageSize, Map<String, String> extra) {

    /** Longest window the API accepts. */
    public static final Duration MAX_SPAN = Duration.ofDays(30);
    /** Largest page size the API accepts. */
    public static final int MAX_PAGE_SIZE = 100;

    /** Parameter names set by the request builders; they cannot be overridden through {@code extra}. */
    public static final Set<String> RESERVED_KEYS = Set.of(
            "method", "app_key", "appkey", "target_app_key", "timestamp", "format", "v", "sign_method", "sign",
            "session", "sid", "start_time", "end_time", "page_no", "page_size");

    /** Validates the window, paging and extra keys; throws {@link IllegalArgumentException} when invalid. */
    public WdtQuery {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be between 1 and " + MAX_PAGE_SIZE + ", was " + pageSize);
        }
        if (pageNo < 0) {
            throw new IllegalArgumentException("pageNo must be >= 0 (pages are 0-based), was " + pageNo);
        }
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("end " + end + " is before start " + start);
        }
        if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
            throw new IllegalArgumentException("window " + start + " .. " + end + " is longer than the API limit of "
                    + MAX_SPAN.toDays() + " days");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        if (extra != null) {
            extra.forEach((k, v) -> {
                if (k == null || k.isBlank()) {
                    throw new IllegalArgumentException("extra parameter with a blank name (value " + v + ")");
                }
                if (RESERVED_KEYS.contains(k)) {
                    throw new IllegalArgumentException("extra parameter '" + k
                            + "' is set by the request builder and cannot be overridden");
                }
                copy.put(k, v);
            });
        }
        extra = Collections.unmodifiableMap(copy);
    }

    /** Query without extra parameters. */
    public static WdtQuery of(LocalDateTime start, LocalDateTime end, int pageNo, int pageSize) {
        return new WdtQuery(start, end, pageNo, pageSize, Map.of());
    }

    /** The same query for another page. */
    public WdtQuery withPageNo(int newPageNo) {
        return new WdtQuery(start, end, newPageNo, pageSize, extra);
    }
}
