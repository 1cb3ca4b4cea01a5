package com.wdtkingdee.sync.proof;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What Kingdee must hold after syncing some orders, derived here independently of the product: shipped statuses
 * only, blank titles dropped, the shop → organisation rule of {@code application.properties}, one customer per
 * (organisation, normalised title).
 *
 * @param taxCodesByKey  {@code org|normalised title} → the tax codes its orders carry
 * @param noRuleOrderNos stockout numbers of the orders of a shop without a rule (parked at {@code org-rule})
 * @param rejectedKeys   keys whose title Kingdee rejects (parked at {@code batch-save}, never created)
 */
record Expected(Map<String, Set<String>> taxCodesByKey, Set<String> noRuleOrderNos, Set<String> rejectedKeys) {

    static final Set<String> SHIPPED = Set.of("95", "105", "110", "113");
    /** The default rule of application.properties, written out again. */
    static final Map<String, String> RULE = Map.of("005", "DZ", "006", "DZ", "007", "DZ", "0081", "DZ",
            "0091", "DZ", "002", "BZ", "003", "BZ", "004", "BZ", "0071", "BZ");

    static Expected from(Collection<Map<String, Object>> orders) {
        return from(orders, Set.of());
    }

    /** @param rejectedTitles titles (as sent, stripped) that Kingdee rejects */
    static Expected from(Collection<Map<String, Object>> orders, Set<String> rejectedTitles) {
        Set<String> rejectedTitleKeys = rejectedTitles.stream().map(Expected::normalise).collect(Collectors.toSet());
        Map<String, Set<String>> byKey = new TreeMap<>();
        Set<String> noRule = new LinkedHashSet<>();
        Set<String> rejected = new LinkedHashSet<>();
        for (Map<String, Object> o : orders) {
            if (!SHIPPED.contains(String.valueOf(o.get("status")))) {
                continue;
            }
            Object title = o.get("invoice_title");
            if (blank(title)) {
                continue;
            }
            String org = RULE.get(String.valueOf(o.get("shop_no")));
            if (org == null) {
                noRule.add(String.valueOf(o.get("order_no")));
                continue;
            }
            String titleKey = normalise(title.toString());
            String key = org + "|" + titleKey;
            if (rejectedTitleKeys.contains(titleKey)) {
                rejected.add(key);
                continue;
            }
            byKey.computeIfAbsent(key, k -> new LinkedHashSet<>())
                    .add(Objects.toString(o.get("invoice_content"), "").strip());
        }
        return new Expected(byKey, noRule, rejected);
    }

    Set<String> keys() {
        return taxCodesByKey.keySet();
    }

    /** NFKC, the ideographic and other Unicode spaces as spaces, trimmed, inner whitespace collapsed. */
    static String normalise(String title) {
        String s = Normalizer.normalize(title, Normalizer.Form.NFKC).replace('\u3000', ' ');
        return s.strip().replaceAll("[\\s\\u00A0\\u200B\\uFEFF]+", " ");
    }

    static boolean blank(Object title) {
        return title == null || title.toString().replace('\u3000', ' ').replace('\u00A0', ' ').strip().isEmpty();
    }

    /** The FNumber the design promises for a key: {@code WDT-} org {@code -} 16 hex of SHA-256(org \n title). */
    static String number(String key) {
        int bar = key.indexOf('|');
        String org = key.substring(0, bar);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((org + "\n" + key.substring(bar + 1)).getBytes(StandardCharsets.UTF_8));
            return "WDT-" + org + "-" + HexFormat.of().formatHex(d, 0, 8).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Titles of the orders, in order, that would make customers (for picking titles to reject). */
    static List<String> titlesWithOneSpelling(Collection<Map<String, Object>> orders) {
        Map<String, Set<String>> spellings = new LinkedHashMap<>();
        for (Map<String, Object> o : orders) {
            Object t = o.get("invoice_title");
            if (!blank(t) && SHIPPED.contains(String.valueOf(o.get("status")))
                    && RULE.containsKey(String.valueOf(o.get("shop_no")))) {
                spellings.computeIfAbsent(normalise(t.toString()), k -> new LinkedHashSet<>()).add(t.toString());
            }
        }
        return spellings.values().stream().filter(s -> s.size() == 1).map(s -> s.iterator().next())
                .filter(t -> t.equals(t.strip())).toList();
    }
}
