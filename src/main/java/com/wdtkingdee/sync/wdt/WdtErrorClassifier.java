package com.wdtkingdee.sync.wdt;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Retry classification of 旺店通 / Qimen failures (protocol reference §6).
 *
 * <ul>
 *   <li>HTTP: retry 5xx, 408 and 429; other statuses are not retried.</li>
 *   <li>MALFORMED: always retried (typically a proxy error page or a cut-off body).</li>
 *   <li>GATEWAY / BUSINESS, in this order: a code listed as not retryable → no; a code listed as retryable → yes;
 *       a sub_code starting with {@code isp.} (platform-side) or {@code accesscontrol.} (rate limit) → yes;
 *       anything else → no (an unknown error is surfaced, not hammered).</li>
 * </ul>
 */
public final class WdtErrorClassifier {

    /** Qimen 7 (App Call Limited), 15 (remote service error); openapi2 busy/system errors. */
    public static final Set<String> RETRYABLE_CODES =
            Set.of("7", "15", "1012", "1013", "1020", "1030", "1040", "1200", "1610");

    /**
     * openapi2 1060 (no credit); credentials/signature 2030/2060/2100, Qimen 25/29; Qimen 31 (clock);
     * invalid input 1/100/2104/2900/2220, Qimen 40/41.
     */
    public static final Set<String> NON_RETRYABLE_CODES =
            Set.of("1060", "2030", "2060", "2100", "25", "29", "31", "40", "41", "1", "100", "2104", "2900", "2220");

    private static final Pattern BAN = Pattern.compile("ban will last for (\\d+) more seconds",
            Pattern.CASE_INSENSITIVE);

    private WdtErrorClassifier() {
    }

    /** Whether an HTTP status outside 2xx is worth retrying. */
    public static boolean retryableHttp(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    /** Whether a failure of the given kind, code and sub code is worth retrying. */
    public static boolean retryable(WdtApiException.Kind kind, String code, String subCode) {
        switch (kind) {
            case MALFORMED:
                return true;
            case HTTP:
                return code != null && code.trim().matches("\\d{3}") && retryableHttp(Integer.parseInt(code.trim()));
            default:
                String c = code == null ? "" : code.trim();
                if (NON_RETRYABLE_CODES.contains(c)) {
                    return false;
                }
                if (RETRYABLE_CODES.contains(c)) {
                    return true;
                }
                String s = subCode == null ? "" : subCode.trim().toLowerCase(Locale.ROOT);
                return s.startsWith("isp.") || s.startsWith("accesscontrol.");
        }
    }

    /** The N of "This ban will last for N more seconds" in any of the texts, or null. */
    public static Long banSeconds(String... texts) {
        for (String t : texts) {
            if (t != null) {
                Matcher m = BAN.matcher(t);
                if (m.find()) {
                    try {
                        return Long.parseLong(m.group(1));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }
}
