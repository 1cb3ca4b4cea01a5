package com.wdtkingdee.sync.customer;

import java.text.Normalizer;

/**
 * Rules for 发票抬头 (invoice titles): what counts as blank, how a title is cleaned for display and how it is
 * normalised into the customer key (design section 3: Unicode NFKC, trim, collapse inner whitespace).
 */
public final class InvoiceTitles {

    private InvoiceTitles() {
    }

    /** Whitespace in the Unicode sense: Java whitespace, space separators (NBSP, U+3000) and zero-width marks. */
    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF;
    }

    /** True when the title is null, empty or made only of Unicode whitespace (including U+3000). */
    public static boolean isBlank(String title) {
        return title == null || title.codePoints().allMatch(InvoiceTitles::isSpace);
    }

    /** The title with leading and trailing Unicode whitespace removed (used for FName and FINVOICETITLE). */
    public static String clean(String title) {
        if (title == null) {
            return "";
        }
        int[] cps = title.codePoints().toArray();
        int from = 0;
        int to = cps.length;
        while (from < to && isSpace(cps[from])) {
            from++;
        }
        while (to > from && isSpace(cps[to - 1])) {
            to--;
        }
        return new String(cps, from, to - from);
    }

    /** The key form of a title: NFKC, trimmed, inner whitespace runs collapsed to one ASCII space. */
    public static String normalise(String title) {
        String nfkc = Normalizer.normalize(title == null ? "" : title, Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder(nfkc.length());
        boolean pendingSpace = false;
        for (int cp : nfkc.codePoints().toArray()) {
            if (isSpace(cp)) {
                pendingSpace = sb.length() > 0;
            } else {
                if (pendingSpace) {
                    sb.append(' ');
                    pendingSpace = false;
                }
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }
}
