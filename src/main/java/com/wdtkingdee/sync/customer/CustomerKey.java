package com.wdtkingdee.sync.customer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Identity of a customer in this scheme: (use organisation, normalised invoice title).
 *
 * @param useOrg   Kingdee use-organisation number
 * @param titleKey {@link InvoiceTitles#normalise(String) normalised} invoice title
 */
public record CustomerKey(String useOrg, String titleKey) {

    public CustomerKey {
        Objects.requireNonNull(useOrg, "useOrg");
        Objects.requireNonNull(titleKey, "titleKey");
    }

    public static CustomerKey of(String useOrg, String invoiceTitle) {
        return new CustomerKey(useOrg, InvoiceTitles.normalise(invoiceTitle));
    }

    /** {@code useOrg|titleKey}: the registry's map key. */
    public String id() {
        return useOrg + "|" + titleKey;
    }

    /**
     * The stable FNumber of this key: {@code prefix + useOrg + "-" + 16 upper-case hex digits of
     * SHA-256(useOrg + "\n" + titleKey)}. Derived, so a lost registry still yields the same number and Kingdee's
     * duplicate-number answer still identifies the customer.
     */
    public String number(String prefix) {
        String hex = HexFormat.of().formatHex(digest(), 0, 8).toUpperCase(Locale.ROOT);
        return prefix + useOrg + "-" + hex;
    }

    /**
     * The 64 bits of the SHA-256 that the {@link #number FNumber} shows as hex digits. Two keys of one organisation
     * with the same value also share an FNumber, so a set of these values per organisation tells keys apart exactly
     * as far as Kingdee itself can.
     */
    public long digest64() {
        byte[] d = digest();
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (d[i] & 0xFF);
        }
        return v;
    }

    private byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest((useOrg + "\n" + titleKey).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
