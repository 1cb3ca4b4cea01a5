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
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((useOrg + "\n" + titleKey).getBytes(StandardCharsets.UTF_8));
            String hex = HexFormat.of().formatHex(digest, 0, 8).toUpperCase(Locale.ROOT);
            return prefix + useOrg + "-" + hex;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
