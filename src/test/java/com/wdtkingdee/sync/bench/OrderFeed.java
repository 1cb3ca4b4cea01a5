package com.wdtkingdee.sync.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.wdtkingdee.sync.sandbox.DemoOrders;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

/**
 * A deterministic universe of {@code count} 旺店通 stockout orders that is never stored: order {@code i} is computed
 * from {@code i} when a page asks for it, so a million orders cost no memory in the benchmark harness.
 *
 * <p>Order {@code i} has {@code stockout_id = FIRST_ID + i} and {@code consign_time = from + ⌊i·span/count⌋ s}
 * (non-decreasing in {@code i}), so the orders of a closed window {@code [start, end]} are one contiguous index
 * range and a page is a slice of it, in {@code stockout_id} order as the real API answers.
 *
 * <p>Every tenth order ({@code i % 10 == 9}) has a blank 发票抬头 (empty, null, absent, spaces or U+3000, in turn)
 * and is filtered by the product; every other order has a title of its own, so it becomes one new customer (with
 * {@code halfRepeat}, about half of them repeat an earlier title instead: {@link #source(int)}).
 * Shops rotate over {@link #SHOPS}, all of which have an organisation rule in the default configuration; statuses
 * rotate over 95/105/110/113 (all selected by the default {@code wdt.status}).
 */
final class OrderFeed {

    /** Shops of both organisations of the default rule (BZ: 002, 003, 004, 0071; DZ: 005, 0081). */
    static final List<String> SHOPS = List.of("002", "003", "004", "0071", "005", "0081");
    static final int[] STATUSES = {95, 105, 110, 113};
    static final long FIRST_ID = 50_000_000L;

    private static final String[][] CITIES = {
            {"杭州", "330106"}, {"上海", "310115"}, {"北京", "110108"}, {"深圳", "440300"}, {"广州", "440106"},
            {"南京", "320102"}, {"苏州", "320505"}, {"宁波", "330212"}, {"成都", "510107"}, {"武汉", "420106"},
            {"西安", "610113"}, {"厦门", "350203"}};
    private static final String[] BRANDS = {"星辰", "汇通", "瑞丰", "博远", "恒信", "启明", "华盛", "嘉禾", "云帆", "德润",
            "鼎泰", "锦程", "新航", "正和", "天元", "卓越", "明德", "宏图", "安泰", "盛世"};
    private static final String[] TRADES = {"科技", "贸易", "电子商务", "信息技术", "网络科技", "食品", "服饰", "文化传媒",
            "供应链管理", "实业"};
    private static final String[][] GOODS = {
            {"SKU-TEE-RED-M", "SPU-001", "纯棉T恤", "红色 M", "99.0000"},
            {"SKU-MUG-350", "SPU-014", "陶瓷马克杯", "350ml", "39.9000"},
            {"SKU-TEA-250", "SPU-022", "西湖龙井", "250g", "268.0000"},
            {"SKU-BAG-BLK", "SPU-031", "帆布托特包", "黑色", "129.0000"}};

    private final int count;
    private final long fromEpoch;
    private final long spanSeconds;
    private final boolean halfRepeat;
    private volatile byte[][] rendered;
    private long distinct = -1;

    /**
     * @param count orders in the universe
     * @param from  consign time of order 0 (local time of the source zone)
     * @param to    latest consign time (inclusive)
     */
    OrderFeed(int count, LocalDateTime from, LocalDateTime to) {
        this(count, from, to, false);
    }

    /**
     * @param halfRepeat when true, about half of the titled orders repeat the title (and tax code) of an earlier order
     *                   of the same shop, drawn uniformly from all earlier ones: a returning customer, sometimes one
     *                   of the same page or batch, mostly one of long ago ({@link #source(int)})
     */
    OrderFeed(int count, LocalDateTime from, LocalDateTime to, boolean halfRepeat) {
        this.halfRepeat = halfRepeat;
        if (count < 0 || to.isBefore(from)) {
            throw new IllegalArgumentException("bad feed: " + count + " orders from " + from + " to " + to);
        }
        this.count = count;
        this.fromEpoch = from.toEpochSecond(ZoneOffset.UTC);
        this.spanSeconds = to.toEpochSecond(ZoneOffset.UTC) - fromEpoch;
    }

