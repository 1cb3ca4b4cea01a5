package com.wdtkingdee.sync.customer;

/** An order whose shop has no organisation rule: permanent, the order is parked, never guessed. */
public class NoOrgRuleException extends RuntimeException {
    private final String shopNo;

    public NoOrgRuleException(String shopNo) {
        super("no organisation rule for shop_no " + shopNo);
        this.shopNo = shopNo;
    }

    public String shopNo() {
        return shopNo;
    }
}
