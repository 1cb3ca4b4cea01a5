package com.wdtkingdee.sync.wdt;

import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** Shared helpers of the request builders: time format and the business parameters of a {@link WdtQuery}. */
final class WdtParams {

    /** {@code yyyy-MM-dd HH:mm:ss}, the format of every WDT/Qimen time parameter. */
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private WdtParams() {
    }

    /** Appends start_time, end_time, page_no, page_size and the non-blank extras. */
    static void putBusiness(Map<String, String> params, WdtQuery q) {
        params.put("start_time", DATE_TIME.format(q.start()));
        params.put("end_time", DATE_TIME.format(q.end()));
        params.put("page_no", Integer.toString(q.pageNo()));
        params.put("page_size", Integer.toString(q.pageSize()));
        q.extra().forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                params.put(k, v);
            }
        });
    }

    static String requireNonBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("WDT credential '" + name + "' is missing");
        }
        return value;
    }
}