    int count() {
        return count;
    }

    /** Orders that carry an invoice title. */
    long titledOrders() {
        return count - count / 10L;
    }

    /**
     * The order whose title (and tax code) order {@code i} carries: {@code i} itself for a new customer, an earlier
     * order of the same shop (so of the same organisation) for a repeat, -1 for a blank title. Without
     * {@code halfRepeat} every titled order is its own source.
     */
    int source(int i) {
        if (i % 10 == 9) {
            return -1;
        }
        if (isNew(i)) {
            return i;
        }
        int shops = SHOPS.size();
        int j = i - shops * (1 + (int) ((mix(i) >>> 41) % (i / shops)));
        // the source is a new customer itself: the nearest earlier new one of the same shop
        while (j >= 0 && !isNew(j)) {
            j -= shops;
        }
        return j < 0 ? i : j;
    }

    /** A titled order that does not repeat an earlier title. */
    private boolean isNew(int i) {
        return i % 10 != 9 && (!halfRepeat || i < SHOPS.size() || ((mix(i) >>> 40) & 1) == 0);
    }

    /** Distinct customers of the whole feed, i.e. what a full sync creates in 金蝶. */
    synchronized long distinctCustomers() {
        if (distinct < 0) {
            long n = 0;
            for (int i = 0; i < count; i++) {
                if (source(i) == i) {
                    n++;
                }
            }
            distinct = n;
        }
        return distinct;
    }

    /**
     * Renders every order's JSON once, so that serving a page is a copy of bytes (for the throughput runs, where
     * the stub must not be what is measured: about 1.3 kB per order, so only for feeds that fit in the heap).
     */
    OrderFeed prerender() throws IOException {
        byte[][] r = new byte[count][];
        for (int i = 0; i < count; i++) {
            r[i] = render(i);
        }
        rendered = r;
        return this;
    }

    /** Order {@code i} as JSON bytes: from the pre-rendered table, else rendered now. */
    byte[] json(int i) throws IOException {
        byte[][] r = rendered;
        return r != null ? r[i] : render(i);
    }

