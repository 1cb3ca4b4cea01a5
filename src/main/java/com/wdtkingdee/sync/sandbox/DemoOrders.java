package com.wdtkingdee.sync.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Generator of realistic 旺店通企业版 sales stockout rows (the {@code stockout_list} items of
 * {@code wdt.stockout.order.query.trade}) for the sandbox and the end-to-end tests. Deterministic for a seed.
 *
 * <p>Invoice titles mix: Chinese company names (with a valid 18-character unified social credit code in
 * {@code invoice_content}), personal names ({@code invoice_content} ""), titles repeated on several orders and
 * across shops (same tax code), repeats that differ only in surrounding whitespace or full/half-width brackets,
 * and titles that must produce no customer: {@code ""}, {@code null}, the key missing, whitespace {@code "  "}
 * and the ideographic space {@code "\u3000"}. Statuses are 95/105/110/113, plus a few 55 (approved, not
 * shipped) that a status filter must exclude. With at least 12 orders every category and status 55 occur.
 */
public final class DemoOrders {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyMMdd");

    private static final String[][] CITIES = {
            {"杭州", "330106"}, {"上海", "310115"}, {"北京", "110108"}, {"深圳", "440300"}, {"广州", "440106"},
            {"南京", "320102"}, {"苏州", "320505"}, {"宁波", "330212"}, {"成都", "510107"}, {"武汉", "420106"},
            {"西安", "610113"}, {"厦门", "350203"}};
    private static final String[] BRANDS = {"星辰", "汇通", "瑞丰", "博远", "恒信", "启明", "华盛", "嘉禾", "云帆", "德润",
            "鼎泰", "锦程", "新航", "正和", "天元", "卓越", "明德", "宏图", "安泰", "盛世"};
    private static final String[] TRADES = {"科技", "贸易", "电子商务", "信息技术", "网络科技", "食品", "服饰", "文化传媒",
            "供应链管理", "实业"};
    private static final String[] SUFFIXES = {"有限公司", "有限公司", "有限责任公司", "股份有限公司", "（集团）有限公司"};
    private static final String[] SURNAMES = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马",
            "朱", "胡", "郭", "何", "林", "欧阳", "司马"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明",
            "超", "秀英", "晓东", "志强", "建华", "丽华", "子涵", "浩然"};
    private static final String[][] GOODS = {
            {"SKU-TEE-RED-M", "SPU-001", "纯棉T恤", "红色 M", "99.0000"},
            {"SKU-TEE-BLU-L", "SPU-001", "纯棉T恤", "蓝色 L", "99.0000"},
            {"SKU-MUG-350", "SPU-014", "陶瓷马克杯", "350ml", "39.9000"},
            {"SKU-TEA-250", "SPU-022", "西湖龙井", "250g", "268.0000"},
            {"SKU-BAG-BLK", "SPU-031", "帆布托特包", "黑色", "129.0000"},
            {"SKU-PEN-05", "SPU-040", "中性笔(12支装)", "0.5mm", "18.8000"}};
    private static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    /** Invoice-title categories the generator produces. */
    public enum TitleKind {
        /** A new Chinese company name with a tax code. */
        COMPANY,
        /** A personal name, no tax code. */
        PERSON,
        /** A title used on an earlier order (possibly another shop), same tax code. */
        REPEAT,
        /** An earlier title padded with whitespace or with its brackets in the other width (same after NFKC/trim). */
        REPEAT_VARIANT,
        /** {@code ""}. */
        EMPTY,
        /** JSON null. */
        NULL,
        /** Key {@code invoice_title} absent. */
        MISSING,
        /** {@code "  "}. */
        WHITESPACE,
        /** The ideographic space U+3000 (and mixes with ASCII spaces). */
        IDEOGRAPHIC_SPACE
    }

    private static final List<TitleKind> GUARANTEED = List.of(TitleKind.REPEAT, TitleKind.EMPTY, TitleKind.NULL,
            TitleKind.WHITESPACE, TitleKind.IDEOGRAPHIC_SPACE, TitleKind.REPEAT_VARIANT, TitleKind.MISSING,
            TitleKind.COMPANY, TitleKind.PERSON);

    private DemoOrders() {
    }

    /**
     * Generates {@code count} stockout rows with {@code consign_time} uniformly inside {@code [from, to]}, on the
     * given shops, sorted by consign time, {@code stockout_id} increasing with it.
     */
    public static List<Map<String, Object>> generate(long seed, int count, LocalDateTime from, LocalDateTime to,
                                                     List<String> shopNos) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0");
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to is before from");
        }
        if (shopNos == null || shopNos.isEmpty()) {
            throw new IllegalArgumentException("at least one shop is needed");
        }
        Random r = new Random(seed);
        List<TitleKind> kinds = kinds(r, count);
        int forced55 = count >= 12 ? 1 + r.nextInt(count - 1) : -1;
        long spanSeconds = Duration.between(from, to).getSeconds();

        List<Draft> drafts = new ArrayList<>();
        List<Draft> titled = new ArrayList<>();
        boolean[] crossShopRepeat = {false};
        for (int i = 0; i < count; i++) {
            Draft d = new Draft();
            d.kind = kinds.get(i);
            d.shop = shopNos.get(r.nextInt(shopNos.size()));
            d.consign = from.plusSeconds(spanSeconds == 0 ? 0 : r.nextLong(spanSeconds + 1));
            d.status = i == forced55 || r.nextDouble() < 0.04 ? 55 : shippedStatus(r);
            title(d, r, titled, shopNos, crossShopRepeat);
            if (d.kind == TitleKind.COMPANY || d.kind == TitleKind.PERSON) {
                titled.add(d);
            }
            d.random = r.nextLong();
            drafts.add(d);
        }
        drafts.sort(Comparator.comparing((Draft d) -> d.consign));
        List<Map<String, Object>> out = new ArrayList<>(count);
        long firstId = 1_284_000L + (Math.abs(seed) % 1000) * 10_000L;
        for (int i = 0; i < drafts.size(); i++) {
            out.add(row(drafts.get(i), firstId + i, i));
        }
        return out;
    }

    /** A valid 18-character unified social credit code (GB 32100-2015 check character) for a 6-digit region. */
    public static String socialCreditCode(Random r, String region) {
        StringBuilder sb = new StringBuilder("91").append(region).append("MA");
        for (int i = 0; i < 7; i++) {
            sb.append(USCC_CHARS.charAt(r.nextInt(USCC_CHARS.length())));
        }
        return sb.append(checkChar(sb)).toString();
    }

    /** True for an 18-character code whose check character matches GB 32100-2015. */
    public static boolean validSocialCreditCode(String code) {
        if (code == null || code.length() != 18) {
            return false;
        }
        for (int i = 0; i < 18; i++) {
            if (USCC_CHARS.indexOf(code.charAt(i)) < 0) {
                return false;
            }
        }
        return checkChar(code.substring(0, 17)) == code.charAt(17);
    }

    private static char checkChar(CharSequence first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += USCC_CHARS.indexOf(first17.charAt(i)) * USCC_WEIGHTS[i];
        }
        int c = 31 - sum % 31;
        return USCC_CHARS.charAt(c == 31 ? 0 : c);
    }

    private static List<TitleKind> kinds(Random r, int count) {
        List<TitleKind> kinds = new ArrayList<>(count);
        // the first two create titles that the repeats can reuse
        for (int i = 0; i < count; i++) {
            kinds.add(i == 0 ? TitleKind.COMPANY : i == 1 ? TitleKind.PERSON : randomKind(r));
        }
        if (count >= 2 + GUARANTEED.size()) {
            List<TitleKind> g = new ArrayList<>(GUARANTEED);
            Collections.shuffle(g, r);
            List<Integer> slots = new ArrayList<>();
            for (int i = 2; i < count; i++) {
                slots.add(i);
            }
            Collections.shuffle(slots, r);
            for (int i = 0; i < g.size(); i++) {
                kinds.set(slots.get(i), g.get(i));
            }
        }
        return kinds;
    }

    private static TitleKind randomKind(Random r) {
        int x = r.nextInt(100);
        if (x < 40) {
            return TitleKind.COMPANY;
        } else if (x < 60) {
            return TitleKind.PERSON;
        } else if (x < 75) {
            return TitleKind.REPEAT;
        } else if (x < 80) {
            return TitleKind.REPEAT_VARIANT;
        } else if (x < 85) {
            return TitleKind.EMPTY;
        } else if (x < 89) {
            return TitleKind.NULL;
        } else if (x < 92) {
            return TitleKind.MISSING;
        } else if (x < 96) {
            return TitleKind.WHITESPACE;
        }
        return TitleKind.IDEOGRAPHIC_SPACE;
    }

    private static int shippedStatus(Random r) {
        int x = r.nextInt(100);
        return x < 60 ? 95 : x < 85 ? 110 : x < 93 ? 105 : 113;
    }

    private static void title(Draft d, Random r, List<Draft> titled, List<String> shops, boolean[] crossShopRepeat) {
        switch (d.kind) {
            case COMPANY -> {
                String[] city = CITIES[r.nextInt(CITIES.length)];
                d.title = city[0] + BRANDS[r.nextInt(BRANDS.length)] + TRADES[r.nextInt(TRADES.length)]
                        + SUFFIXES[r.nextInt(SUFFIXES.length)];
                d.tax = socialCreditCode(r, city[1]);
                d.invoiceType = r.nextInt(3) == 0 ? 3 : 2;
            }
            case PERSON -> {
                d.title = SURNAMES[r.nextInt(SURNAMES.length)] + GIVEN[r.nextInt(GIVEN.length)];
                d.tax = "";
                d.invoiceType = 1;
            }
            case REPEAT, REPEAT_VARIANT -> {
                Draft src = titled.get(r.nextInt(titled.size()));
                d.title = d.kind == TitleKind.REPEAT ? src.title : variant(src.title, r);
                d.tax = src.tax;
                d.invoiceType = src.invoiceType;
                if (shops.size() > 1 && d.shop.equals(src.shop) && (!crossShopRepeat[0] || r.nextBoolean())) {
                    d.shop = shops.get((shops.indexOf(src.shop) + 1) % shops.size());
                }
                crossShopRepeat[0] |= !d.shop.equals(src.shop);
            }
            case EMPTY -> d.title = "";
            case NULL, MISSING -> d.title = null;
            case WHITESPACE -> d.title = "  ";
            case IDEOGRAPHIC_SPACE -> d.title = r.nextBoolean() ? "\u3000" : " \u3000 ";
            default -> throw new IllegalStateException(d.kind.toString());
        }
        if (d.tax == null) {
            d.tax = "";
        }
    }

    private static String variant(String title, Random r) {
        if (title.contains("（")) {
            return title.replace('（', '(').replace('）', ')');
        }
        return switch (r.nextInt(3)) {
            case 0 -> " " + title + " ";
            case 1 -> "\u3000" + title;
            default -> title + "\t";
        };
    }

    private static Map<String, Object> row(Draft d, long stockoutId, int seq) {
        Random r = new Random(d.random);
        LocalDateTime created = d.consign.minusMinutes(30 + r.nextInt(48 * 60));
        LocalDateTime tradeTime = created.minusMinutes(1 + r.nextInt(600));
        LocalDateTime payTime = tradeTime.plusSeconds(5 + r.nextInt(300));
        LocalDateTime modified = d.consign.plusSeconds(1 + r.nextInt(600));
        String day = d.consign.format(DAY);
        String tradeNo = "JY" + day + String.format("%04d", seq + 1);

        List<Map<String, Object>> details = new ArrayList<>();
        BigDecimal goodsCount = BigDecimal.ZERO;
        BigDecimal total = BigDecimal.ZERO;
        int lines = 1 + r.nextInt(3);
        for (int i = 0; i < lines; i++) {
            String[] g = GOODS[r.nextInt(GOODS.length)];
            BigDecimal num = BigDecimal.valueOf(1 + r.nextInt(3));
            BigDecimal price = new BigDecimal(g[4]);
            BigDecimal amount = price.multiply(num).setScale(4, RoundingMode.HALF_UP);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("rec_id", stockoutId * 10 + i);
            line.put("stockout_id", stockoutId);
            line.put("spec_no", g[0]);
            line.put("goods_no", g[1]);
            line.put("goods_name", g[2]);
            line.put("spec_name", g[3]);
            line.put("goods_count", num.setScale(4).toPlainString());
            line.put("sell_price", g[4]);
            line.put("total_amount", amount.toPlainString());
            line.put("share_amount", amount.toPlainString());
            line.put("share_post", "0.0000");
            line.put("gift_type", 0);
            line.put("modified", modified.format(TIME));
            details.add(line);
            goodsCount = goodsCount.add(num);
            total = total.add(amount);
        }
        BigDecimal post = r.nextInt(4) == 0 ? new BigDecimal("8.0000") : new BigDecimal("0.0000");
        BigDecimal receivable = total.add(post).setScale(4, RoundingMode.HALF_UP);

        Map<String, Object> o = new LinkedHashMap<>();
        o.put("stockout_id", stockoutId);
        o.put("order_no", "CK" + day + String.format("%04d", seq + 1));
        o.put("src_order_no", tradeNo);
        o.put("trade_no", tradeNo);
        o.put("src_tids", Long.toString(3_800_000_000_000_000_000L + Math.abs(r.nextLong() % 100_000_000_000_000_000L)));
        o.put("shop_no", d.shop);
        o.put("shop_name", shopName(d.shop));
        o.put("platform_id", 1);
        o.put("warehouse_no", "WH01");
        o.put("warehouse_name", "华东仓");
        o.put("status", d.status);
        o.put("trade_status", d.status);
        o.put("trade_type", 1);
        o.put("consign_time", d.consign.format(TIME));
        o.put("trade_time", tradeTime.format(TIME));
        o.put("pay_time", payTime.format(TIME));
        o.put("created", created.format(TIME));
        o.put("modified", modified.format(TIME));
        o.put("goods_count", goodsCount.setScale(4).toPlainString());
        o.put("goods_total_amount", total.toPlainString());
        o.put("post_amount", post.toPlainString());
        o.put("discount", "0.0000");
        o.put("receivable", receivable.toPlainString());
        o.put("paid", receivable.toPlainString());
        o.put("invoice_type", d.invoiceType);
        if (d.kind != TitleKind.MISSING) {
            o.put("invoice_title", d.title);
        }
        o.put("invoice_content", d.tax);
        o.put("logistics_no", "SF" + (1_000_000_000_000L + Math.abs(r.nextLong() % 9_000_000_000_000L)));
        o.put("receiver_name", "");
        o.put("receiver_mobile", "");
        o.put("receiver_address", "");
        o.put("buyer_nick", "");
        o.put("details_list", details);
        return o;
    }

    private static String shopName(String shopNo) {
        return switch (shopNo) {
            case "002" -> "天猫旗舰店";
            case "003" -> "京东旗舰店";
            case "004" -> "拼多多专营店";
            case "0071" -> "抖音小店";
            case "005" -> "淘宝C店";
            case "006" -> "唯品会店";
            case "007" -> "线下门店";
            case "0081" -> "快手小店";
            case "0091" -> "小红书店";
            default -> "店铺" + shopNo;
        };
    }

    private static final class Draft {
        TitleKind kind;
        String shop;
        LocalDateTime consign;
        int status;
        String title;
        String tax;
        int invoiceType;
        long random;
    }
}