    private byte[] render(int i) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1536);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, i);
        }
        return out.toByteArray();
    }

    private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

    /** Local consign time of order {@code i} as seconds of the local date-time scale. */
    long consignSecond(int i) {
        return fromEpoch + (count == 0 ? 0 : (long) i * spanSeconds / count);
    }

    /** Index range {@code [lo, hi)} of the orders whose consign time lies in the closed window. */
    int[] range(LocalDateTime start, LocalDateTime end) {
        long s = start.toEpochSecond(ZoneOffset.UTC);
        long e = end.toEpochSecond(ZoneOffset.UTC);
        return new int[]{firstAtOrAfter(s), firstAtOrAfter(e + 1)};
    }

    private int firstAtOrAfter(long second) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (consignSecond(mid) < second) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Writes order {@code i} as the JSON object the 企业版 API returns in {@code stockout_list}. */
    void write(JsonGenerator g, int i) throws IOException {
        long h = mix(i);
        long id = FIRST_ID + i;
        long consign = consignSecond(i);
        String shop = SHOPS.get(i % SHOPS.size());
        int status = STATUSES[(int) ((h >>> 8) & 3)];
        g.writeStartObject();
        g.writeNumberField("stockout_id", id);
        g.writeStringField("order_no", "CK" + id);
        g.writeStringField("src_order_no", "JY" + id);
        g.writeStringField("trade_no", "JY" + id);
        g.writeStringField("src_tids", Long.toString(3_800_000_000_000_000_000L + (h & 0xFFFF_FFFF_FFFFL)));
        g.writeStringField("shop_no", shop);
        g.writeStringField("shop_name", "店铺" + shop);
        g.writeNumberField("platform_id", 1);
        g.writeStringField("warehouse_no", "WH01");
        g.writeStringField("warehouse_name", "华东仓");
        g.writeNumberField("status", status);
        g.writeNumberField("trade_status", status);
        g.writeNumberField("trade_type", 1);
        g.writeStringField("consign_time", time(consign));
        g.writeStringField("trade_time", time(consign - 7200 - (h & 0xFFF)));
        g.writeStringField("pay_time", time(consign - 7000 - (h & 0xFFF)));
        g.writeStringField("created", time(consign - 3600));
        g.writeStringField("modified", time(consign + 1 + (h >>> 20 & 0x1FF)));
        String[] goods = GOODS[(int) ((h >>> 12) & 3)];
        int num = 1 + (int) ((h >>> 16) & 1);
        String amount = new java.math.BigDecimal(goods[4]).multiply(java.math.BigDecimal.valueOf(num)).toPlainString();
        g.writeStringField("goods_count", num + ".0000");
        g.writeStringField("goods_total_amount", amount);
        g.writeStringField("post_amount", "0.0000");
        g.writeStringField("discount", "0.0000");
        g.writeStringField("receivable", amount);
        g.writeStringField("paid", amount);
        g.writeNumberField("invoice_type", 2);
        int src = source(i);
        long hs = src < 0 ? h : mix(src);
        String[] city = CITIES[(int) (hs % CITIES.length + CITIES.length) % CITIES.length];
        if (src < 0) {
            switch ((i / 10) % 5) {
                case 0 -> g.writeStringField("invoice_title", "");
                case 1 -> g.writeNullField("invoice_title");
                case 2 -> { } // key absent
                case 3 -> g.writeStringField("invoice_title", "  ");
                default -> g.writeStringField("invoice_title", "\u3000");
            }
            g.writeStringField("invoice_content", "");
        } else {
            g.writeStringField("invoice_title", city[0] + BRANDS[(int) ((hs >>> 24) % BRANDS.length)]
                    + TRADES[(int) ((hs >>> 32) % TRADES.length)] + "有限公司第" + src + "分公司");
            g.writeStringField("invoice_content", DemoOrders.socialCreditCode(new Random(hs), city[1]));
        }
        g.writeStringField("logistics_no", "SF" + (1_000_000_000_000L + (h & 0xFF_FFFF_FFFFL)));
        g.writeStringField("receiver_name", "");
        g.writeStringField("receiver_mobile", "");
        g.writeStringField("receiver_address", "");
        g.writeStringField("buyer_nick", "");
        g.writeArrayFieldStart("details_list");
        g.writeStartObject();
        g.writeNumberField("rec_id", id * 10);
        g.writeNumberField("stockout_id", id);
        g.writeStringField("spec_no", goods[0]);
        g.writeStringField("goods_no", goods[1]);
        g.writeStringField("goods_name", goods[2]);
        g.writeStringField("spec_name", goods[3]);
        g.writeStringField("goods_count", num + ".0000");
        g.writeStringField("sell_price", goods[4]);
        g.writeStringField("total_amount", amount);
        g.writeStringField("share_amount", amount);
        g.writeStringField("share_post", "0.0000");
        g.writeNumberField("gift_type", 0);
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    /** {@code yyyy-MM-dd HH:mm:ss} of a local second. */
    static String time(long localSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(localSecond, 0, ZoneOffset.UTC);
        char[] c = new char[19];
        put(c, 0, t.getYear(), 4);
        c[4] = '-';
        put(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, t.getDayOfMonth(), 2);
        c[10] = ' ';
        put(c, 11, t.getHour(), 2);
        c[13] = ':';
        put(c, 14, t.getMinute(), 2);
        c[16] = ':';
        put(c, 17, t.getSecond(), 2);
        return new String(c);
    }

    private static void put(char[] c, int at, int value, int digits) {
        for (int k = digits - 1; k >= 0; k--) {
            c[at + k] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** SplitMix64 finaliser: a well-spread, non-negative hash of the index. */
    private static long mix(long x) {
        long z = x * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }
}
